// Where the card goes (content/card.js cardPlacement), what marks are called and which of them
// are in the Tab order (content/marks.js): pure functions and a linkedom registry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import {
  CARD_WIDTH,
  GAP,
  MARGIN,
  cardPlacement,
  placeInArea,
  visibleArea,
} from '../src/content/card.js';
import { ariaLabel, createRegistry, moveTabStop, removeMarks } from '../src/content/marks.js';
import { bannerSummary } from '../src/content/banner.js';

const claim = (verdict, extra = {}) => ({
  key: 'c',
  kind: 'claim',
  verdict,
  setTitle: 'S',
  ...extra,
});
const note = { key: 'n', kind: 'note', motivation: 'commenting', setTitle: 'S' };

describe('cardPlacement', () => {
  const widths = [320, 390, 768, 1280, 2560];
  const heights = [568, 844, 1024, 800];
  const cards = [120, 400, 2000];

  test('inside the viewport and never over its mark, at every size', () => {
    for (const width of widths) {
      for (const height of heights) {
        for (const cardHeight of cards) {
          for (const top of [4, height / 2, height - 30]) {
            for (const left of [0, width / 2, width - 40]) {
              const mark = { left, top, bottom: top + 20 };
              const spot = cardPlacement(mark, { width, height }, cardHeight);
              const shown = Math.min(cardHeight, spot.maxHeight);
              const bottom = spot.top + shown;
              const where = JSON.stringify({ width, height, cardHeight, mark, spot });
              assert.ok(spot.left >= MARGIN - 0.01, where);
              assert.ok(spot.left + spot.width <= width - MARGIN + 0.01, where);
              assert.ok(spot.top >= MARGIN - 0.01 && bottom <= height - MARGIN + 0.01, where);
              assert.ok(
                bottom <= mark.top - GAP + 0.01 || spot.top >= mark.bottom + GAP - 0.01,
                where,
              );
            }
          }
        }
      }
    }
  });

  test('below when it fits, flips above when only that fits, scrolls on the roomier side', () => {
    const viewport = { width: 1280, height: 800 };
    assert.equal(cardPlacement({ left: 10, top: 100, bottom: 120 }, viewport, 300).side, 'below');
    assert.equal(cardPlacement({ left: 10, top: 700, bottom: 720 }, viewport, 300).side, 'above');
    const tall = cardPlacement({ left: 10, top: 300, bottom: 320 }, viewport, 2000);
    assert.equal(tall.side, 'below');
    assert.equal(tall.maxHeight, 800 - MARGIN - 320 - GAP);
  });

  test('320 px wide: the card takes the width less the margins', () => {
    const spot = cardPlacement(
      { left: 200, top: 100, bottom: 120 },
      { width: 320, height: 568 },
      200,
    );
    assert.deepEqual([spot.left, spot.width], [MARGIN, 320 - 2 * MARGIN]);
  });
});

describe('a page shown zoomed out, or pinch-zoomed', () => {
  // A page without <meta name=viewport> on a 390×844 phone: laid out 980 px wide, scale 0.398.
  const phone = { scale: 390 / 980, offsetLeft: 0, offsetTop: 0, width: 980, height: 2121 };

  test('the card is zoomed back to its readable size', () => {
    const area = visibleArea(phone);
    assert.ok(Math.abs(area.zoom * phone.scale - 1) < 1e-9, JSON.stringify(area));
    assert.deepEqual(visibleArea({ ...phone, scale: 1 }).zoom, 1, 'a phone page: as it is');
    assert.deepEqual(visibleArea({ ...phone, scale: 2 }).zoom, 1, 'zoomed in: the reader’s choice');
  });

  test('inside the visible part on screen, at phone width, never over its mark', () => {
    const area = visibleArea(phone);
    for (const top of [10, 1000, 2080]) {
      const mark = { left: 900, top, bottom: top + 50 };
      const height = 300 * area.zoom; // as drawn: zoomed
      const spot = placeInArea(mark, area, height);
      const where = JSON.stringify({ mark, spot });
      const drawn = {
        width: spot.width * area.zoom,
        height: Math.min(300, spot.maxHeight) * area.zoom,
      };
      // On screen (times the page's scale): the width of a card on a 390 px phone.
      assert.ok(
        Math.abs(drawn.width * phone.scale - Math.min(CARD_WIDTH, 390 - 2 * MARGIN)) < 0.01,
        where,
      );
      assert.ok(spot.left >= 0 && spot.left + drawn.width <= 980 + 0.01, where);
      assert.ok(spot.top >= 0 && spot.top + drawn.height <= 2121 + 0.01, where);
      const clear = spot.top + drawn.height <= mark.top || spot.top >= mark.bottom;
      assert.ok(clear, where);
    }
  });

  test('a pinch zoom moves the card with the visible part', () => {
    const zoomedIn = { scale: 2, offsetLeft: 400, offsetTop: 3000, width: 195, height: 422 };
    const area = visibleArea(zoomedIn);
    const mark = { left: 450, top: 3100, bottom: 3120 };
    const spot = placeInArea(mark, area, 150);
    assert.equal(spot.side, 'below');
    assert.ok(spot.left >= 400 && spot.left + spot.width <= 400 + 195 + 0.01, JSON.stringify(spot));
    assert.equal(spot.top, 3120 + GAP);
    assert.ok(spot.top + 150 <= 3000 + 422, JSON.stringify(spot));
  });
});

describe('accessible names', () => {
  test('read as content: what it is, the words, then what Enter does', () => {
    assert.equal(
      ariaLabel('open source', [claim('disputed')]),
      'Disputed claim: open source. Press Enter for details',
    );
    assert.equal(
      ariaLabel('a  passage\n here', [note]),
      'Note: a passage here. Press Enter for details',
    );
    assert.equal(
      ariaLabel('x', [claim(null), note]),
      'Claim label and Note: x. Press Enter for details',
    );
  });

  test('banner line says what the label is and what it says', () => {
    const site = {
      key: 's',
      kind: 'site',
      verdict: 'satire',
      text: 'Satire  site.',
      setTitle: 'S',
    };
    assert.equal(bannerSummary([site]), 'Site label: Satire site.');
    assert.equal(bannerSummary([site, note]), 'Site label: Satire site. (+1 more)');
  });
});

describe('one Tab stop per annotation', () => {
  test('moving the stop takes the old mark out of the Tab order; removing it hands it on', () => {
    const { document, window } = parseHTML(
      '<p><footnote-mark id="a">x</footnote-mark> <footnote-mark id="b">y</footnote-mark></p>',
    );
    globalThis.Node = window.Node;
    const registry = createRegistry();
    const [a, b] = ['a', 'b'].map((id) => document.getElementById(id));
    for (const mark of [a, b]) {
      registry.marks.add(mark);
      registry.keysOf.set(mark, ['k']);
      mark.setAttribute('tabindex', '-1');
    }
    registry.drawn.set('k', new Set([a, b]));
    moveTabStop(registry, 'k', a);
    assert.deepEqual([a.getAttribute('tabindex'), b.getAttribute('tabindex')], ['0', '-1']);
    moveTabStop(registry, 'k', b);
    assert.deepEqual([a.getAttribute('tabindex'), b.getAttribute('tabindex')], ['-1', '0']);
    removeMarks(registry, new Set(['k']));
    assert.equal(registry.tabStops.has('k'), false);
  });
});
