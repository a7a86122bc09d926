// Footnote's engine as a contender: page text once per page, anchorQuote per quote, and the
// result turned into a DOM Range through rangeSegments (what the content script highlights).
import {
  anchorQuote,
  describeQuote,
  mergeSelectors,
  pageText,
  prepare,
  rangeSegments,
} from '../../extension/src/match/index.js';

const described = new WeakMap();

function pageWithIndex(root) {
  let entry = described.get(root);
  if (entry === undefined) {
    const page = pageText(root);
    const starts = new Map(page.segments.map((segment) => [segment.node, segment.start]));
    entry = { page, starts };
    described.set(root, entry);
  }
  return entry;
}

function nodeAfter(node) {
  let at = node;
  while (at !== null && at.nextSibling === null) at = at.parentNode;
  return at === null ? null : at.nextSibling;
}

// Page-text offset (UTF-16) of a DOM boundary point: inside a text node of the page text, or at
// the start of the next one.
function pageOffset({ page, starts }, root, container, offset) {
  const start = starts.get(container);
  if (start !== undefined) return start + offset;
  let from;
  if (container.nodeType === Node.TEXT_NODE) from = nodeAfter(container);
  else if (offset < container.childNodes.length) from = container.childNodes[offset];
  else from = nodeAfter(container);
  if (from === null) return page.text.length;
  if (starts.has(from)) return starts.get(from);
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  walker.currentNode = from;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (starts.has(node)) return starts.get(node);
  }
  return page.text.length;
}

export const footnote = {
  name: 'Footnote',
  describe(root, range) {
    const entry = pageWithIndex(root);
    const start = pageOffset(entry, root, range.startContainer, range.startOffset);
    const end = pageOffset(entry, root, range.endContainer, range.endOffset);
    return mergeSelectors(describeQuote(entry.page.text, start, end));
  },
  prepare(root) {
    return { root, page: pageText(root) };
  },
  forget() {
    prepare(''); // the engine keeps the last page's normalised text
  },
  anchor({ root, page }, selector) {
    const found = anchorQuote(page.text, selector);
    if (found === null) return null;
    const segments = rangeSegments(page, found.start, found.end);
    if (segments.length === 0) return null;
    const range = root.ownerDocument.createRange();
    range.setStart(segments[0].node, segments[0].start);
    const last = segments[segments.length - 1];
    range.setEnd(last.node, last.end);
    return range;
  },
};
