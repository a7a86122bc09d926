/**
 * Site labels and page-level notes: one slim bar docked at the top of the page, in a closed
 * shadow root. Docked, not floating: it sits in the page's flow before the body's first child, so
 * it covers no text and scrolls away with the page; it is one line tall until the reader opens
 * its details. Hiding it is remembered (by the caller) until one of its annotations changes.
 */
import { el, forceStyle, shadowHost } from './dom.js';
import { KIND } from '../shared/vocabulary.js';
import { SHADOW_CSS, kindName, lookOf } from './look.js';
import { renderEntry } from './card.js';

/** The one line the bar shows for a record: "Satire · Site label: <its text>". */
export function bannerSummary(records) {
  const first = records.find((r) => r.kind === KIND.SITE) ?? records[0];
  const what = kindName(first);
  const text = (first.text ?? '').replace(/\s+/g, ' ').trim();
  const more = records.length > 1 ? ` (+${records.length - 1} more)` : '';
  return `${what}${text ? `: ${text}` : ` from ${first.setTitle}`}${more}`;
}

/**
 * Creates the banner host (not yet in the page). `actions` are the card actions (Edit, Delete);
 * `onDismiss(records)` is called when the reader hides the banner.
 */
export function createBanner(actions, { onDismiss = () => {} } = {}) {
  const { host, root } = shadowHost('footnote-banner', SHADOW_CSS);
  forceStyle(host, {
    all: 'initial',
    display: 'block',
    position: 'relative',
    width: 'auto',
    margin: '0',
    'z-index': 'auto',
  });
  let shown = [];
  let expanded = false;

  function dock() {
    const body = document.body ?? document.documentElement;
    if (host.parentNode !== body || body.firstChild !== host) body.prepend(host);
  }

  function draw() {
    const records = shown;
    const first = records.find((r) => r.kind === KIND.SITE) ?? records[0];
    const look = lookOf(first);
    const pill = el('span', {
      class: 'pill',
      text: first.kind === KIND.NOTE ? kindName(first) : look.label,
    });
    pill.style.background = first.kind === KIND.NOTE ? '#ffd60a' : look.color;
    if (first.kind === KIND.NOTE) pill.style.color = '#1f1f1f';
    const details = el('button', {
      type: 'button',
      class: 'link',
      'aria-expanded': String(expanded),
      'aria-controls': 'footnote-banner-details',
      text: expanded ? 'Less' : 'Details',
    });
    details.addEventListener('click', () => {
      expanded = !expanded;
      draw();
      root.querySelector('button.link')?.focus();
    });
    const close = el('button', {
      type: 'button',
      class: 'close',
      'aria-label': 'Hide this Footnote banner until it changes',
      text: '×',
    });
    close.addEventListener('click', () => {
      onDismiss(shown);
      shown = [];
      host.remove();
    });
    const bar = el('div', { class: 'bar' }, [
      pill,
      el('span', { class: 'summary', text: bannerSummary(records) }),
      details,
      close,
    ]);
    const panel = expanded
      ? el(
          'div',
          { class: 'details', id: 'footnote-banner-details' },
          records.map((record) => renderEntry(record, actions)),
        )
      : null;
    const banner = el(
      'div',
      { class: 'banner', role: 'region', 'aria-label': 'Footnote: labels for this site' },
      [bar, panel],
    );
    banner.style.borderBottomColor = look.color;
    root.replaceChildren(root.querySelector('style'), banner);
    dock();
  }

  return {
    host,
    /** Shows these records (site labels, page notes), or removes the banner when there are none. */
    show(records) {
      shown = records;
      if (!records.length) {
        host.remove();
        return;
      }
      draw();
    },
    remove() {
      host.remove();
    },
    /** Shows a short message (an error) for a few seconds, then what was shown before. */
    flash(text) {
      const banner = el('div', { class: 'banner', role: 'alert' }, [
        el('div', { class: 'bar' }, [el('span', { class: 'summary error', text })]),
      ]);
      root.replaceChildren(root.querySelector('style'), banner);
      dock();
      setTimeout(() => this.show(shown), 5000);
    },
  };
}
