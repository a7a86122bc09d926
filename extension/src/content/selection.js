/**
 * Turns the reader's selection into W3C selectors on the engine's page text. Marks are taken out
 * first (the engine does not read text inside Footnote's own elements), so the selection is carried
 * across as character offsets of the document's text nodes, which unwrapping does not change.
 */
import { describeQuote, pageText } from '../match/index.js';

/** Offset of a DOM boundary point counted in the text of every Text node under `root`. */
export function textOffset(root, node, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** A DOM Range for text offsets under `root` (what captureSelection returned). */
export function rangeAt(root, captured) {
  const start = boundaryAt(root, captured.start, true);
  const end = boundaryAt(root, captured.end, false);
  if (!start || !end) return null;
  const range = document.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return range;
}

function boundaryAt(root, target, isStart) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (isStart ? seen + length > target : seen + length >= target)
      return { node, offset: target - seen };
    seen += length;
    last = node;
  }
  return last ? { node: last, offset: last.data.length } : null;
}

function pageOffset(page, boundary, isStart) {
  const { node, offset } = boundary;
  const segment = page.segments.find((s) => s.node === node);
  if (segment) return segment.start + Math.min(offset, segment.length);
  // The node is not page text (hidden, a script): snap to the nearest page text after/before it.
  const follows = (s) => node.compareDocumentPosition(s.node) & Node.DOCUMENT_POSITION_FOLLOWING;
  if (isStart) {
    const next = page.segments.find(follows);
    return next ? next.start : page.text.length;
  }
  const before = page.segments.filter((s) => !follows(s));
  const prev = before[before.length - 1];
  return prev ? prev.start + prev.length : 0;
}

/** Captures a live selection range as text offsets under `root`, before marks are removed. */
export function captureSelection(root, range) {
  if (!root.contains(range.commonAncestorContainer)) return null;
  return {
    start: textOffset(root, range.startContainer, range.startOffset),
    end: textOffset(root, range.endContainer, range.endOffset),
  };
}

function asSelectorList(described) {
  if (Array.isArray(described)) return described;
  if (described && typeof described === 'object') {
    return Object.values(described).filter((s) => s && typeof s === 'object' && s.type);
  }
  return [];
}

/**
 * Describes captured offsets (on a document without marks) as W3C selectors.
 * Returns {quote: {exact, prefix, suffix}, selectors: [TextQuoteSelector, TextPositionSelector]} or
 * null when the selection holds no page text.
 */
export function describeCaptured(root, captured) {
  const page = pageText(root);
  const startBoundary = boundaryAt(root, captured.start, true);
  const endBoundary = boundaryAt(root, captured.end, false);
  if (!startBoundary || !endBoundary) return null;
  let start = pageOffset(page, startBoundary, true);
  let end = pageOffset(page, endBoundary, false);
  while (start < end && /\s/.test(page.text[start])) start += 1;
  while (end > start && /\s/.test(page.text[end - 1])) end -= 1;
  if (end <= start) return null;
  const selectors = asSelectorList(describeQuote(page.text, start, end));
  const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
  if (!quote) return null;
  return { quote, selectors };
}
