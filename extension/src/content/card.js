/**
 * The card that opens on hover, tap or keyboard focus of a mark: what the annotation says, its
 * sources, where it comes from (the set, linked to its page; a permalink to the annotation) and,
 * where the reader's role allows, Edit and Delete. It lives in a closed shadow root, so the page
 * can neither read nor restyle it. It is placed next to its mark, never over it (cardPlacement).
 */
import { el, floatingHost, forceStyle, formatDate, safeLink } from './dom.js';
import { KIND } from '../shared/vocabulary.js';
import { htmlBodyNodes } from '../shared/html-body.js';
import { SHADOW_CSS, kindName, lookOf } from './look.js';
import { renderTalkBack } from './talk-back.js';

/** Space kept between the card and the mark, and between the card and the viewport's edges. */
export const GAP = 6;
export const MARGIN = 8;
/** The card's width when the viewport has room for it. */
export const CARD_WIDTH = 360;

/**
 * Where the card goes for a mark's rectangle in a viewport: below the mark when it fits, else
 * above when it fits there, else on the roomier side with a max height so it scrolls inside.
 * It never overlaps the mark's rectangle, and stays MARGIN inside the viewport. `prefer` says
 * which side to try first; `width` is the box's width when there is room (the card's by default).
 * Returns {left, top, width, maxHeight, side}.
 */
export function cardPlacement(
  mark,
  viewport,
  height,
  { prefer = 'below', width = CARD_WIDTH } = {},
) {
  const shownWidth = Math.min(width, viewport.width - 2 * MARGIN);
  const left = Math.max(MARGIN, Math.min(mark.left, viewport.width - shownWidth - MARGIN));
  const below = viewport.height - MARGIN - (mark.bottom + GAP);
  const above = mark.top - GAP - MARGIN;
  const [first, second] = prefer === 'above' ? ['above', 'below'] : ['below', 'above'];
  const room = (side) => (side === 'below' ? below : above);
  let side;
  if (height <= room(first)) side = first;
  else if (height <= room(second)) side = second;
  else side = below >= above ? 'below' : 'above';
  const space = Math.max(0, room(side));
  const shown = Math.min(height, space);
  const wanted = side === 'below' ? mark.bottom + GAP : mark.top - GAP - shown;
  // Only a box scrolled (partly) out of view needs this: the card then stays on screen.
  const top = Math.max(MARGIN, Math.min(wanted, viewport.height - MARGIN - shown));
  return { left, top, width: shownWidth, maxHeight: space || viewport.height - 2 * MARGIN, side };
}

/** The words on a record's pill: a label's verdict, or what a note is ("Note", "Question"). */
function pillText(record) {
  if (record.kind === KIND.CLAIM)
    return lookOf(record).label === 'Label' ? 'Claim label' : lookOf(record).label;
  return kindName(record);
}

/**
 * One annotation's section of a card (also used by banners). A note reads as a note: the
 * highlighter pill says "Note" once and the text is the reader's words; a label says its verdict
 * and "Claim label"/"Site label" beside it.
 */
