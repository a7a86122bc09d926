/**
 * The annotation panel: everything Footnote found on this page in one list (site labels, claim
 * labels with their occurrence count, notes, orphans), each with its thread of replies, with
 * filters by set and verdict and a search. It lives in a closed shadow root inside the page (the same in Chrome and Firefox, and
 * it can scroll to and focus marks directly); docked at the right edge on wide screens, where it
 * narrows the page instead of covering it, and a bottom sheet on phones (≤ 480 px wide).
 * Built on first open only: most pages never need it.
 */
import { el, forceStyle, shadowHost } from './dom.js';
import { SHADOW_CSS, lookOf } from './look.js';
import { KIND } from '../shared/vocabulary.js';
import { NO_VERDICT, PLACE, countText, filterChoices, filterEntries } from './panel-model.js';
import { renderThread } from './thread.js';

/** Screens at or under this width get a bottom sheet instead of a docked panel. */
export const PHONE_WIDTH = 480;
/** The docked panel's width and the sheet's share of the height. */
export const PANEL_WIDTH = 340;
export const SHEET_SHARE = 0.45;
/**
 * The page keeps at least this width beside a docked panel; a narrower window (a tablet held
 * upright) gets the sheet, since a fixed-width article would otherwise run under the panel.
 */
export const MIN_PAGE_WIDTH = 640;

const PANEL_CSS = `${SHADOW_CSS}
.panel { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f;
  background: #fff; height: 100%; display: flex; flex-direction: column; border-left: 1px solid #c9c9c9;
  box-shadow: -4px 0 16px rgba(0,0,0,.12); }
.panel.sheet { border-left: none; border-top: 1px solid #c9c9c9; box-shadow: 0 -4px 16px rgba(0,0,0,.18);
  border-radius: 12px 12px 0 0; }
.panel:focus { outline: none; }
.top { padding: 10px 12px 8px; border-bottom: 1px solid #e3e3e3; display: grid; gap: 8px; }
.title { display: flex; align-items: center; gap: 8px; }
.title h2 { flex: 1; margin: 0; font-size: 16px; }
.title button.close { border: none; background: none; font-size: 20px; line-height: 1; padding: 2px 8px; }
.filters { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
.filters label.search { grid-column: 1 / -1; }
.list { overflow: auto; overscroll-behavior: contain; flex: 1; padding: 4px 12px 16px; }
.list h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5f6368; margin: 12px 0 4px; }
.list ul { list-style: none; margin: 0; padding: 0; }
.item { border-bottom: 1px solid #eee; padding: 8px 0; }
.item .go { display: block; width: 100%; text-align: left; border: none; background: none; padding: 2px 0; }
.item .go:hover .words { text-decoration: underline; }
.item .words { font-weight: 600; overflow-wrap: anywhere; }
.item .count { font-size: 12px; color: #5f6368; }
.item .text { font-size: 13px; margin: 2px 0 4px; color: #3c4043; white-space: normal;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.item .set, .item .reason { font-size: 12px; color: #5f6368; }
.item .tools { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 4px; }
.item .where { font-size: 12px; color: #5f6368; min-width: 5.5em; text-align: center; }
.pill { margin-right: 6px; }
.status { font-size: 13px; color: #3c4043; margin: 0; min-height: 1em; }
.empty { color: #5f6368; font-size: 13px; }
`;

/** The layout viewport without scroll bars (in quirks mode the body reports it). */
function viewport() {
  const box = document.compatMode === 'BackCompat' ? document.body : document.documentElement;
  return {
    width: box?.clientWidth || window.innerWidth,
    height: window.innerHeight,
    screenWidth: window.screen?.width ?? Infinity,
  };
}

/**
 * Where the panel goes: docked at the right edge when the page keeps MIN_PAGE_WIDTH beside it,
 * else a bottom sheet (phones, upright tablets). `screenWidth` catches a phone showing a page
 * laid out for a desktop width (no viewport meta).
 */
