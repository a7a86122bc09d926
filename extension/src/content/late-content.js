/**
 * Late content: pages that add or change text after load (infinite scroll, comments, single-page
 * apps). A MutationObserver collects the changed subtrees that are not Footnote's own and, once
 * the page has been quiet for a moment, hands the outermost of them over to be matched.
 */

/** How long the page must be quiet before changed content is matched (milliseconds). */
export const LATE_CONTENT_DELAY_MS = 300;

const ELEMENT_NODE = 1;
const WATCHED = { childList: true, subtree: true, characterData: true };

/** The elements a batch of mutations changed, leaving out Footnote's own UI and marks. */
export function changedElements(mutations, isOurs) {
  const changed = [];
  for (const mutation of mutations) {
    const target =
      mutation.target.nodeType === ELEMENT_NODE ? mutation.target : mutation.target.parentElement;
    if (!target || isOurs(target)) continue;
    if (mutation.type === 'characterData') changed.push(target);
    for (const node of mutation.addedNodes) {
      if (isOurs(node)) continue;
      changed.push(node.nodeType === ELEMENT_NODE ? node : target);
    }
  }
  return changed;
}

/** The nodes no other node of the list contains. */
export function outermost(nodes) {
  return nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node)));
}

/**
 * Watches `document.body` and calls `onContent(roots)` with the outermost changed subtrees still
 * in the page, `delay` ms after the last change. Returns `paused(work)`, which runs DOM changes
 * of our own unseen (the observer is disconnected around them), and `stop()`.
 */
export function watchLateContent({
  document,
  isOurs,
  onContent,
  delay = LATE_CONTENT_DELAY_MS,
  Observer = globalThis.MutationObserver,
}) {
  const pending = new Set();
  let timer = null;
  const observer = new Observer((mutations) => {
    for (const element of changedElements(mutations, isOurs)) pending.add(element);
    if (!pending.size) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const roots = [...pending].filter((node) => node.isConnected);
      pending.clear();
      onContent(outermost(roots));
    }, delay);
  });
  const observe = () => observer.observe(document.body, WATCHED);
  observe();
  return {
    paused(work) {
      observer.disconnect();
      try {
        return work();
      } finally {
        observe();
      }
    },
    stop() {
      observer.disconnect();
      clearTimeout(timer);
      pending.clear();
    },
  };
}
