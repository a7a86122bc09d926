// Unit tests of the text engine beyond the shared vectors: DOM-like trees, range segments, the
// automaton against a naive search, many labels, offsets with surrogate pairs.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import approxSearch from 'approx-string-match';
import { AhoCorasick } from '../src/match/aho-corasick.js';
import { lowestMatches } from '../src/match/anchor.js';
import {
  anchorQuote,
  compileLabels,
  describeQuote,
  matchClaims,
  normalize,
  pageText,
  prepare,
  rangeSegments,
} from '../src/match/index.js';

// A deterministic pseudo-random source (mulberry32).
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Plain objects shaped like DOM nodes: no DOM library at all.
const el = (name, attrs, ...children) => ({
  nodeType: 1,
  localName: name,
  childNodes: children,
  getAttribute: (key) => (key in attrs ? attrs[key] : null),
});
const txt = (data) => ({ nodeType: 3, data });

describe('pageText', () => {
  test('works on plain DOM-like objects and maps ranges back to text nodes', () => {
    const a = txt('Meta calls ');
    const b = txt('Llama 4');
    const c = txt(' open source.');
    const root = {
      nodeType: 9,
      documentElement: null,
      childNodes: [
        el(
          'html',
          { lang: 'en-GB' },
          el('body', {}, el('p', {}, a, el('b', {}, b), c), el('p', { hidden: '' }, txt('secret'))),
        ),
      ],
    };
    root.documentElement = root.childNodes[0];
    const page = pageText(root);
    assert.equal(page.text, 'Meta calls Llama 4 open source.');
    assert.equal(page.lang, 'en');
    const start = page.text.indexOf('Llama');
    const pieces = rangeSegments(page, start, start + 'Llama 4 open'.length);
    assert.deepEqual(
      pieces.map((p) => [p.node, p.start, p.end]),
      [
        [b, 0, 7],
        [c, 0, 5],
      ],
    );
  });

  test('range segments on linkedom slice the right text out of each node', () => {
    const { document } = parseHTML(
      '<html><body><p>Das Open-<em>Source</em>-KI-Modell &amp; “Llama 4”</p><div>Zweiter Absatz</div></body></html>',
    );
    const page = pageText(document);
    const start = page.text.indexOf('Open');
    const end = page.text.indexOf('Absatz') + 3;
    const pieces = rangeSegments(page, start, end).map((p) => p.node.data.slice(p.start, p.end));
    assert.equal(page.text.slice(start, end), 'Open-Source-KI-Modell & “Llama 4”\nZweiter Abs');
    // The block boundary is not in any node; everything else is, in order.
    assert.equal(pieces.join(''), 'Open-Source-KI-Modell & “Llama 4”Zweiter Abs');
    assert.deepEqual(pieces.slice(0, 2), ['Open-', 'Source']);
  });

  test('wrapping a range in <footnote-mark> (with a badge) leaves the page text unchanged', () => {
    const { document } = parseHTML(
      '<html><body><p>Meta calls Llama 4 open source today.</p></body></html>',
    );
    const before = pageText(document);
    const start = before.text.indexOf('open source');
    const [piece] = rangeSegments(before, start, start + 'open source'.length);
    // Split the text node around the range (linkedom has no splitText).
    const data = piece.node.data;
    piece.node.data = data.slice(0, piece.start);
    const target = document.createTextNode(data.slice(piece.start, piece.end));
    const rest = document.createTextNode(data.slice(piece.end));
    piece.node.parentNode.insertBefore(rest, piece.node.nextSibling);
    piece.node.parentNode.insertBefore(target, rest);
    const mark = document.createElement('footnote-mark');
    target.parentNode.insertBefore(mark, target);
    mark.append(target);
    const badge = document.createElement('footnote-badge');
    badge.textContent = 'disputed';
    mark.append(badge);
    const after = pageText(document);
    assert.equal(after.text, before.text);
    const [again] = rangeSegments(after, start, start + 'open source'.length);
    assert.equal(again.node, target);
    assert.deepEqual([again.start, again.end], [0, 'open source'.length]);
  });

  test('an isHidden hook removes more subtrees', () => {
    const { document } = parseHTML(
      '<html><body><p class="ad">Buy now</p><p>Article</p></body></html>',
    );
    const page = pageText(document, { isHidden: (node) => node.getAttribute('class') === 'ad' });
    assert.equal(page.text, 'Article');
  });
});

