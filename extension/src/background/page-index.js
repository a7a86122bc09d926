/**
 * What a page shows, worked out in the background from the locally stored sets: claim labels
 * matched against the page text, notes anchored on this URL, site banners. No browser API and no
 * network here; the page text never leaves the browser.
 */
import {
  anchorQuote,
  anchorTarget,
  compileLabels,
  matchClaims,
  textOnlyPage,
  urlMatches,
} from '../match/index.js';
import { normalizeUrl } from '../shared/urls.js';
import { KIND, LOST_ACCESS, canWriteAs } from '../shared/vocabulary.js';

const asArray = (value) => (value === undefined || value === null ? [] : [].concat(value));

/** The selector of a given type in an annotation's target. */
export function selectorOf(annotation, type) {
  return asArray(annotation.target?.selector).find((s) => s?.type === type) ?? null;
}

function textBody(annotation) {
  return asArray(annotation.body).find(
    (b) => b && b.purpose !== 'tagging' && typeof b.value === 'string',
  );
}

function bodyText(annotation) {
  return textBody(annotation)?.value ?? '';
}

/** True when the reader may edit annotations of this follow. */
export function canEdit(follow) {
  return follow.kind !== 'static' && canWriteAs(follow.role);
}

const SERVICE_ANNOTATION = /^(https?:\/\/.+)\/api\/annotations\/([^/?#]+)$/;
const httpUrl = (value) =>
  typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;

/**
 * Where a card leads: the annotation's own page and its set's page on the service (found from
 * the annotation's URL id), or, for a set file, the file itself and the annotation's id when it
 * is a web address.
 */
export function linksOf(annotation, follow) {
  const onService = SERVICE_ANNOTATION.exec(String(annotation.id ?? ''));
  if (follow.kind !== 'static' && onService) {
    const [, base, id] = onService;
    return {
      permalink: `${base}/annotations/${id}`,
      setUrl: follow.setId ? `${base}/sets/${encodeURIComponent(follow.setId)}` : null,
    };
  }
  const file = httpUrl(follow.url);
  return { permalink: httpUrl(annotation.id) ?? file, setUrl: file };
}

/** The plain record the content script draws and the card shows. */
export function toRecord(annotation, follow) {
  const key = `${follow.id}#${annotation.id}`;
  const quote = selectorOf(annotation, 'TextQuoteSelector');
  const position = selectorOf(annotation, 'TextPositionSelector');
  const claim = selectorOf(annotation, 'ClaimPatternSelector');
  const site = selectorOf(annotation, 'UrlPatternSelector');
  return {
    key,
    id: annotation.id,
    followId: follow.id,
    setTitle: follow.title ?? follow.setId ?? follow.url ?? '',
    ...linksOf(annotation, follow),
    canEdit: canEdit(follow),
    kind: annotation.kind ?? (claim ? KIND.CLAIM : site ? KIND.SITE : KIND.NOTE),
    motivation: annotation.motivation ?? null,
    verdict: annotation.verdict ?? null,
    text: bodyText(annotation),
    textFormat: textBody(annotation)?.format === 'text/html' ? 'text/html' : 'text/plain',
    // The service marks what cannot be placed (several targets, selectors not anchored).
    placeable: annotation.placeable !== false,
    placeableReason: annotation.placeableReason ?? null,
    sources: asArray(annotation.sources).filter((s) => s && typeof s.id === 'string'),
    tags: asArray(annotation.tags),
    author: annotation.creator?.name ?? null,
    created: annotation.created ?? null,
    modified: annotation.modified ?? null,
    source: annotation.target?.source ?? null,
    quote: quote
      ? {
          exact: quote.exact,
          prefix: quote.prefix,
          suffix: quote.suffix,
          start: position?.start,
          end: position?.end,
        }
      : null,
    // An import placed through its original W3C targets (several pages, a text fragment, a
    // quote refining another selector): each is anchored on its own (docs/matching.md §4a).
    targets: asArray(annotation.targets).filter((t) => t && typeof t.source === 'string'),
    claim: claim ?? null,
    site: site ?? null,
    equivalents: asArray(annotation.document?.equivalents)
      .filter((e) => e && e.verified !== false && typeof e.href === 'string')
      .map((e) => e.href),
  };
}

/** Follows whose annotations are drawn: switched on and still readable. */
export function activeFollows(follows) {
  return Object.values(follows).filter((f) => f.enabled !== false && !LOST_ACCESS.has(f.status));
}

/**
 * Builds the index for all active follows: every record, the claim labels for the engine, notes by
 * normalised URL and site labels.
 */
export function buildPageIndex(follows, setDatas) {
  const records = {};
  const labels = [];
  const notesByUrl = new Map();
  const sites = [];
  for (const follow of activeFollows(follows)) {
    for (const annotation of Object.values(setDatas[follow.id]?.annotations ?? {})) {
      const record = toRecord(annotation, follow);
      records[record.key] = record;
      if (record.kind === KIND.CLAIM && record.claim) {
        labels.push({ ...record.claim, id: record.key });
      } else if (record.kind === KIND.SITE && record.site) {
        sites.push(record);
      } else if (record.kind === KIND.NOTE && record.source && record.placeable) {
        const urls = [record.source, ...record.equivalents, ...record.targets.map((t) => t.source)];
        for (const url of new Set(urls.map(normalizeUrl))) {
          if (!notesByUrl.has(url)) notesByUrl.set(url, []);
          notesByUrl.get(url).push(record.key);
        }
      }
    }
  }
  return { records, labels, notesByUrl, sites };
}

/** Compiles the index's claim labels once (the engine's automaton). */
export function compileIndex(index) {
  return { ...index, matcher: compileLabels(index.labels) };
}

/** Notes, site labels and page-level notes that belong to this URL (no text needed). */
export function pageAnnotations(index, url) {
  const normalized = normalizeUrl(url);
  const notes = (index.notesByUrl.get(normalized) ?? []).map((key) => index.records[key]);
  const banners = index.sites.filter(
    (r) => urlMatches(asArray(r.site.include), url) && !urlMatches(asArray(r.site.exclude), url),
  );
  return { notes, banners };
}

/**
 * Matches a page (or a changed part of it, `mode: 'claims'`) and returns the hits by record key,
 * the notes that could not be anchored (orphans), site banners and every record involved.
 */
export function matchPage(compiled, { url, lang, text, mode = 'full' }) {
  const hits = [];
  const orphans = [];
  const involved = new Set();
  for (const hit of matchClaims(compiled.matcher, text, url, { lang })) {
    hits.push({ key: hit.id, start: hit.start, end: hit.end });
    involved.add(hit.id);
  }
  const { notes, banners } =
    mode === 'claims' ? { notes: [], banners: [] } : pageAnnotations(compiled, url);
  let textPage = null;
  for (const note of notes) {
    involved.add(note.key);
    if (note.targets.length) {
      const here = note.targets.filter((t) => normalizeUrl(t.source) === normalizeUrl(url));
      const anchors = here
        .filter((t) => t.selector !== undefined)
        .map((t) => anchorTarget((textPage ??= textOnlyPage(text)), t))
        .filter(Boolean);
      for (const anchor of anchors)
        hits.push({ key: note.key, start: anchor.start, end: anchor.end });
      if (here.some((t) => t.selector === undefined)) banners.push(note);
      else if (!anchors.length) orphans.push(note.key);
      continue;
    }
    if (!note.quote) {
      banners.push(note);
      continue;
    }
    const anchor = anchorQuote(text, note.quote);
    if (anchor) hits.push({ key: note.key, start: anchor.start, end: anchor.end });
    else orphans.push(note.key);
  }
  for (const banner of banners) involved.add(banner.key);
  const records = Object.fromEntries([...involved].map((key) => [key, compiled.records[key]]));
  return { hits, orphans, banners: banners.map((b) => b.key), records };
}