export function panelPlacement({ width, height, screenWidth = Infinity }) {
  if (Math.min(width, screenWidth) <= PHONE_WIDTH || width - PANEL_WIDTH < MIN_PAGE_WIDTH) {
    const sheet = Math.round(height * SHEET_SHARE);
    return { mode: 'sheet', left: 0, top: height - sheet, width, height: sheet };
  }
  return { mode: 'docked', left: width - PANEL_WIDTH, top: 0, width: PANEL_WIDTH, height };
}

function pillFor(entry) {
  const look = lookOf(entry);
  const pill = el('span', {
    class: 'pill',
    text: entry.kind === KIND.NOTE ? 'Note' : look.label === 'Label' ? 'Label' : look.label,
  });
  pill.style.background = entry.kind === KIND.NOTE ? '#ffd60a' : look.color;
  if (entry.kind === KIND.NOTE) pill.style.color = '#1f1f1f';
  return pill;
}

function verdictName(verdict) {
  if (verdict === NO_VERDICT) return 'No verdict (notes)';
  return lookOf({ kind: KIND.CLAIM, verdict }).label;
}

/** What an entry is called in buttons' names: its words, or its text for a banner. */
function nameOf(entry) {
  const words = entry.words || entry.text || 'annotation';
  return words.length > 60 ? `${words.slice(0, 59)}…` : words;
}

/**
 * Creates the panel. `actions`:
 * - `entries()` → the page's entries now (page-session.js summary().entries);
 * - `pick(entry, index)` scrolls to occurrence `index` and focuses it; `step(entry, delta)`
 *   walks occurrences without taking focus from the panel; both resolve to {index, count};
 * - `remove(entry)`, `reattach(entry)` (orphans), `hide(entry)`, `unhide(entry)` resolve to a
 *   message for the status line (or throw with one);
 * - `talkBack(entry, row, index)` (optional) adds the card's Reply, Helpful, … buttons to `row`
 *   and returns talk-back.js's {status, thread, panel, mine} (or null); `index()` is the
 *   occurrence shown, the one a report quotes;
 * - `onLayout(placement | null)` is told where the panel sits (the page makes room for it).
 */
