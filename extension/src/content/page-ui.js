/**
 * Footnote's UI on a page and its wiring: the card that opens on hover or keyboard focus of one
 * of our marks, the banner, the editor (on a selection, or from a card's Edit) and the "Follow
 * this set" button. Their code is a bundle of its own (page-parts-entry.js), loaded on first use
 * (bundles.js): most pages never need it, and only this wiring is parsed on every page.
 */
import { MSG } from '../shared/messages.js';
import { loadBundle } from './bundles.js';
import { PLACE, hideStamp } from './panel-model.js';
import { moveTabStop, occurrencesOf, ourMarkAround } from './marks.js';
import { KIND } from '../shared/vocabulary.js';

/** The canonical and og:url links of a document, http(s) only, saved with a new note. */
export function documentLinks(document) {
  const links = [];
  const canonical = document.querySelector('link[rel~="canonical"][href]');
  if (canonical) links.push({ rel: 'canonical', href: canonical.href });
  const og = document.querySelector('meta[property="og:url"][content]');
  if (og) links.push({ rel: 'og:url', href: og.content });
  return links.filter((l) => /^https?:/.test(l.href));
}

/**
 * The page key that opens and closes the panel: Alt+Shift+P (by key position, so keyboard
 * layouts where Alt+Shift+P types a character still work). A page listener, not a manifest
 * command: Chrome suggests at most four command keys and two are taken.
 */
export function isPanelKey(event) {
  return (
    event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyP'
  );
}

/** What a dismissal remembers of a record: it shows again once the annotation changes. */
export function dismissalStamp(record) {
  return record.modified ?? record.created ?? '';
}

/** Dismissals kept for this page only (the content script passes extension storage instead). */
export function memoryDismissals() {
  let map = {};
  return { load: async () => ({ ...map }), save: async (next) => void (map = { ...next }) };
}

/**
 * Creates the page's UI and listens for hover, focus and keys on the document.
 * - `registry` is the marks registry: only marks in it open a card;
 * - `session` gives `recordsAt(mark)`, `withoutMarks(work)` and `render()` (page-session.js);
 * - `request(type, payload)` asks the background (shared/messaging.js);
 * - `dismissals` keeps hidden banners: `load()` resolves to {[record key]: stamp}, `save(map)`;
 * - `hiddenLabels` keeps the labels hidden on this site, the same shape (`load()`, `save(map)`);
 * - `parts` are the pieces the UI is built from (page-parts-entry.js), when already at hand (tests
 *   pass fakes); otherwise `loadParts()` resolves to them, called on first use;
 * - `loadPanel()` resolves to {createPanel} (panel-entry.js), called on the panel's first open.
 */
