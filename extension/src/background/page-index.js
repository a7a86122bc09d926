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
import {
  KIND,
  LOST_ACCESS,
  RATING_STATUS,
  REPLY_MOTIVATION,
  ROLE,
  VISIBILITY,
  canWriteAs,
} from '../shared/vocabulary.js';

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

/**
 * Who may reply on this follow's set (docs/api.md, "POST /api/annotations/{id}/replies"): an
 * editor share link; a signed-in member (any role); any signed-in reader of a public set whose
 * owner turned on `openReplies`. Returns 'yes', 'sign-in' (an account would do) or 'closed'.
 */
export function replyAccess(follow, { signedIn = false } = {}) {
  if (follow.kind !== 'service') return 'closed';
  if (follow.shareToken) return canWriteAs(follow.role) ? 'yes' : signedIn ? 'closed' : 'sign-in';
  const open = follow.openReplies === true && follow.visibility === VISIBILITY.PUBLIC;
  if (!signedIn) return 'sign-in'; // whether an account may reply, the service says after sign-in
  return Object.values(ROLE).includes(follow.role) || open ? 'yes' : 'closed';
}

/** True for a reply (motivation `replying`): shown in its parent's thread, never on a page. */
export function isReply(annotation) {
  return annotation?.motivation === REPLY_MOTIVATION;
}

/** The bare id of the annotation a reply answers (its target, an API or W3C container IRI). */
export function parentIdOf(annotation) {
  const target = annotation.target;
  const iri = typeof target === 'string' ? target : (target?.source ?? '');
  const trimmed = String(iri)
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || null;
}

const bareId = (id) => parentIdOf({ target: String(id ?? '') });

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
    // Talking back goes to the set's service; a set file (or a set kept on this device) has none.
    talkBack: follow.kind === 'service',
    service: follow.kind === 'service' ? (follow.service ?? null) : null,
    ratingStatus: annotation.ratingStatus ?? null,
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

/** A reply as its thread shows it: who, when, what (plain or allowlisted HTML text). */
export function toReply(annotation) {
  return {
    id: annotation.id,
    text: bodyText(annotation),
    textFormat: textBody(annotation)?.format === 'text/html' ? 'text/html' : 'text/plain',
    author: annotation.creator?.name ?? null,
    created: annotation.created ?? null,
  };
}

/**
 * Each annotation's thread, by bare id: its replies and theirs, oldest first (a reply to a reply
 * follows in time order, so the card reads as one conversation).
 */
function threadsOf(annotations) {
  const children = new Map();
  for (const annotation of annotations) {
    if (!isReply(annotation)) continue;
    const parent = parentIdOf(annotation);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(annotation);
  }
  const threads = new Map();
  const collect = (id, into, seen) => {
    for (const reply of children.get(id) ?? []) {
      const own = bareId(reply.id);
      if (seen.has(own)) continue; // a cycle in bad data must not loop
      seen.add(own);
      into.push(reply);
      collect(own, into, seen);
    }
    return into;
  };
  for (const annotation of annotations) {
    if (isReply(annotation)) continue;
    const id = bareId(annotation.id);
    if (!children.has(id)) continue;
    const thread = collect(id, [], new Set([id]));
    // Dates have whole seconds. In a tie the set version orders replies written in a row (it is
    // the version of their last change, so an edit can move one), then the id, as the set page.
    thread.sort(
      (a, b) =>
        String(a.created ?? '').localeCompare(String(b.created ?? '')) ||
        (a.setVersion ?? 0) - (b.setVersion ?? 0) ||
        String(a.id).localeCompare(String(b.id)),
    );
    threads.set(id, thread.map(toReply));
  }
  return threads;
}

/**
 * Builds the index for all active follows: every record, the claim labels for the engine, notes by
 * normalised URL and site labels. Replies are never placed on a page: they only join their
 * parent's `replies`. With `hideNotHelpful`, annotations whose synced status is `not-helpful`
 * are left out altogether. `signedIn` decides what each card's Reply says (replyAccess).
 */