export function createPanel(actions) {
  const { host, root } = shadowHost('footnote-panel', PANEL_CSS);
  forceStyle(host, { all: 'initial', position: 'fixed', 'z-index': '2147483646', display: 'none' });
  const panel = el('section', {
    class: 'panel',
    role: 'dialog',
    'aria-modal': 'false',
    'aria-labelledby': 'fn-panel-title',
    tabindex: '-1',
  });
  const title = el('h2', { id: 'fn-panel-title', text: 'Footnote on this page' });
  const close = el('button', {
    type: 'button',
    class: 'close',
    'aria-label': 'Close the Footnote panel',
    text: '×',
  });
  const search = el('input', { type: 'search', name: 'query', autocomplete: 'off' });
  const setFilter = el('select', { name: 'set' });
  const verdictFilter = el('select', { name: 'verdict' });
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  // Not a Tab stop of its own (Firefox makes scrolling boxes one): its entries are.
  const list = el('div', { class: 'list', tabindex: '-1' });
  panel.append(
    el('div', { class: 'top' }, [
      el('div', { class: 'title' }, [title, close]),
      el('div', { class: 'filters' }, [
        el('label', { class: 'search' }, ['Search this page’s annotations', search]),
        el('label', {}, ['Set', setFilter]),
        el('label', {}, ['Verdict', verdictFilter]),
      ]),
      status,
    ]),
    list,
  );
  root.append(panel);

  let open = false;
  let returnFocus = null;
  let placement = null;
  const where = new Map(); // entry key → occurrence shown now

  function place() {
    placement = panelPlacement(viewport());
    panel.classList.toggle('sheet', placement.mode === 'sheet');
    // A page laid out wider than the phone is shown zoomed out: zoom the panel back to size.
    const scale = window.visualViewport?.scale ?? 1;
    panel.style.zoom = scale > 0 && scale < 0.95 ? String(1 / scale) : '';
    forceStyle(host, {
      display: 'block',
      left: `${placement.left}px`,
      top: `${placement.top}px`,
      width: `${placement.width}px`,
      height: `${placement.height}px`,
    });
    actions.onLayout?.(placement);
  }

  function fillSelect(select, choices, allLabel) {
    const current = select.value;
    select.replaceChildren(
      el('option', { value: '', text: allLabel }),
      ...choices.map(([value, label]) => el('option', { value, text: label })),
    );
    select.value = choices.some(([value]) => value === current) ? current : '';
  }

  function say(text) {
    status.textContent = text;
  }

  async function run(work, button) {
    if (button) button.disabled = true;
    try {
      say(await work());
    } catch (error) {
      say(error?.message ?? String(error));
    } finally {
      if (button) button.disabled = false;
    }
    api.refresh();
  }

  function occurrenceTools(entry) {
    const at = el('span', { class: 'where', 'aria-live': 'polite' });
    const show = ({ index, count }) => {
      where.set(entry.key, index);
      at.textContent = count ? `${index + 1} of ${count}` : '';
    };
    at.textContent = `${(where.get(entry.key) ?? 0) + 1} of ${entry.count}`;
    const walk = (delta) => async () => show(await actions.step(entry, delta));
    const previous = el('button', {
      type: 'button',
      'data-step': '-1',
      'aria-label': `Previous occurrence of ${nameOf(entry)}`,
      text: '‹ Previous',
    });
    const next = el('button', {
      type: 'button',
      'data-step': '1',
      'aria-label': `Next occurrence of ${nameOf(entry)}`,
      text: 'Next ›',
    });
    previous.addEventListener('click', walk(-1));
    next.addEventListener('click', walk(1));
    return entry.count > 1 ? [previous, at, next] : [];
  }

  function item(entry) {
    const li = el('li', { class: 'item', 'data-key': entry.key, 'data-place': entry.place });
    const label = entry.place === PLACE.BANNER ? entry.text : entry.words;
    const head = [pillFor(entry), el('span', { class: 'words', text: label ? `“${label}”` : '' })];
    if (entry.place === PLACE.PAGE)
      head.push(el('span', { class: 'count', text: ` · ${countText(entry.count)}` }));
    if (entry.place === PLACE.PAGE && !entry.hidden) {
      const go = el('button', { type: 'button', class: 'go' }, head);
      go.addEventListener('click', async () => {
        const shown = await actions.pick(entry, where.get(entry.key) ?? 0);
        if (shown) where.set(entry.key, shown.index);
      });
      li.append(go);
    } else {
      li.append(el('div', {}, head));
    }
    if (entry.text && entry.place !== PLACE.BANNER)
      li.append(el('p', { class: 'text', text: entry.text }));
    li.append(el('div', { class: 'set', text: `Set: ${entry.setTitle}` }));
    if (entry.reason) li.append(el('div', { class: 'reason', text: entry.reason }));
    // The card's talk-back (Reply, Helpful, …) and thread; the thread alone for hidden labels.
    // The thread as the card shows it (thread.js): the first two, then "Show N more replies".
    const talkRow = el('div', { class: 'tools', 'data-actions': '' });
    const talk = entry.hidden
      ? null
      : actions.talkBack?.(entry, talkRow, () => where.get(entry.key) ?? 0);
    if (talk?.status) li.append(talk.status);
    if (talk) li.append(talk.thread);
    else if (entry.replies?.length) li.append(renderThread(entry).node);
    const tools = el('div', { class: 'tools' });
    if (entry.place === PLACE.PAGE && !entry.hidden) tools.append(...occurrenceTools(entry));
    if (entry.place === PLACE.ORPHAN) {
      if (entry.canEdit) {
        const reattach = el('button', {
          type: 'button',
          text: 'Re-attach to my current selection',
        });
        reattach.addEventListener('click', () => run(() => actions.reattach(entry), reattach));
        const remove = el('button', { type: 'button', class: 'danger', text: 'Delete' });
        remove.addEventListener('click', () => {
          if (remove.dataset.confirm === '1') run(() => actions.remove(entry), remove);
          else {
            remove.dataset.confirm = '1';
            remove.textContent = 'Really delete?';
          }
        });
        tools.append(reattach, remove);
      } else {
        tools.append(el('span', { class: 'reason', text: 'Only the set’s editors can fix it.' }));
      }
    } else if (entry.hidden) {
      const unhide = el('button', { type: 'button', text: 'Show again on this site' });
      unhide.addEventListener('click', () => run(() => actions.unhide(entry), unhide));
      tools.append(unhide);
    } else {
      const hide = el('button', {
        type: 'button',
        'aria-label': `Hide on this site: ${nameOf(entry)}`,
        text: 'Hide on this site',
      });
      hide.addEventListener('click', () => run(() => actions.hide(entry), hide));
      tools.append(hide);
    }
    if (tools.childElementCount) li.append(tools);
    if (talkRow.childElementCount) li.append(talkRow);
    for (const part of [talk?.mine, talk?.panel]) if (part) li.append(part);
    return li;
  }

  function section(heading, entries) {
    if (!entries.length) return [];
    return [el('h3', { text: heading }), el('ul', {}, entries.map(item))];
  }

  const api = {
    host,
    isOpen: () => open,
    contains: (node) => node === host,
    /** Where the panel is now (null when closed). */
    placement: () => (open ? placement : null),
    /**
     * Redraws after the page was matched again (a sync), unless the reader is halfway through a
     * talk-back confirmation, which a redraw would lose, as the card keeps its own; the next
     * refresh catches up.
     */
    refreshFromPage() {
      if (!list.querySelector('[data-talk]:not([hidden]) form')) api.refresh();
    },
    /** Redraws the list from the page's entries and the filters. */
    refresh() {
      if (!open) return;
      const entries = actions.entries();
      const choices = filterChoices(entries);
      fillSelect(
        setFilter,
        choices.sets.map((s) => [s.followId, s.title]),
        'All sets',
      );
      fillSelect(
        verdictFilter,
        choices.verdicts.map((v) => [v, verdictName(v)]),
        'All verdicts',
      );
      const shown = filterEntries(entries, {
        followId: setFilter.value,
        verdict: verdictFilter.value,
        query: search.value,
      });
      const of = (test) => shown.filter(test);
      const onPage = (e) => e.place === PLACE.PAGE && !e.hidden;
      list.replaceChildren(
        ...section(
          'Site labels',
          of((e) => e.place === PLACE.BANNER && !e.hidden),
        ),
        ...section(
          'Claim labels',
          of((e) => onPage(e) && e.kind !== KIND.NOTE),
        ),
        ...section(
          'Notes',
          of((e) => onPage(e) && e.kind === KIND.NOTE),
        ),
        ...section(
          'Not placed on this page',
          of((e) => e.place === PLACE.ORPHAN),
        ),
        ...section(
          'Hidden on this site',
          of((e) => e.hidden),
        ),
      );
      if (!list.childElementCount) {
        list.append(
          el('p', {
            class: 'empty',
            text: entries.length
              ? 'Nothing matches these filters.'
              : 'Nothing from your sets on this page.',
          }),
        );
      }
      title.textContent = `Footnote on this page (${entries.length})`;
    },
    show() {
      if (!host.isConnected) document.documentElement.append(host);
      if (!open) {
        const active = document.activeElement;
        returnFocus = active && active !== document.body ? active : null;
      }
      open = true;
      place();
      api.refresh();
      panel.focus();
      window.addEventListener('resize', place, { passive: true });
    },
    hide() {
      if (!open) return;
      open = false;
      forceStyle(host, { display: 'none' });
      window.removeEventListener('resize', place);
      actions.onLayout?.(null);
      const back = returnFocus;
      returnFocus = null;
      if (back?.isConnected) back.focus({ preventScroll: true });
    },
    toggle() {
      if (open) api.hide();
      else api.show();
    },
  };
  close.addEventListener('click', () => api.hide());
  for (const control of [setFilter, verdictFilter]) control.addEventListener('change', api.refresh);
  search.addEventListener('input', api.refresh);
  root.addEventListener('keydown', (event) => {
    event.stopPropagation(); // the page's own shortcuts stay out of the panel
    if (event.key === 'Escape') {
      event.preventDefault();
      api.hide();
    }
  });
  return api;
}
