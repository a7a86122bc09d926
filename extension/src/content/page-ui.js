/**
 * Footnote's UI on a page and its wiring: the card that opens on hover or keyboard focus of one
 * of our marks, the banner, the editor (on a selection, or from a card's Edit) and the "Follow
 * this set" button. The card, banner and editor are built on first use: most pages never need them.
 */
import { MSG } from '../shared/messages.js';
import { createBanner } from './banner.js';
import { createCard } from './card.js';
import { createEditor } from './editor.js';
import { offerFollow } from './follow-button.js';
import { ourMarkAround } from './marks.js';
import { captureSelection, describeCaptured } from './selection.js';

/** The canonical and og:url links of a document, http(s) only, saved with a new note. */
export function documentLinks(document) {
  const links = [];
  const canonical = document.querySelector('link[rel~="canonical"][href]');
  if (canonical) links.push({ rel: 'canonical', href: canonical.href });
  const og = document.querySelector('meta[property="og:url"][content]');
  if (og) links.push({ rel: 'og:url', href: og.content });
  return links.filter((l) => /^https?:/.test(l.href));
}

const PARTS = {
  createBanner,
  createCard,
  createEditor,
  offerFollow,
  captureSelection,
  describeCaptured,
};

/**
 * Creates the page's UI and listens for hover, focus and keys on the document.
 * - `registry` is the marks registry: only marks in it open a card;
 * - `session` gives `recordsAt(mark)`, `withoutMarks(work)` and `render()` (page-session.js);
 * - `request(type, payload)` asks the background (shared/messaging.js);
 * - `parts` are the pieces the UI is built from (tests swap them).
 */
export function createPageUi({
  document,
  registry,
  session,
  request,
  pageUrl = () => globalThis.location.href,
  parts = PARTS,
}) {
  const hosts = new Set();
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
  const card = () => (cardUi ??= remember(parts.createCard(actions)));
  const banner = () => (bannerUi ??= remember(parts.createBanner(actions)));
  const editor = () => (editorUi ??= remember(parts.createEditor(editorOptions)));

  /** True for Footnote's own UI hosts, marks and badges (the observer leaves them alone). */
  function isOurs(node) {
    if (!node) return false;
    if (hosts.has(node) || registry.marks.has(node) || registry.badges.has(node)) return true;
    return Boolean(ourMarkAround(registry, node));
  }

  function showCard(mark) {
    const records = session.recordsAt(mark);
    if (records.length) card().show(mark, records);
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

  /** Opens the editor on the reader's selection; false when nothing on the page is selected. */
  function openEditorOnSelection() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return false;
    const captured = parts.captureSelection(document.body, selection.getRangeAt(0));
    if (!captured) return false;
    const described = session.withoutMarks(() => parts.describeCaptured(document.body, captured));
    session.render();
    if (!described) return false;
    editor().open({
      quote: described.quote,
      target: { source: pageUrl(), selector: described.selectors },
      documentLinks: documentLinks(document),
    });
    return true;
  }

  return {
    isOurs,
    openEditorOnSelection,
    hideCard: () => cardUi?.hide(),
    /** Shows site labels and page notes; an existing banner is also told when there are none. */
    showBanners(records) {
      if (records.length || bannerUi) banner().show(records);
    },
    offerFollow(reply) {
      parts.offerFollow({
        serviceUrl: reply.serviceUrl,
        followedSetIds: reply.followedSetIds ?? [],
        follow: (info) => request(MSG.FOLLOW_FROM_PAGE, info),
      });
    },
  };
}
