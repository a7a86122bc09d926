/**
 * The card that opens on hover or keyboard focus: verdict, explanation, sources as links, set,
 * author, date; edit and delete where the reader's role allows. It lives in a closed shadow root,
 * so the page can neither read nor restyle it.
 */
import { el, forceStyle, formatDate, safeLink, shadowHost } from './dom.js';
import { KIND } from '../shared/vocabulary.js';
import { htmlBodyNodes } from '../shared/html-body.js';
import { SHADOW_CSS, kindName, lookOf } from './look.js';

/** One annotation's section of a card (also used by banners). */
export function renderEntry(record, { onEdit, onDelete } = {}) {
  const look = lookOf(record);
  const pill = el('span', {
    class: 'pill',
    text: record.kind === KIND.NOTE ? kindName(record) : look.label,
  });
  pill.style.background = look.color;
  if (record.kind === KIND.NOTE) pill.style.color = '#1f1f1f';
  if (record.kind === KIND.NOTE) pill.style.background = '#ffd60a';
  const entry = el('section', { class: 'entry', 'data-key': record.key }, [
    el('div', { class: 'head' }, [pill, el('span', { class: 'kind', text: kindName(record) })]),
  ]);
  if (record.text && record.textFormat === 'text/html') {
    const parsed = new DOMParser().parseFromString(record.text, 'text/html'); // inert: no scripts
    entry.append(el('div', { class: 'text' }, htmlBodyNodes(parsed, document)));
  } else if (record.text) entry.append(el('p', { class: 'text', text: record.text }));
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
  const meta = [`Set: ${record.setTitle}`];
  if (record.author) meta.push(`by ${record.author}`);
  const date = formatDate(record.modified ?? record.created);
  if (date) meta.push(date);
  entry.append(el('div', { class: 'meta', text: meta.join(' · ') }));
  if (record.canEdit && (onEdit || onDelete)) {
    const actions = el('div', { class: 'actions' });
    if (onEdit) {
      const edit = el('button', { type: 'button', text: 'Edit' });
      edit.addEventListener('click', () => onEdit(record));
      actions.append(edit);
    }
    if (onDelete) {
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
    entry.append(actions);
  }
  return entry;
}

/** Creates the page's one card. `actions` has onEdit/onDelete callbacks. */
export function createCard(actions) {
  const { host, root } = shadowHost('footnote-card', SHADOW_CSS);
  forceStyle(host, {
    all: 'initial',
    position: 'fixed',
    'z-index': '2147483647',
    display: 'none',
    top: '0',
    left: '0',
  });
  const card = el('div', { class: 'card', role: 'dialog', 'aria-label': 'Footnote annotation' });
  root.append(card);
  let anchor = null;
  let hideTimer = null;

  function place(mark) {
    const rect = mark.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 16);
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    forceStyle(host, { display: 'block', left: `${left}px`, top: '0px' });
    const height = card.getBoundingClientRect().height;
    const below = rect.bottom + 6;
    const top =
      below + height > window.innerHeight && rect.top - height - 6 > 0
        ? rect.top - height - 6
        : below;
    forceStyle(host, { top: `${Math.max(4, top)}px` });
  }

  const api = {
    host,
    get anchor() {
      return anchor;
    },
    contains: (node) => node === host,
    show(mark, records) {
      clearTimeout(hideTimer);
      if (!host.isConnected) document.documentElement.append(host);
      card.replaceChildren(...records.map((record) => renderEntry(record, actions)));
      anchor = mark;
      place(mark);
    },
    hideSoon() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(api.hide, 250);
    },
    cancelHide() {
      clearTimeout(hideTimer);
    },
    hide() {
      clearTimeout(hideTimer);
      anchor = null;
      forceStyle(host, { display: 'none' });
    },
    isOpen: () => anchor !== null,
    focusFirst() {
      card.querySelector('a, button')?.focus();
    },
  };
  host.addEventListener('mouseenter', api.cancelHide);
  host.addEventListener('mouseleave', api.hideSoon);
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      const mark = anchor;
      api.hide();
      mark?.focus();
    }
  });
  return api;
}