export function renderEntry(record, { onEdit, onDelete, onHideHere, talk } = {}) {
  const look = lookOf(record);
  const pill = el('span', { class: 'pill', text: pillText(record) });
  pill.style.background = look.color;
  const head = [pill];
  if (record.kind === KIND.NOTE) {
    pill.style.color = '#1f1f1f';
    pill.style.background = '#ffd60a';
    if (record.author) head.push(el('span', { class: 'kind', text: `by ${record.author}` }));
  } else if (record.kind !== KIND.CLAIM || record.verdict) {
    head.push(el('span', { class: 'kind', text: kindName(record) }));
  }
  const entry = el('section', { class: `entry ${record.kind}`, 'data-key': record.key }, [
    el('div', { class: 'head' }, head),
  ]);
  // Talking back (talk-back.js): the status in the head, the thread after the meta line,
  // the buttons in the actions row and their confirmation under it.
  const actions = el('div', { class: 'actions', 'data-actions': '' });
  const talkBack = renderTalkBack(record, actions, talk);
  if (talkBack.status) entry.firstChild.append(talkBack.status);
  if (record.text && record.textFormat === 'text/html') {
    const parsed = new DOMParser().parseFromString(record.text, 'text/html'); // inert: no scripts
    entry.append(el('div', { class: 'text' }, htmlBodyNodes(parsed, document)));
  } else if (record.text) {
    entry.append(
      record.kind === KIND.NOTE
        ? el('blockquote', { class: 'text note-text', text: record.text })
        : el('p', { class: 'text', text: record.text }),
    );
  }
  if (record.sources.length) {
    entry.append(
      el('div', { class: 'kind', text: record.sources.length === 1 ? 'Source' : 'Sources' }),
      el(
        'ul',
        { class: 'sources' },
        record.sources.map((source) =>
          el('li', {}, [safeLink(source.id, source.title || source.id)]),
        ),
      ),
    );
  }
  if (record.tags.length)
    entry.append(el('div', { class: 'tags', text: `Tags: ${record.tags.join(', ')}` }));
  const meta = el('div', { class: 'meta' }, [
    'Set: ',
    record.setUrl ? safeLink(record.setUrl, record.setTitle) : record.setTitle,
  ]);
  if (record.author && record.kind !== KIND.NOTE) meta.append(` · by ${record.author}`);
  const date = formatDate(record.modified ?? record.created);
  if (date) meta.append(` · ${date}`);
  if (record.permalink) {
    const link = safeLink(record.permalink, 'Permalink');
    link.setAttribute('class', 'permalink');
    meta.append(' · ', link);
  }
  entry.append(meta, talkBack.thread);
  if (talkBack.mine) entry.append(talkBack.mine);
  // Card actions: the talk-back buttons (added above), then Edit and Delete where allowed.
  if (record.canEdit && onEdit) {
    const edit = el('button', { type: 'button', text: 'Edit' });
    edit.addEventListener('click', () => onEdit(record));
    actions.append(edit);
  }
  if (record.canEdit && onDelete) {
    const remove = el('button', { type: 'button', class: 'danger', text: 'Delete' });
    remove.addEventListener('click', () => {
      if (remove.dataset.confirm === '1') onDelete(record);
      else {
        remove.dataset.confirm = '1';
        remove.textContent = 'Really delete?';
      }
    });
    actions.append(remove);
  }
  if (onHideHere) {
    const hide = el('button', { type: 'button', text: 'Hide on this site' });
    hide.addEventListener('click', () => onHideHere(record));
    actions.append(hide);
  }
  if (actions.childElementCount) entry.append(actions);
  if (talkBack.panel) entry.append(talkBack.panel);
  return entry;
}

/** The layout viewport without scroll bars: what getBoundingClientRect and position: fixed use. */
function viewportSize() {
  return {
    width: document.documentElement.clientWidth || window.innerWidth,
    height: document.documentElement.clientHeight || window.innerHeight,
  };
}

/** Below this scale a page is shown zoomed out, and a card drawn at its CSS size is too small. */
const ZOOMED_OUT = 0.95;

/**
 * The part of the page the reader sees, in the layout viewport's px (getBoundingClientRect's and
 * position: fixed's), and the zoom that shows a card there at its readable size. A page without a
 * viewport meta is laid out about 980 px wide on a phone and shown zoomed out (scale about 0.4):
 * the card is zoomed by 1/scale, so it reads as on any phone page. A reader's pinch zoom moves the
 * visible part inside the layout viewport: its offsets. `visualViewport` is absent in some
 * environments (linkedom): then the layout viewport, unzoomed.
 */
export function visibleArea(visual = globalThis.visualViewport) {
  if (!visual) return { left: 0, top: 0, ...viewportSize(), zoom: 1 };
  const { scale, offsetLeft, offsetTop, width, height } = visual;
  const zoom = scale > 0 && scale < ZOOMED_OUT ? 1 / scale : 1;
  return { left: offsetLeft, top: offsetTop, width, height, zoom };
}

/**
 * cardPlacement inside a visible `area` (visibleArea) for a box zoomed by `area.zoom`: `mark` and
 * the returned `left`/`top` are in the layout viewport's px; `height` is the box's height as
 * drawn (zoomed); the returned `width` and `maxHeight` are the box's own CSS lengths (the zoom
 * scales them on screen).
 */
export function placeInArea(mark, area, height, options) {
  const z = area.zoom;
  const spot = cardPlacement(
    {
      left: (mark.left - area.left) / z,
      top: (mark.top - area.top) / z,
      bottom: (mark.bottom - area.top) / z,
    },
    { width: area.width / z, height: area.height / z },
    height / z,
    options,
  );
  return { ...spot, left: area.left + spot.left * z, top: area.top + spot.top * z };
}

/** The mark's box: the union of its line boxes (a mark can wrap onto two lines). */
function markBox(mark) {
  const rect = mark.getBoundingClientRect();
  const first = mark.getClientRects()[0] ?? rect;
  return { left: first.left, top: rect.top, bottom: rect.bottom, right: rect.right };
}

