/**
 * The content script: reads the page text, asks the background what this page shows (matching
 * runs there, on the locally stored sets: nothing leaves the browser), draws marks, cards and
 * banners, follows late content, and hosts the editor. It never fetches anything itself.
 */
import { pageText } from '../match/index.js';
import { webext } from '../shared/webext.js';
import { MSG } from '../shared/messages.js';
import { request } from '../shared/messaging.js';
import { createBanner } from './banner.js';
import { createCard } from './card.js';
import { createEditor } from './editor.js';
import { offerFollow } from './follow-button.js';
import { createRegistry, drawHits, ourMarkAround, removeMarks } from './marks.js';
import { captureSelection, describeCaptured } from './selection.js';

const LOADED = Symbol.for('footnote.content-script');
const MAX_ORPHAN_RETRIES = 20;

function start() {
  const registry = createRegistry({
    around: (work) => withObserverPaused(work),
    onDrawn: () => {},
  });
  const state = {
    records: {},
    orphans: new Set(),
    banners: [],
    generation: 0,
    hitText: new Map(),
    orphanRetries: 0,
    observer: null,
    timer: null,
  };
  const ui = new Set();

  const actions = {
    onEdit: (record) => {
      cardUi?.hide();
      editor().open({ record });
    },
    onDelete: async (record) => {
      const failure = await request(MSG.DELETE_ANNOTATION, {
        followId: record.followId,
        id: record.id,
      }).then(
        () => null,
        (error) => error,
      );
      cardUi?.hide();
      if (failure) banner().flash(`Footnote could not delete: ${failure.message}`);
    },
  };
  // The card, banner and editor are built on first use: most pages never need them.
  let cardUi = null;
  let bannerUi = null;
  let editorUi = null;
  const remember = (piece) => {
    ui.add(piece.host);
    return piece;
  };
  const card = () => (cardUi ??= remember(createCard(actions)));
  const banner = () => (bannerUi ??= remember(createBanner(actions)));
  const editor = () => (editorUi ??= remember(createEditor(editorOptions)));
  const editorOptions = {
    listWritableSets: () => request(MSG.WRITABLE_SETS),
    save: (setId, annotation) => request(MSG.SAVE_ANNOTATION, { setId, annotation }),
    update: (record, change) =>
      request(MSG.UPDATE_ANNOTATION, { followId: record.followId, id: record.id, change }),
    onSaved: () => {
      // Storage changed; the revision listener redraws. Draw now too in case the worker is slow.
      render();
    },
  };

  const isOurs = (node) => {
    if (!node) return false;
    if (ui.has(node) || registry.marks.has(node) || registry.badges.has(node)) return true;
    return Boolean(ourMarkAround(registry, node));
  };

  /** Keeps the words each annotation matched first, for the popup. */
  function rememberHitText(page, hits) {
    for (const hit of hits) {
      if (!state.hitText.has(hit.key))
        state.hitText.set(hit.key, page.text.slice(hit.start, hit.end));
    }
  }

  function reportCount() {
    const count = registry.found.size + state.banners.length;
    // The toolbar badge is best effort: a worker that is restarting gets the next count.
    request(MSG.PAGE_COUNT, { count }).catch(() => {});
  }

  function withObserverPaused(work) {
    state.observer?.disconnect();
    try {
      return work();
    } finally {
      observe();
    }
  }

  async function render() {
    const generation = ++state.generation;
    // The engine does not read text inside footnote-* elements: read the page without our marks.
    const page = withObserverPaused(() => {
      removeMarks(registry);
      return pageText(document.body);
    });
    // A failed match leaves the page as it is; the next storage revision redraws it.
    const reply = await request(MSG.PAGE_DATA, {
      url: location.href,
      lang: page.lang,
      text: page.text,
    }).catch(() => null);
    if (generation !== state.generation || !reply) return;
    withObserverPaused(() => {
      cardUi?.hide();
      removeMarks(registry);
      state.records = reply.records;
      state.hitText = new Map();
      rememberHitText(page, reply.hits);
      drawHits(registry, page, reply.hits, reply.records);
      state.orphans = new Set(reply.orphans);
      state.orphanRetries = 0;
      state.banners = reply.banners.map((key) => reply.records[key]);
      if (state.banners.length || bannerUi) banner().show(state.banners);
    });
    offerFollow({
      serviceUrl: reply.serviceUrl,
      followedSetIds: reply.followedSetIds ?? [],
      follow: (info) => request(MSG.FOLLOW_FROM_PAGE, info),
    });
    reportCount();
  }

  async function renderLate(roots) {
    const generation = state.generation;
    for (const root of roots) {
      if (!root.isConnected) continue;
      const page = pageText(root);
      if (!page.text.trim()) continue;
      const reply = await request(MSG.PAGE_DATA, {
        mode: 'claims',
        url: location.href,
        lang: page.lang,
        text: page.text,
      }).catch(() => null);
      if (generation !== state.generation || !reply) return;
      Object.assign(state.records, reply.records);
      rememberHitText(page, reply.hits);
      withObserverPaused(() => drawHits(registry, page, reply.hits, reply.records));
    }
    // Orphans are retried on the whole page, a bounded number of times (a page that changes
    // forever, like a ticker, must not make us read it forever).
    if (state.orphans.size && state.orphanRetries < MAX_ORPHAN_RETRIES) {
      state.orphanRetries += 1;
      const page = pageText(document.body);
      const reply = await request(MSG.PAGE_DATA, {
        url: location.href,
        lang: page.lang,
        text: page.text,
      }).catch(() => null);
      if (generation !== state.generation || !reply) return;
      const found = reply.hits.filter((hit) => state.orphans.has(hit.key));
      Object.assign(state.records, reply.records);
      rememberHitText(page, found);
      withObserverPaused(() => drawHits(registry, page, found, reply.records));
      for (const hit of found) state.orphans.delete(hit.key);
    }
    reportCount();
  }

  function observe() {
    state.observer?.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  const pending = new Set();
  state.observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const target =
        mutation.target.nodeType === Node.ELEMENT_NODE
          ? mutation.target
          : mutation.target.parentElement;
      if (!target || isOurs(target)) continue;
      if (mutation.type === 'characterData') pending.add(target);
      for (const node of mutation.addedNodes) {
        if (isOurs(node)) continue;
        pending.add(node.nodeType === Node.ELEMENT_NODE ? node : target);
      }
    }
    if (!pending.size) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      const roots = [...pending].filter((node) => node.isConnected);
      pending.clear();
      const outermost = roots.filter(
        (node) => !roots.some((other) => other !== node && other.contains(node)),
      );
      renderLate(outermost);
    }, 300);
  });
  observe();

  // Cards: hover or keyboard focus on one of our marks (page-made look-alikes are not in the registry).
  document.addEventListener(
    'mouseover',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (mark) showCard(mark);
    },
    true,
  );
  document.addEventListener(
    'mouseout',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (mark && cardUi && mark === cardUi.anchor && !cardUi.contains(event.relatedTarget)) {
        cardUi.hideSoon();
      }
    },
    true,
  );
  document.addEventListener(
    'focusin',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (mark) showCard(mark);
      else if (cardUi && !cardUi.contains(event.target) && cardUi.isOpen()) cardUi.hide();
    },
    true,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (!mark) return;
      if (event.key === 'Escape') cardUi?.hide();
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        showCard(mark);
        card().focusFirst();
      }
    },
    true,
  );

  function showCard(mark) {
    const records = (registry.keysOf.get(mark) ?? [])
      .map((key) => state.records[key])
      .filter(Boolean);
    if (records.length) card().show(mark, records);
  }

  function openEditorOnSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return false;
    const captured = captureSelection(document.body, selection.getRangeAt(0));
    if (!captured) return false;
    const described = withObserverPaused(() => {
      removeMarks(registry);
      return describeCaptured(document.body, captured);
    });
    render();
    if (!described) return false;
    editor().open({
      quote: described.quote,
      target: { source: location.href, selector: described.selectors },
      documentLinks: documentLinks(),
    });
    return true;
  }

  function documentLinks() {
    const links = [];
    const canonical = document.querySelector('link[rel~="canonical"][href]');
    if (canonical) links.push({ rel: 'canonical', href: canonical.href });
    const og = document.querySelector('meta[property="og:url"][content]');
    if (og) links.push({ rel: 'og:url', href: og.content });
    return links.filter((l) => /^https?:/.test(l.href));
  }

  function pageState() {
    const bySet = {};
    for (const key of registry.found) {
      const record = state.records[key];
      if (!record) continue;
      (bySet[record.followId] ??= { title: record.setTitle, items: [] }).items.push({
        key,
        kind: record.kind,
        verdict: record.verdict,
        text: record.text,
        quote: state.hitText.get(key) ?? record.quote?.exact ?? '',
      });
    }
    for (const record of state.banners) {
      (bySet[record.followId] ??= { title: record.setTitle, items: [] }).items.push({
        key: record.key,
        kind: record.kind,
        verdict: record.verdict,
        text: record.text,
        quote: '',
      });
    }
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
    return {
      url: location.href,
      count: registry.found.size + state.banners.length,
      bySet,
      orphans,
    };
  }

  webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== webext.runtime.id) return false;
    if (message?.type === MSG.GET_PAGE_STATE) {
      sendResponse(pageState());
      return false;
    }
    if (message?.type === MSG.OPEN_EDITOR) {
      sendResponse({ opened: openEditorOnSelection() });
      return false;
    }
    return false;
  });

  webext.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.revision) render();
  });

  render();
}

if (!globalThis[LOADED] && document.documentElement instanceof HTMLElement) {
  globalThis[LOADED] = true;
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
