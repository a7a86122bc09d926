// The shared vectors in tests/vectors/*.json (pytest runs the same files with the same expectations).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import {
  anchorQuote,
  codePointsToUnits,
  compileLabels,
  describeQuote,
  matchClaims,
  normalize,
  pageText,
  sentenceSpans,
  unitsToCodePoints,
  urlMatches,
} from '../src/match/index.js';
import { stem } from '../src/match/stems.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function loadVectors(name) {
  return JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', `${name}.json`), 'utf8'));
}

/** A {start, end} in UTF-16 units of `text` as code points. */
function toCodePoints(text, span) {
  return {
    ...span,
    start: unitsToCodePoints(text, span.start),
    end: unitsToCodePoints(text, span.end),
  };
}

/** The normalisation maps indexed and valued in code points (index: normalised text). */
function codePointMaps(input, norm) {
  const map = [];
  const ends = [];
  for (let i = 0; i < norm.text.length;) {
    map.push(unitsToCodePoints(input, norm.map[i]));
    ends.push(unitsToCodePoints(input, norm.ends[i]));
    i += norm.text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  map.push(unitsToCodePoints(input, norm.map[norm.text.length]));
  ends.push(unitsToCodePoints(input, norm.ends[norm.text.length]));
  return { map, ends };
}

describe('normalize vectors', () => {
  for (const v of loadVectors('normalize')) {
    test(v.name, () => {
      const norm = normalize(v.input);
      assert.equal(norm.text, v.text);
      assert.equal(norm.map.length, norm.text.length + 1);
      if (v.map) {
        const maps = codePointMaps(v.input, norm);
        assert.deepEqual(maps.map, v.map);
        assert.deepEqual(maps.ends, v.ends);
      }
    });
  }
});

describe('claims vectors', () => {
  for (const v of loadVectors('claims')) {
    test(v.name, () => {
      const matcher = compileLabels(v.labels);
      const langs = v.langs?.map(([start, end, lang]) => ({
        start: codePointsToUnits(v.text, start),
        end: codePointsToUnits(v.text, end),
        lang,
      }));
      const hits = matchClaims(matcher, v.text, v.url, { lang: v.lang, langs });
      assert.deepEqual(
        hits.map((h) => toCodePoints(v.text, h)),
        v.hits.map(({ id, start, end }) => ({ id, start, end })),
      );
      assert.deepEqual(
        hits.map((h) => v.text.slice(h.start, h.end)),
        v.hits.map((h) => h.text),
      );
    });
  }
});

describe('anchor vectors', () => {
  for (const v of loadVectors('anchor')) {
    test(v.name, () => {
      const hint = v.hint === undefined ? undefined : codePointsToUnits(v.text, v.hint);
      const result = anchorQuote(v.text, v.selector, { hint });
      if (v.result === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result, 'expected an anchor, got an orphan');
      const cp = toCodePoints(v.text, result);
      assert.deepEqual([cp.start, cp.end], [v.result.start, v.result.end]);
      assert.equal(v.text.slice(result.start, result.end), v.result.text);
      if ('score' in v.result) assert.equal(result.score, v.result.score);
      else assert.ok(result.score > 0 && result.score < 1, `score ${result.score}`);
    });
  }
});

describe('describe vectors', () => {
  for (const v of loadVectors('describe')) {
    test(v.name, () => {
      const start = codePointsToUnits(v.text, v.start);
      const end = codePointsToUnits(v.text, v.end);
      assert.deepEqual(describeQuote(v.text, start, end), v.selectors);
    });
  }
});

describe('URL pattern vectors', () => {
  for (const v of loadVectors('url-patterns')) {
    test(`${v.patterns.join(' ')} ~ ${v.url}`, () => {
      assert.equal(urlMatches(v.patterns, v.url), v.matches);
    });
  }
});

describe('page-text vectors', () => {
  for (const v of loadVectors('page-text')) {
    test(v.name, () => {
      const html = /<html/i.test(v.html) ? v.html : `<html>${v.html}</html>`;
      const { document } = parseHTML(html);
      const page = pageText(document);
      assert.equal(page.text, v.text);
      assert.equal(page.lang, v.lang);
      if (v.langs) {
        const runs = page.langs.map((r) => [
          unitsToCodePoints(page.text, r.start),
          unitsToCodePoints(page.text, r.end),
          r.lang,
        ]);
        assert.deepEqual(runs, v.langs);
      }
    });
  }
});

describe('sentence vectors', () => {
  for (const v of loadVectors('sentences')) {
    test(v.name, () => {
      const spans = sentenceSpans(v.text);
      assert.deepEqual(
        spans.map(([s, e]) => v.text.slice(s, e)),
        v.sentences,
      );
    });
  }
});

describe('stem vectors (Snowball, words of the corpus pages)', () => {
  const vectors = loadVectors('stems');
  for (const lang of ['en', 'de', 'fr']) {
    test(`${lang}: every stem as in Python`, () => {
      const { words } = vectors[lang];
      assert.ok(words.length >= 10000);
      const wrong = words.filter(([word, expected]) => stem(word, lang) !== expected);
      assert.deepEqual(wrong, []);
    });
  }
});
