/**
 * The state of one page: which annotations it shows (records by key), where their marks are (the
 * marks registry), the notes that found no place (orphans), the banners and the count the badge
 * and popup show. It asks the background to match the page text (matching runs there) and draws
 * the answer; it knows nothing of cards, editors or observers beyond the hooks it is given.
 */
import { anchorTarget, loadPage, pageText } from '../match/index.js';
import { MSG } from '../shared/messages.js';
import { normalizeUrl } from '../shared/urls.js';
import { drawHits, removeMarks } from './marks.js';

/** How often orphaned notes are retried on late content (a ticker must not be read forever). */
export const MAX_ORPHAN_RETRIES = 20;

const noView = { hideCard() {}, showBanners() {}, offerFollow() {} };

/**
 * Creates the session of one page.
 * - `request(type, payload)` asks the background (shared/messaging.js);
 * - `registry` is the marks registry (marks.js);
 * - `paused(work)` runs DOM changes with the late-content observer paused;
 * - `view` has `hideCard()`, `showBanners(records)` and `offerFollow(reply)`;
 * - `readPage`, `draw` and `clear` default to the engine's pageText and marks.js (tests swap them).
 */
export function createPageSession({
  document,
  request,
  registry,
  paused = (work) => work(),
  view = noView,
  pageUrl = () => globalThis.location.href,
  readPage = pageText,
  draw = drawHits,
  clear = removeMarks,
}) {
  const state = {
    records: {},
    orphans: new Set(),
    banners: [],
    generation: 0,
    hitText: new Map(),
    orphanRetries: 0,
    hidden: false, // the reader hid every Footnote mark on this page (one key, or the popup)
  };

  /** Asks the background what this text shows; null when it could not answer. */
  function match(page, mode) {
    const payload = { url: pageUrl(), lang: page.lang, text: page.text };
    // A failed match leaves the page as it is; the next storage revision redraws it.
    return request(MSG.PAGE_DATA, mode ? { mode, ...payload } : payload).catch(() => null);
  }

  /** Keeps the words each annotation matched first, for the popup. */
  function rememberHitText(page, hits) {
    for (const hit of hits) {
      if (!state.hitText.has(hit.key))
        state.hitText.set(hit.key, page.text.slice(hit.start, hit.end));
    }
  }

  /**
   * Orphans placed through their original targets get a second try here, with the DOM the
   * background does not have: XPath, CSS and id selectors can then tell identical passages
   * apart (docs/matching.md §4a; the quote still decides). Returns the hits found.
   */
  function placeWithDom(page, reply) {
    const here = normalizeUrl(pageUrl());
    const hits = [];
    let dom = null;
    for (const key of reply.orphans) {
      for (const target of reply.records[key]?.targets ?? []) {
        if (target.selector === undefined || normalizeUrl(target.source) !== here) continue;
        dom ??= loadPage(document.body, { ...page, segments: page.segments ?? [] });
        const anchor = anchorTarget(dom, target);
        if (anchor) hits.push({ key, start: anchor.start, end: anchor.end });
      }
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
    const reply = await match(page);
    if (generation !== state.generation || !reply) return;
    const domHits = placeWithDom(page, reply);
    const hits = domHits.length ? [...reply.hits, ...domHits] : reply.hits;
    paused(() => {
      view.hideCard();
      clear(registry);
      state.records = reply.records;
      state.hitText = new Map();
      rememberHitText(page, hits);
      draw(registry, page, hits, reply.records);
      state.orphans = new Set(reply.orphans.filter((key) => !domHits.some((h) => h.key === key)));
      state.orphanRetries = 0;
      state.banners = reply.banners.map((key) => reply.records[key]);
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
      paused(() => draw(registry, page, reply.hits, reply.records));
    }
    if (state.orphans.size && state.orphanRetries < MAX_ORPHAN_RETRIES) {
      state.orphanRetries += 1;
      const page = readPage(document.body);
      const reply = await match(page);
      if (generation !== state.generation || !reply) return;
      const found = reply.hits.filter((hit) => state.orphans.has(hit.key));
      Object.assign(state.records, reply.records);
      rememberHitText(page, found);
      paused(() => draw(registry, page, found, reply.records));
      for (const hit of found) state.orphans.delete(hit.key);
    }
    reportCount();
  }

  /** The records a mark shows, for its card. */
  function recordsAt(mark) {
    return (registry.keysOf.get(mark) ?? []).map((key) => state.records[key]).filter(Boolean);
  }

  /** What is on this page by set, the orphans and the count: what the popup lists. */
  function summary() {
    const bySet = {};
    const add = (record, quote) => {
      (bySet[record.followId] ??= { title: record.setTitle, items: [] }).items.push({
        key: record.key,
        kind: record.kind,
        verdict: record.verdict,
        text: record.text,
        quote,
      });
    };
    for (const key of registry.found) {
      const record = state.records[key];
      if (record) add(record, state.hitText.get(key) ?? record.quote?.exact ?? '');
    }
    for (const record of state.banners) add(record, '');
    const orphans = [...state.orphans]
      .map((key) => state.records[key])
      .filter(Boolean)
      .map((r) => ({
        key: r.key,
        followId: r.followId,
        setTitle: r.setTitle,
        exact: r.quote?.exact ?? '',
        text: r.text,
      }));
    return { url: pageUrl(), count: count(), hidden: state.hidden, bySet, orphans };
  }

  /** Hides every mark and banner on this page (or shows them again); returns the new state. */
  function setHidden(hidden) {
    state.hidden = Boolean(hidden);
    render();
    return state.hidden;
  }

  return { render, renderLate, withoutMarks, recordsAt, summary, setHidden };
}
