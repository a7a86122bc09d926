/**
 * Site labels and page-level notes: one banner at the top of the page, in a closed shadow root.
 */
import { el, forceStyle, shadowHost } from './dom.js';
import { KIND } from '../shared/vocabulary.js';
import { SHADOW_CSS, lookOf } from './look.js';
import { renderEntry } from './card.js';

/** Creates the banner host (not yet in the page). */
export function createBanner(actions) {
  const { host, root } = shadowHost('footnote-banner', SHADOW_CSS);
  forceStyle(host, {
    all: 'initial',
    position: 'fixed',
    top: '0',
    left: '0',
    right: '0',
    'z-index': '2147483646',
    display: 'block',
  });
  let dismissed = false;
  let shown = [];
  return {
    host,
    /** Shows these records (site labels, page notes), or removes the banner when there are none. */
    show(records) {
      shown = records;
      if (!records.length || dismissed) {
        host.remove();
        return;
      }
      const look = lookOf(records.find((r) => r.kind === KIND.SITE) ?? records[0]);
      const close = el('button', {
        type: 'button',
        'aria-label': 'Hide Footnote banner',
        text: '×',
      });
      close.addEventListener('click', () => {
        dismissed = true;
        host.remove();
      });
      const banner = el(
        'div',
        { class: 'banner', role: 'region', 'aria-label': 'Footnote labels for this site' },
        [
          el(
            'div',
            { class: 'body' },
            records.map((record) => renderEntry(record, actions)),
          ),
          close,
        ],
      );
      banner.style.borderBottomColor = look.color;
      root.replaceChildren(root.querySelector('style'), banner);
      if (!host.isConnected) document.documentElement.append(host);
    },
    remove() {
      host.remove();
    },
    /** Shows a short message (an error) for a few seconds, then what was shown before. */
    flash(text) {
      const banner = el('div', { class: 'banner', role: 'alert' }, [
        el('div', { class: 'body error', text }),
      ]);
      root.replaceChildren(root.querySelector('style'), banner);
      if (!host.isConnected) document.documentElement.append(host);
      setTimeout(() => this.show(shown), 5000);
    },
  };
}