/**
 * Creates the page's one card. `actions` has onEdit/onDelete callbacks; `onClosed(mark)` is told
 * when Escape closed the card and focus went back to its mark (so that focus does not reopen it).
 */
export function createCard(actions, { onClosed = () => {} } = {}) {
  const { host, root } = floatingHost('footnote-card', SHADOW_CSS);
  const card = el('div', {
    class: 'card',
    role: 'dialog',
    'aria-label': 'Footnote annotation',
    tabindex: '-1',
  });
  root.append(card);
  let anchor = null;
  let hideTimer = null;
  let frame = 0;

  function place(mark) {
    const box = markBox(mark);
    const area = visibleArea();
    if (box.bottom < area.top || box.top > area.top + area.height) {
      api.hide(); // the mark scrolled away: a card pointing at nothing is in the way
      return;
    }
    card.style.maxHeight = 'none';
    card.style.zoom = area.zoom === 1 ? '' : String(area.zoom);
    forceStyle(host, { display: 'block', left: '0px', top: '0px' });
    card.style.width = `${Math.min(CARD_WIDTH, area.width / area.zoom - 2 * MARGIN)}px`;
    const height = card.getBoundingClientRect().height;
    const spot = placeInArea(box, area, height);
    card.style.maxHeight = `${spot.maxHeight}px`;
    card.dataset.side = spot.side;
    forceStyle(host, { left: `${spot.left}px`, top: `${spot.top}px` });
  }

  const follow = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => anchor && place(anchor));
  };

  const api = {
    host,
    get anchor() {
      return anchor;
    },
    contains: (node) => node === host,
    /** Shows `records` next to `mark`; `position` ({index, count}) says which occurrence. */
    show(mark, records, position = null) {
      clearTimeout(hideTimer);
      if (!host.isConnected) document.documentElement.append(host);
      const talk = actions.talk && {
        ...actions.talk,
        sentence: (record) => actions.talk.sentence(record, mark),
        relayout: follow,
      };
      const entries = records.map((record) => renderEntry(record, { ...actions, talk }));
      if (position && position.count > 1) {
        entries.unshift(
          el('p', {
            class: 'occurrence',
            text: `${position.index + 1} of ${position.count} on this page · ← → move between them`,
          }),
        );
      }
      card.replaceChildren(...entries);
      card.setAttribute(
        'aria-label',
        `Footnote: ${records.length === 1 ? 'annotation' : `${records.length} annotations`}`,
      );
      anchor = mark;
      place(mark);
      window.addEventListener('scroll', follow, { passive: true, capture: true });
      window.addEventListener('resize', follow, { passive: true });
      // A pinch zoom moves and scales only the visual viewport.
      globalThis.visualViewport?.addEventListener('resize', follow, { passive: true });
      globalThis.visualViewport?.addEventListener('scroll', follow, { passive: true });
    },
    hideSoon() {
      clearTimeout(hideTimer);
      // A reader halfway through a reply or a confirmation keeps the card when the pointer leaves.
      if (card.querySelector('[data-talk]:not([hidden]) form')) return;
      hideTimer = setTimeout(api.hide, 250);
    },
    cancelHide() {
      clearTimeout(hideTimer);
    },
    hide() {
      clearTimeout(hideTimer);
      anchor = null;
      forceStyle(host, { display: 'none' });
      window.removeEventListener('scroll', follow, { capture: true });
      window.removeEventListener('resize', follow);
      globalThis.visualViewport?.removeEventListener('resize', follow);
      globalThis.visualViewport?.removeEventListener('scroll', follow);
    },
    isOpen: () => anchor !== null,
    /** Whether the reader is in the card: focus inside it, or a reply or confirmation open. */
    busy: () => Boolean(root.activeElement || card.querySelector('[data-talk]:not([hidden]) form')),
    /** Points the open card at `mark` (the same annotation, redrawn) and keeps its content. */
    moveTo(mark) {
      if (anchor === null) return;
      anchor = mark;
      place(mark);
    },
    focusFirst() {
      (card.querySelector('a, button') ?? card).focus();
    },
  };
  host.addEventListener('mouseenter', api.cancelHide);
  host.addEventListener('mouseleave', api.hideSoon);
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      const mark = anchor;
      api.hide();
      if (mark) {
        onClosed(mark);
        mark.focus();
      }
    }
  });
  return api;
}