describe('Aho-Corasick automaton', () => {
  test('finds exactly what a naive search finds', () => {
    const rnd = random(7);
    const pick = (alphabet, n) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = [
        ...new Set(Array.from({ length: 30 }, () => pick('abcé😀', 1 + Math.floor(rnd() * 5)))),
      ];
      const text = pick('abcé😀 ', 300);
      const naive = [];
      patterns.forEach((p, k) => {
        for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) {
          naive.push(`${k}:${i}:${i + p.length}`);
        }
      });
      // Dense transition rows for every level, one level or two, and none.
      for (const maxDense of [undefined, 60, 200, 0]) {
        const found = [];
        const automaton = new AhoCorasick(patterns, maxDense);
        automaton.search(text, (k, s, e) => found.push(`${k}:${s}:${e}`));
        assert.deepEqual(found.sort(), [...naive].sort(), `maxDense ${maxDense}`);
      }
    }
  });
});

describe('claims', () => {
  test('10,000 labels of 5 aliases compile into one automaton and fire correctly', () => {
    const labels = [];
    for (let i = 0; i < 10000; i++) {
      labels.push({
        id: `l${i}`,
        all: [
          [`name${i}`, `alias${i}a`, `alias${i} b`],
          [`claim${i}`, `thing${i}`],
        ],
        highlight: 1,
        window: 'sentence',
      });
    }
    const matcher = compileLabels(labels);
    assert.equal(matcher.patterns.length, 50000);
    const text = 'Alias42 B says thing42. Name7 and claim8 differ. NAME9999 is Claim9999!';
    const hits = matchClaims(matcher, text, 'https://example.org/');
    assert.deepEqual(
      hits.map((h) => [h.id, text.slice(h.start, h.end)]),
      [
        ['l42', 'thing42'],
        ['l9999', 'Claim9999'],
      ],
    );
  });

  test('the page cache does not mix two texts', () => {
    const matcher = compileLabels([{ id: 'x', all: [['llama'], ['open source']], highlight: 0 }]);
    assert.equal(matchClaims(matcher, 'Llama is open source.', null).length, 1);
    assert.equal(matchClaims(matcher, 'Llama is closed.', null).length, 0);
  });
});

describe('offsets and anchoring', () => {
  test('normalisation maps are monotone and cover the input', () => {
    const rnd = random(3);
    const alphabet = [
      'a',
      'B',
      ' ',
      '\n',
      '-',
      '\u00ad',
      'ß',
      'İ',
      'ﬁ',
      'e\u0301',
      '😀',
      '\u200f',
      'Ｌ',
    ];
    for (let round = 0; round < 200; round++) {
      const input = Array.from(
        { length: 30 },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
      const norm = normalize(input);
      assert.equal(norm.map.length, norm.text.length + 1);
      assert.equal(norm.map[norm.text.length], input.length);
      for (let i = 0; i < norm.text.length; i++) {
        assert.ok(norm.map[i] <= norm.map[i + 1] && norm.map[i] < norm.ends[i]);
      }
    }
  });

  test('anchors return UTF-16 offsets; describe returns code points', () => {
    const text = '😀😀 Meta released Llama 4. 🎉 Meta released Llama 4 again.';
    const start = text.indexOf('Meta', 10);
    const selectors = describeQuote(text, start, start + 'Meta released Llama 4'.length);
    assert.equal(selectors[1].start, start - 3);
    assert.deepEqual(anchorQuote(text, selectors), { start, end: start + 21, score: 1 });
    assert.deepEqual(anchorQuote(text, { exact: 'Meta released Llama 4' }, { hint: start + 2 }), {
      start,
      end: start + 21,
      score: 1,
    });
  });
});

describe('approximate search through the q-gram filter', () => {
  test('finds what a scan of the whole text finds', () => {
    const rnd = random(13);
    const words = ['open', 'source', 'model', 'llama', 'meta', 'the', 'of', 'release', 'weights'];
    const sentence = (n) =>
      Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
    let filtered = 0;
    for (let round = 0; round < 200; round++) {
      const text = sentence(150 + Math.floor(rnd() * 300));
      const at = Math.floor(rnd() * (text.length - 80));
      let pattern = text.slice(at, at + 20 + Math.floor(rnd() * 60));
      // A few random edits, so matches have errors.
      for (let e = Math.floor(rnd() * 4); e > 0; e--) {
        const i = Math.floor(rnd() * pattern.length);
        pattern = pattern.slice(0, i) + 'xyz'[Math.floor(rnd() * 3)] + pattern.slice(i + 1);
      }
      if (rnd() < 0.3) pattern = sentence(12).slice(0, 40); // often nowhere close
      const maxErrors = Math.floor(pattern.length * 0.2);
      const prepared = prepare(text);
      const ours = lowestMatches(prepared, pattern, maxErrors);
      if (prepared.grams) filtered += 1;
      assert.deepEqual(ours, approxSearch(prepared.cp, pattern, maxErrors), `round ${round}`);
    }
    assert.ok(filtered > 50, `the filter ran in ${filtered} rounds`);
  });
});
