// The background bundle keeps only the English, French and German stemmers of snowball-stemmers
// (extension/stemmer-subset.mjs): the cut file must stem every word of tests/vectors/stems.json
// as the vector says and as the whole package does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { KEPT_STEMMERS, trimStemmers } from '../stemmer-subset.mjs';
import { ALGORITHMS } from '../src/match/stems.js';

const require = createRequire(import.meta.url);
const packagePath = require.resolve('snowball-stemmers');
const whole = require('snowball-stemmers');

function load(source) {
  const module = { exports: {} };
  new Function('exports', 'module', 'define', source)(module.exports, module, undefined);
  return module.exports;
}

const source = readFileSync(packagePath, 'utf8');
const cut = load(trimStemmers(source));
const vectors = JSON.parse(
  readFileSync(new URL('../../tests/vectors/stems.json', import.meta.url), 'utf8'),
);

test('the cut file keeps exactly the languages the engine stems, and is much smaller', () => {
  assert.deepEqual([...Object.values(ALGORITHMS)].sort(), [...KEPT_STEMMERS].sort());
  assert.deepEqual(cut.algorithms(), KEPT_STEMMERS);
  assert.ok(trimStemmers(source).length < source.length / 4);
  assert.throws(() => cut.newStemmer('dutch'));
});

for (const [lang, algorithm] of Object.entries(ALGORITHMS)) {
  test(`${algorithm}: every vector word stems as in the vector and in the whole package`, () => {
    const mine = cut.newStemmer(algorithm);
    const theirs = whole.newStemmer(algorithm);
    const words = vectors[lang].words;
    assert.ok(words.length >= 10000);
    for (const [word, expected] of words) {
      const input = lang === 'fr' ? word.replaceAll('ë', 'e') : word;
      const got = mine.stem(input);
      assert.equal(got, expected, word);
      assert.equal(got, theirs.stem(input), word);
    }
  });
}

test('a layout the cut does not know is an error, not a wrong bundle', () => {
  assert.throws(() => trimStemmers('module.exports = {};'), /unexpected layout/);
});