export function buildPageIndex(
  follows,
  setDatas,
  { hideNotHelpful = false, signedIn = false } = {},
) {
  const records = {};
  const labels = [];
  const notesByUrl = new Map();
  const unplaceableByUrl = new Map();
  const sites = [];
  for (const follow of activeFollows(follows)) {
    const annotations = Object.values(setDatas[follow.id]?.annotations ?? {});
    const threads = threadsOf(annotations);
    const replies = replyAccess(follow, { signedIn });
    for (const annotation of annotations) {
      if (isReply(annotation)) continue;
      if (hideNotHelpful && annotation.ratingStatus === RATING_STATUS.NOT_HELPFUL) continue;
      const record = toRecord(annotation, follow);
      record.replies = threads.get(bareId(annotation.id)) ?? [];
      record.replyAccess = replies;
      record.signedIn = signedIn;
      records[record.key] = record;
      if (record.kind === KIND.CLAIM && record.claim) {
        labels.push({ ...record.claim, id: record.key });
      } else if (record.kind === KIND.SITE && record.site) {
        sites.push(record);
      } else if (record.kind === KIND.NOTE && record.source) {
        // Notes the service marks "not placeable" are listed with their reason, never drawn.
        const byUrl = record.placeable ? notesByUrl : unplaceableByUrl;
        const urls = [record.source, ...record.equivalents, ...record.targets.map((t) => t.source)];
        for (const url of new Set(urls.map(normalizeUrl))) {
          if (!byUrl.has(url)) byUrl.set(url, []);
          byUrl.get(url).push(record.key);
        }
      }
    }
  }
  return { records, labels, notesByUrl, unplaceableByUrl, sites };
}

/** Compiles the index's claim labels once (the engine's automaton). */
export function compileIndex(index) {
  return { ...index, matcher: compileLabels(index.labels) };
}

/** Notes, site labels and page-level notes that belong to this URL (no text needed). */
export function pageAnnotations(index, url) {
  const normalized = normalizeUrl(url);
  const notes = (index.notesByUrl.get(normalized) ?? []).map((key) => index.records[key]);
  const unplaceable = (index.unplaceableByUrl?.get(normalized) ?? []).map(
    (key) => index.records[key],
  );
  const banners = index.sites.filter(
    (r) => urlMatches(asArray(r.site.include), url) && !urlMatches(asArray(r.site.exclude), url),
  );
  return { notes, banners, unplaceable };
}

/**
 * The page's per-element language runs as the content script sent them ({start, end, lang}),
 * keeping only well-formed ones; undefined when none were sent (the page's `lang` decides).
 */
export function languageRuns(value) {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter(
      (run) =>
        run &&
        Number.isInteger(run.start) &&
        Number.isInteger(run.end) &&
        run.start >= 0 &&
        run.end > run.start &&
        typeof run.lang === 'string' &&
        run.lang.length <= 35,
    )
    .map((run) => ({ start: run.start, end: run.end, lang: run.lang }));
}

/**
 * Matches a page (or a changed part of it, `mode: 'claims'`) and returns the hits by record key,
 * the notes that could not be anchored (orphans), the notes of this page the service marks not
 * placeable (`unplaceable`), site banners and every record involved.
 * `langs` ({start, end, lang} runs from pageText) gives each element's language; without it the
 * page's `lang` decides for the whole text.
 */
export function matchPage(compiled, { url, lang, langs, text, mode = 'full' }) {
  const hits = [];
  const orphans = [];
  const involved = new Set();
  for (const hit of matchClaims(compiled.matcher, text, url, { lang, langs })) {
    hits.push({ key: hit.id, start: hit.start, end: hit.end });
    involved.add(hit.id);
  }
  const { notes, banners, unplaceable } =
    mode === 'claims'
      ? { notes: [], banners: [], unplaceable: [] }
      : pageAnnotations(compiled, url);
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
  for (const note of unplaceable) involved.add(note.key);
  const records = Object.fromEntries([...involved].map((key) => [key, compiled.records[key]]));
  return {
    hits,
    orphans,
    unplaceable: unplaceable.map((n) => n.key),
    banners: banners.map((b) => b.key),
    records,
  };
}
