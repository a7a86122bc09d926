// The demo label fires on the seed article's Llama 4 sentence, not on the name of the Open Source
// Initiative (its `not` phrases), and on no readability page (pages parsed with linkedom): the twin
// of tests/python/test_corpus_claims.py.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { compileLabels, matchClaims, pageText } from '../src/match/index.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(process.env.FOOTNOTE_SHARED || join(REPO, '..', 'shared'), 'corpus');
const SKIP = !existsSync(CORPUS) && `${CORPUS} is absent`;
const SEED_URL = 'https://news.example.org/tech/meta-avocado-gebuehren-ki-modelle';
const LLAMA_SENTENCE =
  'Das vergangene Jahr war geprägt von der Einführung des Open-Source-KI-Modells “Llama 4” ' +
  'durch Meta.';
const OSI_SENTENCE =
  'Allerdings ist der Begriff ‘Open Source’ etwas umstritten, da die Open Source Initiative ' +
  'dieser Einstufung von Llama 4 widersprochen hat.';

const demoLabel = () =>
  JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', 'demo-label.json'), 'utf8'));
const demoMatcher = () => compileLabels([demoLabel()]);

const pageOf = (path) => pageText(parseHTML(readFileSync(path, 'utf8')).document);

test('the demo label fires on the Llama 4 sentence', { skip: SKIP }, () => {
  const page = pageOf(join(CORPUS, 'seed', 'meta-avocado-de.html'));
  const hits = matchClaims(demoMatcher(), page.text, SEED_URL, { lang: page.lang });
  for (const h of hits) {
    console.log(
      `seed hit ${page.text.slice(h.start, h.end)} in …${page.text.slice(h.start - 60, h.end + 40)}…`,
    );
  }
  const sentence = page.text.indexOf(LLAMA_SENTENCE);
  assert.ok(sentence >= 0);
  const inside = hits.filter(
    (h) => h.start >= sentence && h.start < sentence + LLAMA_SENTENCE.length,
  );
  assert.deepEqual(
    inside.map((h) => page.text.slice(h.start, h.end)),
    ['Open-Source'],
  );
  // The seed page's elements carry no other language: the same hits per element.
  const perElement = { lang: page.lang, langs: page.langs };
  assert.deepEqual(matchClaims(demoMatcher(), page.text, SEED_URL, perElement), hits);
});

test('the demo label leaves the Open Source Initiative unmarked', { skip: SKIP }, () => {
  const page = pageOf(join(CORPUS, 'seed', 'meta-avocado-de.html'));
  const hits = matchClaims(demoMatcher(), page.text, SEED_URL, { lang: page.lang });
  const sentence = page.text.indexOf(OSI_SENTENCE);
  assert.ok(sentence >= 0);
  const osi = page.text.indexOf('Open Source Initiative', sentence);
  const inside = hits.filter(
    (h) => h.start >= sentence && h.start < sentence + OSI_SENTENCE.length,
  );
  // The disputed term itself is still marked; the organisation's name is not.
  assert.deepEqual(
    inside.map((h) => h.start - sentence),
    [OSI_SENTENCE.indexOf('Open Source’')],
  );
  assert.ok(!hits.some((h) => h.start < osi + 'Open Source Initiative'.length && osi < h.end));
  // Without its `not` phrases the same label marks the name: the exception is what removes it.
  const plain = demoLabel();
  delete plain.not;
  const plainHits = matchClaims(compileLabels([plain]), page.text, SEED_URL, { lang: page.lang });
  assert.ok(plainHits.some((h) => h.start === osi));
});

test('the demo label fires on no readability page', { skip: SKIP }, () => {
  const matcher = demoMatcher();
  const dir = join(CORPUS, 'readability');
  const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory());
  const fired = [];
  for (const name of names) {
    for (const file of ['source.html', 'expected.html']) {
      const page = pageOf(join(dir, name, file));
      // Without the language filter too: the words themselves must not fire; and with the
      // languages of the page's elements.
      const ways = [{ lang: page.lang }, {}, { lang: page.lang, langs: page.langs }];
      for (const way of ways) {
        for (const h of matchClaims(matcher, page.text, `https://${name}.test/`, way)) {
          fired.push(`${name}/${file}: ${page.text.slice(h.start - 80, h.end + 80)}`);
        }
      }
    }
  }
  console.log(`demo label on ${names.length} readability pages: ${fired.length} hits`);
  assert.equal(names.length, 91);
  assert.deepEqual(fired, []);
});
