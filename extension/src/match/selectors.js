// Targets other tools write: XPath, CSS, Fragment and Range selectors, verified by the quote
// (docs/matching.md §4a). A structural selector only narrows where the quote is looked for; the
// quote decides, through anchorQuote, or the target is an orphan. Without a quote only an HTML id
// (one element) or a URL text fragment places anything. Twin of server/footnote/match/selectors.py;
// no browser API: it runs on the live DOM and on linkedom.
import { anchorQuote, mergeSelectors } from './anchor.js';
import { normalize } from './normalize.js';
import { codePointsToUnits, unitsToCodePoints } from './offsets.js';
import { pageText } from './page-text.js';
import { findTextFragment, flatPage, parseTextDirective } from './text-fragment.js';
import { STRUCTURAL, selectorList } from './structural.js';

const HTML_FRAGMENT = 'http://tools.ietf.org/rfc/rfc3986';
const STEP =
  /^([A-Za-z_][\w.-]*|\*)(?:\[(\d+)\]|\[@([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')\])?$/;
const EDGE_SPACE = new Set([' ', '\n']);
// Values that are not HTML ids: media fragments (`xywh=…`, `t=…`, `page=…`), `xpointer(…)`.
const NOT_AN_ID = /[\s=()]/;

/** True when a fragment (without `#`) names an HTML element by its id. */
const isId = (value, conforms) =>
  Boolean(value) &&
  !value.includes(':~:') &&
  (conforms === undefined || conforms === null || conforms === HTML_FRAGMENT) &&
  !NOT_AN_ID.test(value);

const isElement = (node) => node.nodeType === 1;
const nameOf = (node) => String(node.localName || node.nodeName || '').toLowerCase();
const childrenOf = (node) => Array.from(node.childNodes || []);

/** A page read once for page text and selector resolution: `page` is pageText's result. */
export function loadPage(root, page = pageText(root)) {
  const starts = new Map(page.segments.map((s) => [s.node, s.start]));
  return { root, page, text: page.text, starts, ids: null };
}

/**
 * A page known only by its text (the background worker has no DOM): quotes and URL text
 * fragments anchor; XPath, CSS and ids resolve to nothing, so they only lose their hint.
 */
export function textOnlyPage(text) {
  return { root: null, page: { text, segments: [] }, text, starts: new Map(), ids: new Map() };
}

/** Every node under `node` in document order (not `node` itself). */
function descendants(node) {
  const out = [];
  const stack = [[childrenOf(node), 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top[1] >= top[0].length) {
      stack.pop();
      continue;
    }
    const child = top[0][top[1]++];
    out.push(child);
    stack.push([childrenOf(child), 0]);
  }
  return out;
}

const textNodes = (node) => descendants(node).filter((n) => n.nodeType === 3);
const dataOf = (node) => String(node.data ?? node.nodeValue ?? '');
const documentOf = (root) => (root.nodeType === 9 ? root : root.ownerDocument || root);

function bodyOf(root) {
  const doc = documentOf(root);
  if (doc.body) return doc.body;
  return descendants(doc).find((n) => isElement(n) && nameOf(n) === 'body') ?? null;
}

/**
 * Elements an XPath of the supported subset selects (docs/matching.md §4a), in page order: an
 * absolute path of child steps, each a name or `*` with `[n]` or `[@attr="v"]`; `//` may start
 * it; names case-insensitive; a path that finds nothing from the document is tried from <body>.
 */
export function resolveXPath(dom, value) {
  if (!dom.root || typeof value !== 'string' || !value.startsWith('/')) return [];
  const descendant = value.startsWith('//');
  const steps = [];
  for (const step of value.slice(descendant ? 2 : 1).split('/')) {
    const match = STEP.exec(step.trim());
    if (!match) return [];
    steps.push(match.slice(1));
  }
  const run = (start) => {
    let contexts = [start];
    if (descendant) contexts = contexts.concat(descendants(start).filter(isElement));
    for (const [name, index, attr, v1, v2] of steps) {
      const found = [];
      for (const context of contexts) {
        let matches = childrenOf(context).filter(
          (c) => isElement(c) && (name === '*' || nameOf(c) === name.toLowerCase()),
        );
        if (index !== undefined) {
          const n = Number(index);
          matches = n >= 1 ? matches.slice(n - 1, n) : [];
        } else if (attr !== undefined) {
          const want = v1 !== undefined ? v1 : v2;
          matches = matches.filter((c) => c.getAttribute(attr) === want);
        }
        found.push(...matches);
      }
      contexts = found;
    }
    return contexts;
  };
  let found = run(documentOf(dom.root));
  const body = bodyOf(dom.root);
  if (!found.length && !descendant && body) found = run(body);
  return found;
}

/** Elements a CSS selector selects, or [] when it is invalid. */
export function resolveCss(dom, value) {
  if (!dom.root || typeof value !== 'string' || !value.trim()) return [];
  try {
    return Array.from(documentOf(dom.root).querySelectorAll(value));
  } catch {
    return []; // a selector the engine cannot parse selects nothing
  }
}

/** Every element whose id is `value`. */
export function resolveId(dom, value) {
  if (dom.ids === null) {
    dom.ids = new Map();
    for (const node of descendants(documentOf(dom.root))) {
      const key = isElement(node) ? node.getAttribute('id') : null;
      if (!key) continue;
      if (!dom.ids.has(key)) dom.ids.set(key, []);
      dom.ids.get(key).push(node);
    }
  }
  return value ? [...(dom.ids.get(value) ?? [])] : [];
}

/** The page text an element covers, without white space at its edges; null when empty. */
export function elementSpan(dom, node) {
  let first = null;
  let last = null;
  for (const textNode of textNodes(node)) {
    const start = dom.starts.get(textNode);
    if (start === undefined) continue;
    if (first === null) first = start;
    last = start + dataOf(textNode).length;
  }
  if (first === null) return null;
  while (first < last && EDGE_SPACE.has(dom.text[first])) first++;
  while (last > first && EDGE_SPACE.has(dom.text[last - 1])) last--;
  return first < last ? [first, last] : null;
}

/**
 * The page offset (UTF-16) of code point `offset` of an element's text content; a point in
 * text that is not page text moves to the next page text (start) or the previous one (end).
 */
export function elementPoint(dom, node, offset, side) {
  if (!Number.isInteger(offset) || offset < 0) return null;
  const nodes = textNodes(node);
  let seen = 0;
  for (let i = 0; i < nodes.length; i++) {
    const data = dataOf(nodes[i]);
    const length = unitsToCodePoints(data, data.length);
    if (offset < seen + length || (side === 'end' && offset === seen + length)) {
      const start = dom.starts.get(nodes[i]);
      if (start !== undefined) return start + codePointsToUnits(data, offset - seen);
      if (side === 'start') {
        const later = nodes.slice(i + 1).find((n) => dom.starts.has(n));
        return later ? dom.starts.get(later) : null;
      }
      const earlier = nodes
        .slice(0, i)
        .reverse()
        .find((n) => dom.starts.has(n));
      return earlier ? dom.starts.get(earlier) + dataOf(earlier).length : null;
    }
    seen += length;
  }
  return null;
}

function elements(dom, selector) {
  if (selector.type === 'XPathSelector') return resolveXPath(dom, selector.value);
  if (selector.type === 'CssSelector') return resolveCss(dom, selector.value);
  return [];
}

const isPosition = (s) => s !== null && typeof s === 'object' && s.type === 'TextPositionSelector';

function refinedSpan(dom, node, refined) {
  if (isPosition(refined)) {
    const start = elementPoint(dom, node, refined.start, 'start');
    const end = elementPoint(dom, node, refined.end, 'end');
    return start !== null && end !== null && start < end ? [start, end] : null;
  }
  return elementSpan(dom, node);
}

function rangePoint(dom, selector, side) {
  if (!selector || typeof selector !== 'object') return null;
  const nodes = elements(dom, selector);
  if (nodes.length !== 1) return null;
  const refined = selector.refinedBy;
  if (isPosition(refined)) {
    const offset = side in refined ? refined[side] : refined.start;
    return elementPoint(dom, nodes[0], offset, side);
  }
  const span = elementSpan(dom, nodes[0]);
  return span === null ? null : span[side === 'start' ? 0 : 1];
}

/** Spans of a FragmentSelector: a URL text fragment, or the one element an HTML id names. */
export function fragmentSpans(dom, selector) {
  let value = selector.value;
  if (typeof value !== 'string') return [];
  if (value.startsWith('#')) value = value.slice(1);
  const directive = parseTextDirective(value);
  if (directive !== null) {
    const span = findTextFragment(dom.text, directive);
    return span ? [span] : [];
  }
  if (!isId(value, selector.conformsTo)) return []; // media fragments, PDF, SVG, XPointers
  let id;
  try {
    id = decodeURIComponent(value);
  } catch {
    return [];
  }
  const nodes = resolveId(dom, id);
  const span = nodes.length === 1 ? elementSpan(dom, nodes[0]) : null;
  return span ? [span] : [];
}

/** The page-text spans a structural selector points at (unverified), in page order. */
export function structuralSpans(dom, selector) {
  if (selector.type === 'RangeSelector') {
    const start = rangePoint(dom, selector.startSelector, 'start');
    const end = rangePoint(dom, selector.endSelector, 'end');
    return start !== null && end !== null && start < end ? [[start, end]] : [];
  }
  if (selector.type === 'FragmentSelector') return fragmentSpans(dom, selector);
  const nodes = elements(dom, selector);
  const refined = nodes.length === 1 ? selector.refinedBy : undefined;
  return nodes.map((n) => refinedSpan(dom, n, refined)).filter((s) => s !== null);
}

const flatTerm = (text) =>
  normalize(text)
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');

function lowerBound(array, value, hi) {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the quote starts inside the spans, when it occurs there exactly once (UTF-16). */
function quoteHint(text, exact, spans) {
  const wanted = flatTerm(exact);
  if (!wanted) return undefined;
  const { norm, flat } = flatPage(text);
  const size = norm.text.length;
  const found = [];
  for (const [start, end] of spans) {
    const lo = lowerBound(norm.map, start, size);
    const hi = lowerBound(norm.map, end, size);
    for (let i = flat.indexOf(wanted, lo); i !== -1 && found.length < 2;) {
      if (i + wanted.length > hi) break;
      found.push(norm.map[i]);
      i = flat.indexOf(wanted, i + 1);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Places one target on a page read by loadPage: {start, end, score} (UTF-16 page offsets) or
 * null. With a quote the quote anchors (structural selectors only give the position hint when
 * the quote occurs exactly once where they point); without one, an HTML id naming exactly one
 * element with text, or a URL text fragment; anything else is an orphan.
 */
export function anchorTarget(dom, target) {
  const selectors = selectorList(target);
  let quote = selectors.find((s) => s.type === 'TextQuoteSelector') ?? null;
  const position = selectors.find((s) => s.type === 'TextPositionSelector') ?? null;
  const structural = selectors.filter((s) => STRUCTURAL.includes(s.type));
  if (quote === null) {
    quote =
      structural
        .filter((s) => s.type !== 'RangeSelector')
        .map((s) => s.refinedBy)
        .find((r) => r && typeof r === 'object' && r.type === 'TextQuoteSelector') ?? null;
  }
  if (quote !== null && typeof quote.exact === 'string' && quote.exact) {
    const merged = mergeSelectors(position ? [quote, position] : [quote]);
    let hint;
    for (const selector of structural) {
      hint = quoteHint(dom.text, quote.exact, structuralSpans(dom, selector));
      if (hint !== undefined) break;
    }
    return anchorQuote(dom.text, merged, { hint });
  }
  for (const selector of structural) {
    if (selector.type !== 'FragmentSelector') continue;
    const spans = fragmentSpans(dom, selector);
    if (spans.length === 1) return { start: spans[0][0], end: spans[0][1], score: 1 };
  }
  return null;
}

const SEVERAL = ['Composite', 'List', 'Independents'];

/** The targets an annotation's `target` holds (a list, or a Composite's, List's… items). */
export function pageTargets(target) {
  const out = [];
  for (const item of Array.isArray(target) ? target : [target]) {
    const kinds = item && typeof item === 'object' ? [].concat(item.type) : [];
    if (kinds.some((k) => SEVERAL.includes(k))) out.push(...pageTargets(item.items ?? []));
    else out.push(item);
  }
  return out;
}

/** The page a target is about: an IRI, a resource's id, or a SpecificResource's source. */
export function targetSource(target) {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return null;
  let source = 'source' in target ? target.source : 'selector' in target ? null : target.id;
  if (source && typeof source === 'object') source = source.id;
  return typeof source === 'string' ? source : null;
}

const hasText = (s) => typeof s?.exact === 'string' && s.exact !== '';

function hasQuote(selector) {
  if (selector.type === 'TextQuoteSelector') return hasText(selector);
  const refined = selector.refinedBy;
  return (
    ['XPathSelector', 'CssSelector', 'FragmentSelector'].includes(selector.type) &&
    refined?.type === 'TextQuoteSelector' &&
    hasText(refined)
  );
}

const carriesText = (s) =>
  s.type === 'FragmentSelector' &&
  typeof s.value === 'string' &&
  parseTextDirective(s.value.replace(/^#/, '')) !== null;

/** Why one target cannot be placed on a web page (docs/matching.md §4a), or null. */
export function notPlaceable(target) {
  if (targetSource(target) === null) return 'the target names no web page';
  if (!target || typeof target !== 'object' || !('selector' in target)) return null;
  const items = [].concat(target.selector);
  if (items.some((s) => !s || typeof s !== 'object')) {
    return 'a link to a selector, not the selector itself';
  }
  if (items.some((s) => hasQuote(s) || carriesText(s))) return null;
  const kinds = [...new Set(items.map((s) => String(s.type)))].join(', ');
  return `${kinds} without a quote (TextQuoteSelector) to verify it against`;
}
