// Visible page text of a DOM tree, block boundaries as line breaks (docs/matching.md §1).
// Uses only nodeType, childNodes, data, localName/nodeName and getAttribute, so it runs on the
// live DOM, on linkedom and on plain objects shaped like DOM nodes.

const SKIPPED = new Set(
  (
    'head title script style template noscript iframe object embed svg canvas video audio ' +
    'select textarea'
  ).split(' '),
);
const BLOCKS = new Set(
  (
    'address article aside blockquote body br caption center dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li ' +
    'main menu nav ol option p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
const HIDDEN_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)/i;
const HTML_SPACE = /[\t\n\r\f]/g;
const ONLY_HTML_SPACE = /^[ \t\n\r\f]+$/;

function elementName(node) {
  return String(node.localName || node.nodeName || '').toLowerCase();
}

function attribute(node, name) {
  return typeof node.getAttribute === 'function' ? node.getAttribute(name) : null;
}

/** True for an element name that is never page text: skipped, or Footnote's own UI. */
function excludedName(name) {
  // <footnote-mark> wraps the page's own text (a highlight), so it stays; the rest of Footnote's
  // elements are its UI.
  return SKIPPED.has(name) || (name.startsWith('footnote-') && name !== 'footnote-mark');
}

/** The attributes page text depends on, as one selector a DOM element is tested against. */
const READ_ATTRIBUTES = '[hidden], [data-footnote-ui], [aria-hidden], [style], [lang]';

/**
 * False for a DOM element known to have none of the attributes page text reads (one selector
 * match instead of five attribute look-ups; most elements have none).
 */
function mayHaveAttributes(node) {
  return typeof node.matches !== 'function' || node.matches(READ_ATTRIBUTES);
}

/** True for elements whose subtree is not page text (skipped, hidden, or Footnote's own UI). */
export function isExcluded(node) {
  const name = elementName(node);
  if (excludedName(name)) return true;
  return mayHaveAttributes(node) && excludedByAttributes(node);
}

function excludedByAttributes(node) {
  if (attribute(node, 'hidden') !== null || attribute(node, 'data-footnote-ui') !== null) {
    return true;
  }
  const aria = attribute(node, 'aria-hidden');
  if (aria !== null && aria.trim().toLowerCase() === 'true') return true;
  const style = attribute(node, 'style');
  return style !== null && HIDDEN_STYLE.test(style);
}

/** The BCP 47 primary subtag, lower case ("de-AT" → "de"), or null. */
export function primaryLanguage(tag) {
  if (!tag) return null;
  const primary = String(tag).trim().split(/[-_]/)[0].toLowerCase();
  return primary || null;
}

function documentLanguage(root) {
  const doc = root.nodeType === 9 ? root : root.ownerDocument;
  const html = doc && doc.documentElement ? doc.documentElement : root;
  return primaryLanguage(attribute(html, 'lang'));
}

/** The language `root` inherits from its ancestors' `lang` attributes, or null. */
function inheritedLanguage(root) {
  for (let node = root.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    const value = attribute(node, 'lang');
    if (value !== null) return primaryLanguage(value);
  }
  return null;
}

/** Language runs of the text as it is appended: adjacent pieces of one language merge. */
function languageRuns() {
  const runs = [];
  return {
    add(start, end, lang) {
      if (lang === null || end <= start) return;
      const lastRun = runs[runs.length - 1];
      if (lastRun && lastRun.end === start && lastRun.lang === lang) lastRun.end = end;
      else runs.push({ start, end, lang });
    },
    clipped(length) {
      return runs
        .filter((r) => r.start < length)
        .map((r) => ({ ...r, end: Math.min(r.end, length) }));
    },
  };
}

/**
 * The elements under `root` (root included) that carry an attribute page text reads, found by one
 * native query, or null where there is no querySelectorAll: testing a Set is cheaper than asking
 * every element to match a selector, and most elements carry none of them.
 */
function flaggedElements(root) {
  if (typeof root.querySelectorAll !== 'function') return null;
  const flagged = new Set(root.querySelectorAll(READ_ATTRIBUTES));
  if (root.nodeType === 1 && mayHaveAttributes(root)) flagged.add(root);
  return flagged;
}

/** A stack frame of the walk: an element's children still to visit, and what they inherit. */
function frame(node, block, pre, lang) {
  const dom = node.nodeType === 1 && node.firstChild !== undefined;
  return {
    next: dom ? node.firstChild : null,
    nodes: dom ? null : node.childNodes || [],
    index: 0,
    block,
    pre,
    lang,
  };
}

/**
 * Extract the visible text under `root` (a document or element).
 * Returns {text, lang, segments, langs}: segments are {node, start, length} for each text node, in
 * order, `start` being its offset in `text` (UTF-16); `langs` are {start, end, lang} runs of text
 * whose language the nearest `lang` attribute gives (unknown stretches left out).
 * `options.isHidden(element)` may add a check (e.g. computed style in a browser); it is never
 * required.
 */
export function pageText(root, options = {}) {
  const isHidden = options.isHidden;
  const parts = [];
  const segments = [];
  const runs = languageRuns();
  let length = 0;
  let last = '';
  const newline = (lang) => {
    if (length && last !== '\n') {
      parts.push('\n');
      runs.add(length, length + 1, lang);
      length += 1;
      last = '\n';
    }
  };
  const whole = root.nodeType === 9 || root.nodeType === 11;
  const flagged = flaggedElements(root);
  // Explicit stack: deep pages must not overflow the call stack.
  const rootLang = whole ? null : inheritedLanguage(root);
  const stack = [
    whole
      ? frame(root, false, false, rootLang)
      : { next: null, nodes: [root], index: 0, block: false, pre: false, lang: rootLang },
  ];
  while (stack.length) {
    const top = stack[stack.length - 1];
    // The next child, inline: this loop runs once per node, mostly before the JIT has compiled it.
    let node = null;
    if (top.nodes === null) {
      node = top.next;
      if (node) top.next = node.nextSibling;
    } else if (top.index < top.nodes.length) {
      node = top.nodes[top.index++];
    }
    if (!node) {
      stack.pop();
      if (top.block) newline(stack.length ? stack[stack.length - 1].lang : null);
      continue;
    }
    if (node.nodeType === 3) {
      let data = String(node.data ?? node.nodeValue ?? '');
      if (!top.pre && ONLY_HTML_SPACE.test(data)) {
        // White space between tags reads as one space (as beautifulsoup4 keeps it); no segment.
        parts.push(' ');
        runs.add(length, length + 1, top.lang);
        length += 1;
        last = ' ';
        continue;
      }
      data = data.replace(HTML_SPACE, ' ');
      if (data) {
        segments.push({ node, start: length, length: data.length });
        parts.push(data);
        runs.add(length, length + data.length, top.lang);
        length += data.length;
        last = data[data.length - 1];
      }
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = elementName(node);
    const attributes = flagged ? flagged.has(node) : mayHaveAttributes(node);
    if (excludedName(name) || (attributes && excludedByAttributes(node))) continue;
    if (isHidden && isHidden(node)) continue;
    const block = BLOCKS.has(name);
    if (block) newline(top.lang);
    const own = attributes ? attribute(node, 'lang') : null;
    stack.push(
      frame(node, block, top.pre || name === 'pre', own === null ? top.lang : primaryLanguage(own)),
    );
  }
  let text = parts.join('');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  return { text, lang: documentLanguage(root), segments, langs: runs.clipped(text.length) };
}

/**
 * The text-node pieces of page text [start, end) (UTF-16 offsets): [{node, start, end}] with
 * offsets inside each node's data, ready to be wrapped in <footnote-mark>.
 */
export function rangeSegments(page, start, end) {
  const segs = page.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start + segs[mid].length <= start) lo = mid + 1;
    else hi = mid;
  }
  const out = [];
  for (let k = lo; k < segs.length && segs[k].start < end; k++) {
    const seg = segs[k];
    const s = Math.max(start, seg.start) - seg.start;
    const e = Math.min(end, seg.start + seg.length) - seg.start;
    if (e > s) out.push({ node: seg.node, start: s, end: e });
  }
  return out;
}