export function createPageUi({
  document,
  registry,
  session,
  request,
  pageUrl = () => globalThis.location.href,
  dismissals = memoryDismissals(),
  hiddenLabels = memoryDismissals(),
  parts: givenParts = null,
  loadParts = () => loadBundle('ui', request),
  loadPanel = () => loadBundle('panel', request),
}) {
  const hosts = new Set();
  let parts = givenParts;
  let partsLoading = null;
  /** The UI's pieces, loaded once on first use (a failed load is tried again next time). */
  const ensureParts = () =>
    parts
      ? Promise.resolve(parts)
      : (partsLoading ??= loadParts().then(
          (loaded) => (parts = loaded),
          (error) => {
            partsLoading = null;
            throw error;
          },
        ));
  let cardUi = null;
  let bannerUi = null;
  let editorUi = null;

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
    // Talking back (talk-back.js): each is sent only after the card's confirmation.
    talk: {
      reply: (record, text) =>
        request(MSG.REPLY, { followId: record.followId, id: record.id, text }),
      rate: (record, { helpful, reason }) =>
        request(MSG.RATE, { followId: record.followId, id: record.id, helpful, reason }),
      unrate: (record) => request(MSG.UNRATE, { followId: record.followId, id: record.id }),
      report: (record, { sentence, reason }) =>
        request(MSG.REPORT, { followId: record.followId, id: record.id, sentence, reason }),
      sentence: (record, mark) => parts.sentenceAround(mark),
      pageUrl: () => String(pageUrl()).split('#')[0],
      openOptions: () => request(MSG.OPEN_OPTIONS).catch(() => {}),
    },
    // "Hide on this site" in a card or banner entry: the same as the panel's.
    onHideHere: async (record) => {
      cardUi?.hide();
      await rememberHidden({ key: record.key }, true).catch(() => {});
      await session.render();
      panelUi?.refresh();
    },
  };
  const editorOptions = {
    listWritableSets: () => request(MSG.WRITABLE_SETS),
    save: (setId, annotation) => request(MSG.SAVE_ANNOTATION, { setId, annotation }),
    update: (record, change) =>
      request(MSG.UPDATE_ANNOTATION, { followId: record.followId, id: record.id, change }),
    onSaved: () => {
      // Storage changed; the revision listener redraws. Draw now too in case the worker is slow.
      session.render();
    },
  };
  const remember = (piece) => {
    hosts.add(piece.host);
    return piece;
  };
  // The mark Escape just returned focus to: that focus must not reopen the card.
  let closedOn = null;
  const card = () =>
    (cardUi ??= remember(
      parts.createCard(actions, {
        onClosed: (mark) => {
          closedOn = mark;
        },
      }),
    ));
  const banner = () =>
    (bannerUi ??= remember(
      parts.createBanner(actions, {
        onDismiss: async (records) => {
          const map = await dismissals.load().catch(() => ({}));
          for (const record of records) map[record.key] = dismissalStamp(record);
          await dismissals.save(map).catch(() => {});
        },
      }),
    ));
  let passageUi = null;
  const passage = () =>
    (passageUi ??= parts.createPassageHighlight(document, {
      onChange: () => editorUi?.reposition?.(),
    }));
  editorOptions.onClosed = () => passageUi?.clear();
  const editor = () => (editorUi ??= remember(parts.createEditor(editorOptions)));
  let adderUi = null;
  const adder = () =>
    (adderUi ??= remember(
      parts.createAdder({
        onNote: () => {
          adderUi.hide();
          openEditorNow({ kind: KIND.NOTE });
        },
        onLabel: () => {
          adderUi.hide();
          openEditorNow({ kind: KIND.CLAIM });
        },
        onCopyLink: async () => {
          const text = document.getSelection()?.toString() ?? '';
          if (!text.trim()) return 'Select some text first.';
          const copied = await parts.copyText(document, parts.passageLink(pageUrl(), text));
          return copied ? 'Link copied' : 'Could not copy';
        },
      }),
    ));

  /** True for Footnote's own UI hosts, marks and badges (the observer leaves them alone). */
  function isOurs(node) {
    if (!node) return false;
    if (hosts.has(node) || registry.marks.has(node) || registry.badges.has(node)) return true;
    return Boolean(ourMarkAround(registry, node));
  }

  /** Which occurrence of its annotation a mark is: {key, marks, index}. */
  function occurrence(mark) {
    const key = (registry.keysOf.get(mark) ?? [])[0];
    if (key === undefined) return null;
    const marks = occurrencesOf(registry, key);
    return { key, marks, index: marks.indexOf(mark) };
  }

  // The card waiting for the UI's code to load (the first hover or focus on a page), {mark, then}:
  // it opens only if the reader is still on that mark when the code arrives.
  let wantedCard = null;

  /** Opens the card of a mark, then runs `then()` (loading the card's code first if needed). */
  function showCard(mark, then = null) {
    const records = session.recordsAt(mark);
    if (!records.length) return;
    if (!parts) {
      // Focus then Enter on the same mark: the card opens once, and Enter still moves into it.
      const earlier = wantedCard?.mark === mark ? wantedCard.then : null;
      wantedCard = { mark, then: then ?? earlier };
      ensureParts().then(
        () => {
          if (wantedCard?.mark !== mark) return;
          const wanted = wantedCard;
          wantedCard = null;
          showCard(mark, wanted.then);
        },
        () => {
          wantedCard = null; // the worker could not inject it; the next hover tries again
        },
      );
      return;
    }
    const found = occurrence(mark);
    const position =
      found && found.index >= 0 ? { index: found.index, count: found.marks.length } : null;
    card().show(mark, records, position);
    then?.();
  }

  /** Scrolls a mark to the middle of what the reader sees (above the panel's sheet on a phone). */
  function scrollToMark(mark) {
    mark.scrollIntoView({ block: 'center', inline: 'nearest' });
    const sheet = panelUi?.placement?.();
    if (sheet?.mode === 'sheet') {
      // Centre it in what the sheet leaves visible (the top of the page cannot scroll further).
      const box = mark.getBoundingClientRect();
      window.scrollBy(0, (box.top + box.bottom) / 2 - sheet.top / 2);
    }
  }

  // The occurrence the panel's next/previous walked to: outlined, as it does not take focus.
  let walked = null;
  function markWalked(mark) {
    walked?.style.removeProperty('outline');
    walked = mark;
    mark?.style.setProperty('outline', '2px solid #1a56b5', 'important');
  }

  /**
   * Shows occurrence `index` (wrapping) of an annotation: moves its Tab stop there, scrolls to it
   * and focuses it (`focus`) or outlines it. Resolves to {index, count}, or null when none is drawn.
   */
  function reveal(key, index, { focus = true } = {}) {
    const marks = occurrencesOf(registry, key);
    if (!marks.length) return null;
    const at = ((index % marks.length) + marks.length) % marks.length;
    const mark = marks[at];
    moveTabStop(registry, key, mark);
    scrollToMark(mark);
    if (focus) {
      markWalked(null);
      mark.focus({ preventScroll: true });
    } else markWalked(mark);
    return { index: at, count: marks.length };
  }

  /** Moves focus (and the annotation's one Tab stop) to its next or previous occurrence. */
  function step(mark, delta) {
    const found = occurrence(mark);
    if (!found || found.marks.length < 2) return;
    const count = found.marks.length;
    const target = found.marks[(found.index + delta + count) % count];
    moveTabStop(registry, found.key, target);
    target.scrollIntoView({ block: 'center', inline: 'nearest' });
    target.focus({ preventScroll: true });
  }

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
      if (mark && mark === wantedCard?.mark && !mark.contains(event.relatedTarget)) {
        wantedCard = null;
      }
      if (mark && cardUi && mark === cardUi.anchor && !cardUi.contains(event.relatedTarget)) {
        cardUi.hideSoon();
      }
    },
    true,
  );
  // A tap on a touch screen (no hover there) or a click opens the card too. A tap on a mark
  // inside a link opens the card instead of following the link; a second tap follows it. A mouse
  // click still follows the link at once (the card opened on hover).
  // A touch's compatibility mouseover opens the card before its click arrives, so whether the
  // card was already open is read when the finger goes down.
  let lastPointer = 'mouse';
  let openAtDown = false;
  document.addEventListener(
    'pointerdown',
    (event) => {
      lastPointer = event.pointerType;
      const mark = ourMarkAround(registry, event.target);
      openAtDown = Boolean(mark && cardUi?.isOpen() && cardUi.anchor === mark);
    },
    true,
  );
  document.addEventListener(
    'click',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (!mark) return;
      const open = cardUi?.isOpen() && cardUi.anchor === mark;
      if (lastPointer === 'touch' && !openAtDown && mark.closest('a[href]')) event.preventDefault();
      if (!open) showCard(mark);
    },
    true,
  );
  document.addEventListener(
    'focusin',
    (event) => {
      const mark = ourMarkAround(registry, event.target);
      if (mark !== walked) markWalked(null);
      if (!mark) wantedCard = null;
      if (mark && mark === closedOn) closedOn = null;
      else if (mark) showCard(mark);
      else if (cardUi && !cardUi.contains(event.target) && cardUi.isOpen()) cardUi.hide();
    },
    true,
  );
  const STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  document.addEventListener(
    'keydown',
    (event) => {
      if (isPanelKey(event)) {
        event.preventDefault();
        event.stopPropagation();
        togglePanel();
        return;
      }
      const mark = ourMarkAround(registry, event.target);
      if (!mark || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape') {
        wantedCard = null;
        cardUi?.hide();
      }
      if (event.key in STEPS) {
        event.preventDefault();
        step(mark, STEPS[event.key]);
      }
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        showCard(mark, () => card().focusFirst());
      }
    },
    true,
  );

  /** The page's selection when it is page text the reader could annotate, else null. */
  function pageSelection() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const within = range.commonAncestorContainer;
    if (!document.body.contains(within) || isOurs(within)) return null;
    const element = within.nodeType === 1 ? within : within.parentElement;
    if (element?.closest('input, textarea, [contenteditable=""], [contenteditable="true"]'))
      return null;
    return selection.toString().trim() ? range : null;
  }

  // The adder: shown at a finished selection (mouse, keyboard or touch), hidden when it goes.
  let selectionTimer = null;
  const offerAdder = () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(() => {
      if (editorUi?.isOpen()) return;
      const range = pageSelection();
      if (!range) adderUi?.hide();
      else if (parts) adder().show(range.getBoundingClientRect());
      else ensureParts().then(offerAdder, () => {}); // shown once its code is here, if still selected
    }, 120);
  };
  document.addEventListener('mouseup', offerAdder, true);
  document.addEventListener('keyup', (event) => event.shiftKey && offerAdder(), true);
  // The last page selection, for the panel's "Re-attach" (clicking in the panel may clear it).
  let lastSelection = null;
  document.addEventListener('selectionchange', () => {
    const range = pageSelection();
    if (range) lastSelection = range.cloneRange();
    if (!range) adderUi?.hide();
    else if (matchMedia?.('(pointer: coarse)').matches) offerAdder(); // touch: no mouseup
  });
  document.addEventListener('scroll', () => adderUi?.hide(), { passive: true, capture: true });

  /**
   * Opens the editor on the reader's selection, next to the passage and keeping it highlighted;
   * false when nothing on the page is selected. `kind` preselects note or claim label. The
   * editor's code must be loaded (openEditorOnSelection below loads it).
   */
  function openEditorNow({ kind = null } = {}) {
    const range = pageSelection();
    if (!range) return false;
    const captured = parts.captureSelection(document.body, range);
    if (!captured) return false;
    const described = session.withoutMarks(() => parts.describeCaptured(document.body, captured));
    session.render();
    if (!described) return false;
    adderUi?.hide();
    const highlight = passage();
    const shown = highlight.show(captured);
    editor().open({
      quote: described.quote,
      target: { source: pageUrl(), selector: described.selectors },
      documentLinks: documentLinks(document),
      anchorRect: shown ? () => highlight.rect() : null,
      kind,
    });
    return true;
  }

  // The panel: built on first open, refreshed after every redraw while open.
  let panelUi = null;
  let pushed = null; // the page's own inline margin we replaced to make room for the panel
  function makeRoom(placement) {
    const style = document.documentElement.style;
    if (pushed) {
      for (const [name, [value, priority]] of Object.entries(pushed))
        style.setProperty(name, value, priority);
      pushed = null;
    }
    if (!placement) return;
    const name = placement.mode === 'sheet' ? 'padding-bottom' : 'margin-right';
    pushed = { [name]: [style.getPropertyValue(name), style.getPropertyPriority(name)] };
    style.setProperty(
      name,
      `${placement.mode === 'sheet' ? placement.height : placement.width}px`,
      'important',
    );
  }
  const redraw = async (message) => {
    await session.render();
    return message;
  };
  async function rememberHidden(entry, hide) {
    const record = session.recordOf(entry.key);
    const map = await hiddenLabels.load().catch(() => ({}));
    if (hide && record) map[entry.key] = hideStamp(record);
    else delete map[entry.key];
    await hiddenLabels.save(map);
  }
  const panelActions = {
    entries: () => session.summary().entries ?? [],
    pick: async (entry, index) => reveal(entry.key, index),
    step: async (entry, delta) => {
      const current = occurrencesOf(registry, entry.key);
      const stop = registry.tabStops.get(entry.key);
      const from = walked && current.includes(walked) ? walked : stop;
      const index = Math.max(0, current.indexOf(from));
      return reveal(entry.key, index + delta, { focus: false }) ?? { index: 0, count: 0 };
    },
    hide: async (entry) => {
      await rememberHidden(entry, true);
      return redraw(`Hidden on ${location.hostname} until it changes.`);
    },
    unhide: async (entry) => {
      await rememberHidden(entry, false);
      return redraw('Shown again on this site.');
    },
    remove: async (entry) => {
      const record = session.recordOf(entry.key);
      await request(MSG.DELETE_ANNOTATION, { followId: record.followId, id: record.id });
      return redraw('Deleted.');
    },
    reattach: async (entry) => {
      const record = session.recordOf(entry.key);
      await ensureParts();
      const range = pageSelection() ?? (lastSelection?.toString().trim() ? lastSelection : null);
      if (!range || !document.body.contains(range.commonAncestorContainer))
        throw new Error('Select the passage on the page first, then press Re-attach.');
      const captured = parts.captureSelection(document.body, range);
      const described =
        captured && session.withoutMarks(() => parts.describeCaptured(document.body, captured));
      if (!described) throw new Error('Select some text of the page first.');
      await request(MSG.UPDATE_ANNOTATION, {
        followId: record.followId,
        id: record.id,
        change: { target: { source: pageUrl(), selector: described.selectors } },
      });
      lastSelection = null;
      return redraw('Re-attached to your selection.');
    },
    // The card's talk-back on a panel entry, built here so the panel's bundle stays without the
    // sentence rules: a report quotes the occurrence the panel shows (`index()`).
    talkBack: (entry, row, index) => {
      const record = session.recordOf(entry.key);
      if (!record) return null;
      return parts.renderTalkBack(record, row, {
        ...actions.talk,
        sentence: () => parts.sentenceAround(occurrencesOf(registry, entry.key)[index()]),
      });
    },
    onLayout: makeRoom,
  };
  let panelLoading = null;
  // The panel's entries use the card's talk-back: both bundles are loaded before it is built.
  const panel = () =>
    (panelLoading ??= Promise.all([loadPanel(), ensureParts()]).then(
      ([{ createPanel }]) => (panelUi = remember(createPanel(panelActions))),
      (error) => {
        panelLoading = null;
        throw error;
      },
    ));
  function togglePanel() {
    panel()
      .then((made) => made.toggle())
      .catch(() => {});
  }

  return {
    isOurs,
    /** Opens the editor on the selection (openEditorNow), loading its code first if needed. */
    openEditorOnSelection: async (options) => {
      await ensureParts();
      return openEditorNow(options);
    },
    /** Opens the panel (from the popup or the key); resolves once it is open. */
    openPanel: () => panel().then((made) => made.show()),
    /** Redraws the panel's list when it is open (after the page was matched again). */
    refreshPanel: () => panelUi?.refreshFromPage(),
    /** Shows an entry's occurrence from outside the panel (the popup): {index, count} or null. */
    reveal: (key, index = 0) => {
      if (session.summary().entries?.find((e) => e.key === key)?.place === PLACE.BANNER) {
        window.scrollTo(0, 0);
        return { index: 0, count: 1 };
      }
      return reveal(key, index);
    },
    hideCard: () => cardUi?.hide(),
    /** Which occurrence the open card points at, before the marks are redrawn (or null). */
    holdCard() {
      if (!cardUi?.isOpen()) return null;
      const found = occurrence(cardUi.anchor);
      return found ? { key: found.key, index: Math.max(found.index, 0) } : null;
    },
    /**
     * After a redraw: points the open card at the same occurrence's new mark. Its content is
     * redrawn from the new records unless the reader is in it (focus inside, a form open), so
     * nothing typed or half-confirmed is lost; with the annotation gone the card closes.
     */
    restoreCard(held) {
      if (!cardUi?.isOpen()) return;
      const marks = held ? occurrencesOf(registry, held.key) : [];
      const mark = marks[Math.min(held?.index ?? 0, marks.length - 1)];
      if (!mark) cardUi.hide();
      else if (cardUi.busy()) cardUi.moveTo(mark);
      else showCard(mark);
    },
    /**
     * Shows site labels and page notes the reader has not hidden since they last changed; an
     * existing banner is also told when there are none.
     */
    async showBanners(records) {
      const hidden = records.length ? await dismissals.load().catch(() => ({})) : {};
      const shown = records.filter((record) => hidden[record.key] !== dismissalStamp(record));
      if (!shown.length && !bannerUi) return;
      // Without its code (the worker could not inject it) no banner now; the next redraw retries.
      if (await ensureParts().catch(() => null)) banner().show(shown);
    },
    /** The "Follow this set" button, on a page with its hook only (the service's set pages). */
    async offerFollow(reply) {
      if (!parts && !document.getElementById('footnote-follow')) return;
      if (!(await ensureParts().catch(() => null))) return; // the next redraw offers it again
      parts.offerFollow({
        serviceUrl: reply.serviceUrl,
        followedSetIds: reply.followedSetIds ?? [],
        follow: (info) => request(MSG.FOLLOW_FROM_PAGE, info),
      });
    },
  };
}
