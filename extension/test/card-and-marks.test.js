// Where the card goes (content/card.js cardPlacement), what marks are called and which of them
// are in the Tab order (content/marks.js): pure functions and a linkedom registry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { GAP, MARGIN, cardPlacement } from '../src/content/card.js';
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
