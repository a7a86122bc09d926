/**
 * The state of one page: which annotations it shows (records by key), where their marks are (the
 * marks registry), the notes that found no place (orphans), the banners and the count the badge
 * and popup show. It asks the background to match the page text (matching runs there) and draws
 * the answer; it knows nothing of cards, editors or observers beyond the hooks it is given.
 */
import { pageText } from '../match/page-text.js';
import { hasStructuralSelector } from '../match/structural.js';
import { MSG } from '../shared/messages.js';
import { normalizeUrl } from '../shared/urls.js';
import { drawHits, removeMarks } from './marks.js';
import { PLACE, isHiddenHere, pageEntries } from './panel-model.js';

/** How often orphaned notes are retried on late content (a ticker must not be read forever). */
export const MAX_ORPHAN_RETRIES = 20;

const noView = {
  hideCard() {},
  holdCard: () => null,
  restoreCard() {},
  showBanners() {},
  offerFollow() {},
};

/**
 * Creates the session of one page.
 * - `request(type, payload)` asks the background (shared/messaging.js);
 * - `registry` is the marks registry (marks.js);
 * - `paused(work)` runs DOM changes with the late-content observer paused;
 * - `view` has `hideCard()`, `holdCard()` / `restoreCard(held)` (an open card outlives a redraw),
 *   `showBanners(records)` and `offerFollow(reply)`;
 * - `readPage`, `draw` and `clear` default to the engine's pageText and marks.js (tests swap them);
 * - `hiddenHere()` resolves to the labels the reader hid on this site ({[record key]: stamp});
 * - `anchoring()` resolves to the DOM selector engine, {anchorTarget, loadPage} (the content
 *   script loads its bundle, anchoring-entry.js, only for a page that needs it); without it,
 *   orphans stay orphans.
 */
