/**
 * What the panel and the popup list, as plain data: one entry per annotation found on the page
 * (claim labels with their occurrence count, notes, site labels, orphans and notes the service
 * marks not placeable), the filters (set, verdict, search) and the labels the reader hid on this
 * site. No DOM and no browser API here, so node:test covers it.
 */
import { KIND } from '../shared/vocabulary.js';

/** Where an entry is: drawn on the page, a banner, or nowhere (an orphan). */
export const PLACE = Object.freeze({ PAGE: 'page', BANNER: 'banner', ORPHAN: 'orphan' });

/** The verdict filter's value for notes and labels without a verdict. */
export const NO_VERDICT = 'none';

/** The site a hidden label is remembered for: the page's host name. */
export function siteOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** What "hide on this site" remembers of a record: it comes back once the annotation changes. */
export function hideStamp(record) {
  return record.modified ?? record.created ?? '';
}

/** True when the reader hid this record on this site and it has not changed since. */
export function isHiddenHere(hiddenMap, record) {
  return Boolean(record) && Object.hasOwn(hiddenMap ?? {}, record.key)
    ? hiddenMap[record.key] === hideStamp(record)
    : false;
}

/** "160 on this page", "1 on this page". */
export function countText(count) {
  return `${count} on this page`;
}

/**
 * The entries of a page, in the order a reader scans them: site labels, then claim labels and
 * notes in the order of their first hit, then orphans.
 * - `records`: {[key]: record}; `counts`: Map key → hits on the page; `words`: Map key → the
 *   words the first hit matched; `banners`: record keys shown as banners; `orphans`: keys of
 *   notes that found no place; `unplaceable`: keys of notes the service marks not placeable;
 *   `hidden`: keys the reader hid on this site.
 */
export function pageEntries({
  records,
  counts = new Map(),
  words = new Map(),
  banners = [],
  orphans = [],
  unplaceable = [],
  hidden = new Set(),
}) {
  const entries = [];
  const seen = new Set();
  const add = (key, place, extra = {}) => {
    const record = records[key];
    if (!record || seen.has(key)) return;
    seen.add(key);
    entries.push({
      key,
      id: record.id,
      kind: record.kind,
      verdict: record.verdict ?? null,
      followId: record.followId,
      setTitle: record.setTitle,
      canEdit: Boolean(record.canEdit),
      text: record.text ?? '',
      words: words.get(key) ?? record.quote?.exact ?? '',
      count: counts.get(key) ?? 0,
      place,
      reason: null,
      hidden: hidden.has(key),
      replies: record.replies ?? [],
      ...extra,
    });
  };
  for (const key of banners) add(key, PLACE.BANNER);
  for (const key of counts.keys()) add(key, PLACE.PAGE);
  for (const key of hidden) {
    if (records[key]?.kind === KIND.SITE) add(key, PLACE.BANNER);
  }
  for (const key of orphans) add(key, PLACE.ORPHAN, { reason: 'Its passage is not on this page' });
  for (const key of unplaceable) {
    add(key, PLACE.ORPHAN, {
      reason: records[key]?.placeableReason ?? 'Footnote cannot place this annotation on a page',
    });
  }
  return entries;
}

/** Lower case with one space between words: what the search compares. */
function folded(text) {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a reply says, for the search: an HTML body without its tags. */
function replyWords(reply) {
  const text = String(reply?.text ?? '');
  return reply?.textFormat === 'text/html' ? text.replace(/<[^>]*>/g, ' ') : text;
}

/** True when every word of `query` is in the entry's text, words, set title or replies. */
export function matchesQuery(entry, query) {
  const words = folded(query).split(' ').filter(Boolean);
  if (!words.length) return true;
  const replies = (entry.replies ?? []).map(replyWords).join(' ');
  const haystack = folded(`${entry.words} ${entry.text} ${entry.setTitle} ${replies}`);
  return words.every((word) => haystack.includes(word));
}

/** The entries that pass the set, verdict and search filters (an empty filter passes all). */
export function filterEntries(entries, { followId = '', verdict = '', query = '' } = {}) {
  return entries.filter(
    (entry) =>
      (!followId || entry.followId === followId) &&
      (!verdict || (entry.verdict ?? NO_VERDICT) === verdict) &&
      matchesQuery(entry, query),
  );
}

/** The choices the filters offer: the sets and verdicts present on this page. */
export function filterChoices(entries) {
  const sets = new Map();
  const verdicts = new Set();
  for (const entry of entries) {
    if (!sets.has(entry.followId)) sets.set(entry.followId, entry.setTitle);
    verdicts.add(entry.verdict ?? NO_VERDICT);
  }
  return {
    sets: [...sets].map(([followId, title]) => ({ followId, title })),
    verdicts: [...verdicts],
  };
}

/** Entries grouped by set, in order of first appearance: what the popup lists. */
export function groupBySet(entries) {
  const groups = new Map();
  for (const entry of entries) {
    if (!groups.has(entry.followId))
      groups.set(entry.followId, { followId: entry.followId, title: entry.setTitle, entries: [] });
    groups.get(entry.followId).entries.push(entry);
  }
  return [...groups.values()];
}
