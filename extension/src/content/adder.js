/**
 * The selection adder: a small toolbar at the reader's selection (Note, Label this claim, Copy
 * link), in a closed shadow root, placed above the selection (below when there is no room) and
 * never over it. It takes no focus from the page and does not clear the selection when pressed.
 */
import { el, floatingHost, forceStyle } from './dom.js';
import { SHADOW_CSS } from './look.js';
import { placeInArea, visibleArea } from './card.js';

const ADDER_CSS = `
.adder { display: inline-flex; gap: 2px; padding: 3px; background: #1f1f1f; border-radius: 8px;
  box-shadow: 0 4px 14px rgba(0,0,0,.3); font: 13px/1.2 system-ui, sans-serif; }
.adder button { background: transparent; color: #fff; border: none; border-radius: 6px; padding: 6px 10px;
  min-height: 32px; white-space: nowrap; }
.adder button:hover, .adder button:focus-visible { background: #3c4043; outline: 2px solid #8ab4f8; outline-offset: 0; }
.adder .said { color: #c8e6c9; padding: 6px 8px; }
`;

/** Creates the adder. `actions` has onNote(), onLabel() and onCopyLink() (which may return words to say). */
export function createAdder(actions) {
  const { host, root } = floatingHost('footnote-adder', SHADOW_CSS + ADDER_CSS);
  const said = el('span', { class: 'said', role: 'status' });
  const button = (text, run) => {
    const b = el('button', { type: 'button', text });
    b.addEventListener('click', async () => {
      const words = await run();
      said.textContent = words || '';
    });
    return b;
  };
  const bar = el(
    'div',
    { class: 'adder', role: 'toolbar', 'aria-label': 'Footnote: annotate the selection' },
    [
      button('Note', actions.onNote),
      button('Label this claim', actions.onLabel),
      button('Copy link', actions.onCopyLink),
      said,
    ],
  );
  root.append(bar);
  // Pressing a button must not collapse the page's selection.
  host.addEventListener('mousedown', (event) => event.preventDefault());

  return {
    host,
    contains: (node) => node === host,
    isOpen: () => host.isConnected && host.style.display === 'block',
    /** Shows the toolbar next to `rect` (the selection's box in the viewport). */
    show(rect) {
      said.textContent = '';
      if (!host.isConnected) document.documentElement.append(host);
      // On a page shown zoomed out (no viewport meta on a phone), zoomed back to size, as the card.
      const area = visibleArea();
      bar.style.zoom = area.zoom === 1 ? '' : String(area.zoom);
      forceStyle(host, { display: 'block', left: '0px', top: '0px' });
      const box = bar.getBoundingClientRect();
      // Above the selection first (the native touch menu and the reader's eyes go below).
      const spot = placeInArea(
        { left: rect.left, top: rect.top, bottom: rect.bottom },
        area,
        box.height,
        { prefer: 'above', width: box.width / area.zoom },
      );
      forceStyle(host, { left: `${spot.left}px`, top: `${spot.top}px` });
    },
    hide() {
      forceStyle(host, { display: 'none' });
    },
  };
}