export function createPageSession({
  document,
  request,
  registry,
  paused = (work) => work(),
  view: givenView = {},
  pageUrl = () => globalThis.location.href,
  readPage = pageText,
  draw = drawHits,
  clear = removeMarks,
  hiddenHere = async () => ({}),
  anchoring = null,
}) {
  const view = { ...noView, ...givenView };
  const state = {
    records: {},
    orphans: new Set(),
    banners: [],
    generation: 0,
    hitText: new Map(),
    hitCount: new Map(), // record key → its hits on the page (drawn or not yet near the viewport)
    unplaceable: [], // notes of this page the service marks not placeable
    hiddenKeys: new Set(), // labels the reader hid on this site (until they change)
    orphanRetries: 0,
    hidden: false, // the reader hid every Footnote mark on this page (one key, or the popup)
  };

  /** Asks the background what this text shows; null when it could not answer. */
  function match(page, mode) {
    // `langs`: the language of each element's text (`<p lang="de">` on an English page).
    const payload = { url: pageUrl(), lang: page.lang, text: page.text };
    if (page.langs) payload.langs = page.langs;
    // A failed match leaves the page as it is; the next storage revision redraws it.
    return request(MSG.PAGE_DATA, mode ? { mode, ...payload } : payload).catch(() => null);
  }

  /** Keeps the words each annotation matched first and counts its hits, for popup and panel. */
  function rememberHitText(page, hits) {
    for (const hit of hits) {
      if (!state.hitText.has(hit.key))
        state.hitText.set(hit.key, page.text.slice(hit.start, hit.end));
      state.hitCount.set(hit.key, (state.hitCount.get(hit.key) ?? 0) + 1);
    }
  }

  /** The hits to draw: those of labels the reader did not hide on this site. */
  const shownHits = (hits) => hits.filter((hit) => !state.hiddenKeys.has(hit.key));

  /**
   * Orphans placed through their original targets get a second try here, with the DOM the
   * background does not have: XPath, CSS and id selectors can then tell identical passages
   * apart (docs/matching.md §4a; the quote still decides). Returns the hits found.
   */
  async function placeWithDom(page, reply) {
    const here = normalizeUrl(pageUrl());
    // Only a structural selector (XPath, CSS, range, fragment) can place what the quote alone
    // could not: the background already tried the quote on this same text.
    const tries = reply.orphans.flatMap((key) =>
      (reply.records[key]?.targets ?? [])
        .filter((t) => hasStructuralSelector(t) && normalizeUrl(t.source) === here)
        .map((target) => ({ key, target })),
    );
    if (!tries.length || !anchoring) return [];
    // The engine's code is loaded for such a page only; if it cannot be, they stay orphans.
    const engine = await anchoring().catch(() => null);
    if (!engine) return [];
    const dom = engine.loadPage(document.body, { ...page, segments: page.segments ?? [] });
    const hits = [];
    for (const { key, target } of tries) {
      const anchor = engine.anchorTarget(dom, target);
      if (anchor) hits.push({ key, start: anchor.start, end: anchor.end });
    }
    return hits;
  }

  function count() {
    return registry.found.size + state.banners.length;
  }

  function reportCount() {
    // The toolbar badge is best effort: a worker that is restarting gets the next count.
    request(MSG.PAGE_COUNT, { count: count() }).catch(() => {});
  }

  /** Runs `work` on the page without our marks (the engine does not read text inside them). */
  function withoutMarks(work) {
    return paused(() => {
      clear(registry);
      return work();
    });
  }

  /** Matches the whole page and draws it afresh; a newer render makes an older one give up. */
  async function render() {
    const generation = ++state.generation;
    if (state.hidden) {
      paused(() => {
        view.hideCard();
        clear(registry);
        view.showBanners([]);
      });
      return;
    }
    const page = withoutMarks(() => readPage(document.body));
    const [reply, hiddenMap] = await Promise.all([match(page), hiddenHere().catch(() => ({}))]);
    if (generation !== state.generation || !reply) return;
    const domHits = await placeWithDom(page, reply);
    if (generation !== state.generation) return;
    const hits = domHits.length ? [...reply.hits, ...domHits] : reply.hits;
    paused(() => {
      // A redraw (a sync, a setting) keeps an open card on the same occurrence's new mark, with
      // whatever the reader was typing or confirming in it; it closes only when that mark is gone.
      const held = view.holdCard();
      clear(registry);
      state.records = reply.records;
      state.hiddenKeys = new Set(
        Object.keys(reply.records).filter((key) => isHiddenHere(hiddenMap, reply.records[key])),
      );
      state.hitText = new Map();
      state.hitCount = new Map();
      rememberHitText(page, hits);
      draw(registry, page, shownHits(hits), reply.records);
      view.restoreCard(held);
      state.orphans = new Set(reply.orphans.filter((key) => !domHits.some((h) => h.key === key)));
      state.unplaceable = reply.unplaceable ?? [];
      state.orphanRetries = 0;
      state.banners = reply.banners
        .filter((key) => !state.hiddenKeys.has(key))
        .map((key) => reply.records[key]);
      view.showBanners(state.banners);
    });
    view.offerFollow(reply);
    reportCount();
  }

  /**
   * Matches claims in content added since (the outermost changed subtrees) and retries orphaned
   * notes on the whole page, a bounded number of times.
   */
  async function renderLate(roots) {
    const generation = state.generation;
    if (state.hidden) return;
    for (const root of roots) {
      if (!root.isConnected) continue;
      const page = readPage(root);
      if (!page.text.trim()) continue;
      const reply = await match(page, 'claims');
      if (generation !== state.generation || !reply) return;
      Object.assign(state.records, reply.records);
      rememberHitText(page, reply.hits);
      paused(() => draw(registry, page, shownHits(reply.hits), reply.records));
    }
    if (state.orphans.size && state.orphanRetries < MAX_ORPHAN_RETRIES) {
      state.orphanRetries += 1;
      const page = readPage(document.body);
      const reply = await match(page);
      if (generation !== state.generation || !reply) return;
      const found = reply.hits.filter((hit) => state.orphans.has(hit.key));
      Object.assign(state.records, reply.records);
      rememberHitText(page, found);
      paused(() => draw(registry, page, shownHits(found), reply.records));
      for (const hit of found) state.orphans.delete(hit.key);
    }
    reportCount();
  }

  /** The records a mark shows, for its card. */
  function recordsAt(mark) {
    return (registry.keysOf.get(mark) ?? []).map((key) => state.records[key]).filter(Boolean);
  }

  /** Every annotation found on this page, one entry each (panel-model.js), orphans included. */
  function entries() {
    const hitKeys = new Map([...state.hitCount].filter(([key]) => state.records[key]));
    return pageEntries({
      records: state.records,
      counts: hitKeys,
      words: state.hitText,
      banners: [...state.banners.map((record) => record.key)],
      orphans: [...state.orphans],
      unplaceable: state.unplaceable,
      hidden: state.hiddenKeys,
    });
  }

  /**
   * What is on this page: `entries` (one per annotation, with its count), the same by set without
   * orphans (`bySet`, what the popup lists), the orphans and the badge count.
   */
  function summary() {
    const all = entries();
    const bySet = {};
    for (const entry of all) {
      if (entry.place === PLACE.ORPHAN) continue;
      (bySet[entry.followId] ??= { title: entry.setTitle, items: [] }).items.push({
        key: entry.key,
        kind: entry.kind,
        verdict: entry.verdict,
        text: entry.text,
        quote: entry.place === PLACE.BANNER ? '' : entry.words,
        count: entry.count,
        place: entry.place,
        hidden: entry.hidden,
      });
    }
    const orphans = all
      .filter((entry) => entry.place === PLACE.ORPHAN)
      .map((entry) => ({
        key: entry.key,
        followId: entry.followId,
        setTitle: entry.setTitle,
        exact: entry.words,
        text: entry.text,
        reason: entry.reason,
        canEdit: entry.canEdit,
      }));
    return { url: pageUrl(), count: count(), hidden: state.hidden, entries: all, bySet, orphans };
  }

  /** Hides every mark and banner on this page (or shows them again); returns the new state. */
  function setHidden(hidden) {
    state.hidden = Boolean(hidden);
    render();
    return state.hidden;
  }

  /** The record of a key on this page (for the panel's actions). */
  const recordOf = (key) => state.records[key] ?? null;

  return { render, renderLate, withoutMarks, recordsAt, recordOf, summary, setHidden };
}
