// The anchoring contenders, each used as its authors use it: `describe(root, range)` makes the
// selector on the source page (not timed), `prepare(root)` + `anchor(state, selector)` find it on
// the target page and return a DOM Range or null (timed together, per page).
import * as textQuote from 'dom-anchor-text-quote';
import * as textPosition from 'dom-anchor-text-position';
import { createTextQuoteSelectorMatcher, describeTextQuote } from '@apache-annotator/dom';
import * as hypothesis from './hypothesis_quote.js';
import { footnote } from './footnote_contender.js';

/** dom-anchor-text-quote: textContent, diff-match-patch bitap, position hint. */
const domAnchorTextQuote = {
  name: 'dom-anchor-text-quote',
  describe(root, range) {
    const selector = textQuote.fromRange(root, range);
    return { ...selector, hint: textPosition.fromRange(root, range).start };
  },
  prepare: (root) => root,
  anchor(root, selector) {
    return textQuote.toRange(
      root,
      {
        exact: selector.exact,
        prefix: selector.prefix,
        suffix: selector.suffix,
      },
      { hint: selector.hint },
    );
  },
};

/** @apache-annotator/dom: exact quote with exactly matching prefix and suffix; first match wins. */
const apacheAnnotator = {
  name: '@apache-annotator/dom',
  async describe(root, range) {
    const { exact, prefix, suffix } = await describeTextQuote(range, root);
    return { type: 'TextQuoteSelector', exact, prefix, suffix };
  },
  prepare: (root) => root,
  async anchor(root, selector) {
    const matches = createTextQuoteSelectorMatcher(selector)(root);
    const first = await matches.next();
    await matches.return();
    return first.done ? null : first.value;
  },
};

function textNodeIndex(root) {
  const nodes = [];
  const starts = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let length = 0;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    nodes.push(node);
    starts.push(length);
    length += node.data.length;
  }
  return { nodes, starts };
}

function locateOffset(index, offset, isEnd) {
  const { nodes, starts } = index;
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const before = isEnd ? starts[mid] < offset : starts[mid] <= offset;
    if (before) lo = mid;
    else hi = mid - 1;
  }
  return [nodes[lo], offset - starts[lo]];
}

/** approx-string-match as the Hypothesis client uses it, over textContent. */
const hypothesisClient = {
  name: 'approx-string-match (Hypothesis)',
  describe(root, range) {
    const { start, end } = textPosition.fromRange(root, range);
    return hypothesis.describeQuote(root.textContent, start, end);
  },
  prepare(root) {
    return { text: root.textContent, index: textNodeIndex(root), root };
  },
  anchor(state, selector) {
    const match = hypothesis.anchorQuote(state.text, selector);
    if (match === null) return null;
    const range = state.root.ownerDocument.createRange();
    range.setStart(...locateOffset(state.index, match.start, false));
    range.setEnd(...locateOffset(state.index, match.end, true));
    return range;
  },
};

export const contenders = [footnote, domAnchorTextQuote, apacheAnnotator, hypothesisClient];
