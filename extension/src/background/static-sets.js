/**
 * Sets hosted anywhere (issue 5 part 8): a W3C AnnotationCollection exported by Footnote and put on
 * any web server. Pure parsing here (no browser API); fetching lives in sync.js.
 */

import { notPlaceable, pageTargets, targetSource } from '../match/selectors.js';
import { KIND } from '../shared/vocabulary.js';

const asArray = (value) => (value === undefined || value === null ? [] : [].concat(value));

/** Strips a JSON-LD prefix (`fn:ClaimPatternSelector` → `ClaimPatternSelector`). */
function localName(type) {
  const text = String(type ?? '');
  const colon = text.lastIndexOf(':');
  const hash = text.lastIndexOf('#');
  return text.slice(Math.max(colon, hash) + 1);
}

function typesOf(node) {
  return asArray(node?.type ?? node?.['@type']).map(localName);
}

function field(node, name) {
  return node?.[name] ?? node?.[`fn:${name}`];
}

function bodiesOf(annotation) {
  return asArray(annotation.body).map((body) =>
    typeof body === 'string' ? { value: body } : body,
  );
}

function selectorsOf(annotation) {
  const selectors = [];
  for (const target of asArray(annotation.target)) {
    if (typeof target !== 'object') continue;
    for (const selector of asArray(target.selector)) {
      if (selector && typeof selector === 'object') selectors.push(selector);
    }
  }
  return selectors;
}

const httpSource = (source) => typeof source === 'string' && /^https?:\/\//i.test(source);

/**
 * A note whose W3C target is more than one page with an optional quote (several targets, a
 * text fragment, a quote refining another selector) is placed through its original targets, as
 * the service's wire `targets` says (docs/wire-format.md); one the engine cannot place is kept
 * only. Returns the fields to add to the record.
 */
function originalTargets(annotation) {
  const originals = pageTargets(annotation.target);
  const only = originals.length === 1 ? originals[0] : null;
  const selectors = only && typeof only === 'object' ? [].concat(only.selector ?? []) : [];
  const simple =
    only !== null &&
    selectors.every((s) => ['TextQuoteSelector', 'TextPositionSelector'].includes(s?.type)) &&
    (selectors.length === 0 || selectors.some((s) => s.type === 'TextQuoteSelector'));
  if (simple) return {};
  const targets = originals
    .filter((t) => notPlaceable(t) === null && httpSource(targetSource(t)))
    .map((t) => ({
      source: targetSource(t),
      ...(t && typeof t === 'object' && 'selector' in t ? { selector: t.selector } : {}),
    }));
  if (targets.length) return { targets };
  const reason = notPlaceable(originals[0]) ?? 'Footnote cannot place this target on a page';
  return { placeable: false, placeableReason: reason };
}

function sourceOf(annotation) {
  for (const target of pageTargets(annotation.target)) {
    const source = targetSource(target);
    if (source) return source;
  }
  return null;
}

/**
 * Converts one W3C annotation (Footnote's or anyone's) to the shape the API returns, so the rest of
 * the extension handles static and service sets alike. Returns null for annotations it cannot show.
 */
export function fromW3C(annotation, setId) {
  if (!annotation || typeof annotation !== 'object' || !annotation.id) return null;
  const selectors = selectorsOf(annotation);
  const claim = selectors.find((s) => typesOf(s).includes('ClaimPatternSelector'));
  const site = selectors.find((s) => typesOf(s).includes('UrlPatternSelector'));
  const quote = selectors.find((s) => typesOf(s).includes('TextQuoteSelector'));
  const position = selectors.find((s) => typesOf(s).includes('TextPositionSelector'));
  const source = sourceOf(annotation);
  const kind = field(annotation, 'kind') ?? (claim ? KIND.CLAIM : site ? KIND.SITE : KIND.NOTE);
  const bodies = bodiesOf(annotation);
  const tags = [
    ...asArray(field(annotation, 'tags')),
    ...bodies.filter((b) => b.purpose === 'tagging').map((b) => b.value),
  ].filter((t) => typeof t === 'string');
  const textBody = bodies.find((b) => b.purpose !== 'tagging' && typeof b.value === 'string');
  let target;
  if (kind === KIND.CLAIM && claim)
    target = { selector: { ...claim, type: 'ClaimPatternSelector' } };
  else if (kind === KIND.SITE && site)
    target = { selector: { ...site, type: 'UrlPatternSelector' } };
  else if (source) {
    const selector = [];
    if (quote) selector.push({ ...quote, type: 'TextQuoteSelector' });
    if (position) selector.push({ ...position, type: 'TextPositionSelector' });
    target = selector.length ? { source, selector } : { source };
  } else return null;
  const creator = asArray(annotation.creator)[0];
  return {
    id: annotation.id,
    type: 'Annotation',
    kind,
    motivation: annotation.motivation ?? (kind === KIND.NOTE ? 'commenting' : 'assessing'),
    body: textBody
      ? [
          {
            type: 'TextualBody',
            value: textBody.value,
            format: textBody.format === 'text/html' ? 'text/html' : 'text/plain',
          },
        ]
      : [],
    ...(kind === KIND.NOTE ? originalTargets(annotation) : {}),
    ...(field(annotation, 'placeable') === false
      ? { placeable: false, placeableReason: field(annotation, 'placeableReason') ?? null }
      : {}),
    verdict: field(annotation, 'verdict') ?? null,
    sources: asArray(field(annotation, 'sources')).filter((s) => s && typeof s.id === 'string'),
    tags,
    target,
    document: field(annotation, 'document') ?? null,
    creator:
      typeof creator === 'string'
        ? { name: creator }
        : creator
          ? { name: creator.name ?? creator.nickname ?? creator.id }
          : null,
    created: annotation.created ?? null,
    modified: annotation.modified ?? annotation.created ?? null,
    set: setId,
  };
}

/**
 * Reads a static set document: an AnnotationCollection (pages embedded, or linked by URL), an
 * AnnotationPage, an array or one annotation. Returns the title, the embedded annotations and the
 * URL of the next page to fetch, if any.
 */
export function parseStaticDocument(doc) {
  if (Array.isArray(doc)) return { title: null, items: doc, next: null };
  if (!doc || typeof doc !== 'object')
    throw new Error('The set file is not a JSON object or array');
  const types = typesOf(doc);
  if (types.includes('AnnotationCollection')) {
    const title = typeof doc.label === 'string' ? doc.label : (asArray(doc.label)[0] ?? null);
    const first = doc.first;
    if (first === undefined) return { title, items: asArray(doc.items), next: null };
    if (typeof first === 'string') return { title, items: [], next: first };
    const page = parseStaticDocument(first);
    return { title: title ?? page.title, items: page.items, next: page.next };
  }
  if (types.includes('AnnotationPage')) {
    const items = asArray(doc.items);
    if (doc.next && typeof doc.next === 'object' && doc.next.items) {
      const rest = parseStaticDocument(doc.next);
      return { title: null, items: items.concat(rest.items), next: rest.next };
    }
    const next = typeof doc.next === 'string' ? doc.next : (doc.next?.id ?? null);
    return { title: null, items, next };
  }
  if (types.includes('Annotation')) return { title: null, items: [doc], next: null };
  throw new Error('The set file is not a W3C AnnotationCollection, AnnotationPage or Annotation');
}

/** Builds stored set data from parsed W3C items. */
export function setDataFromItems(items, setId) {
  const annotations = {};
  for (const item of items) {
    const converted = fromW3C(item, setId);
    if (converted) annotations[converted.id] = converted;
  }
  return { annotations };
}
