// A claim label's `not` phrases survive the extension's path from a synced set to the engine:
// buildPageIndex → compileIndex → matchPage, for service and static (W3C) sets (docs/matching.md §3).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildPageIndex, compileIndex, matchPage } from '../src/background/page-index.js';
import { fromW3C } from '../src/background/static-sets.js';
import { compileLabels, matchClaims } from '../src/match/index.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICE = 'http://127.0.0.1:5000';
const TEXT =
  'Allerdings ist der Begriff ‘Open Source’ etwas umstritten, da die Open Source Initiative ' +
  'dieser Einstufung von Llama 4 widersprochen hat.';

const claim = (selector) => ({
  id: `${SERVICE}/api/annotations/l1`,
  kind: 'claim',
  motivation: 'assessing',
  verdict: 'disputed',
  body: [],
  target: { selector: { type: 'ClaimPatternSelector', ...selector } },
});

function marked(selector) {
  const follows = { 'svc:a': { id: 'svc:a', kind: 'service', setId: 'a', role: 'viewer' } };
  const setDatas = { 'svc:a': { annotations: { l1: claim(selector) } } };
  const compiled = compileIndex(buildPageIndex(follows, setDatas));
  const result = matchPage(compiled, { url: 'https://news.example.org/a', lang: 'de', text: TEXT });
  return result.hits.map((h) => TEXT.slice(h.start, h.end) + '@' + h.start);
}

const demoLabel = () =>
  JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', 'demo-label.json'), 'utf8'));

test('a synced claim label keeps its not phrases on the way to the engine', () => {
  const { all, highlight, window, languages } = demoLabel();
  const selector = { all, highlight, window, languages };
  const term = TEXT.indexOf('Open Source’');
  const name = TEXT.indexOf('Open Source Initiative');
  assert.deepEqual(marked(selector), [`Open Source@${term}`, `Open Source@${name}`]);
  assert.deepEqual(marked({ ...selector, not: ['Open-Source-Initiative'] }), [
    `Open Source@${term}`,
  ]);
});

test('one automaton serves aliases and not phrases: one pattern per distinct text', () => {
  const label = demoLabel();
  const matcher = compileLabels([label, { id: 'osi', all: [['open source initiative']] }]);
  const texts = matcher.patterns;
  assert.equal(new Set(texts).size, texts.length);
  const shared = texts.indexOf('open source initiative');
  // Tagged twice: the demo label's exception (group all.length) and the other label's alias.
  assert.deepEqual(
    matcher.entries[shared].map(([li, gi]) => [li, gi]),
    [
      [0, label.all.length],
      [1, 0],
    ],
  );
  const hits = matchClaims(matcher, 'The Open Source Initiative on Llama 4.', 'https://x.test/');
  assert.deepEqual(
    hits.map((h) => h.id),
    ['osi'],
  );
});

test('a static (W3C) set keeps not phrases too', () => {
  const w3c = {
    id: 'https://example.org/set.jsonld#l1',
    type: 'Annotation',
    motivation: 'assessing',
    target: {
      selector: {
        type: 'fn:ClaimPatternSelector',
        all: [['llama 4'], ['open source']],
        highlight: 1,
        not: ['open source initiative'],
      },
    },
  };
  const annotation = fromW3C(w3c, 'static');
  assert.deepEqual(annotation.target.selector.not, ['open source initiative']);
  const follows = { s: { id: 's', kind: 'static', setId: 'static' } };
  const compiled = compileIndex(
    buildPageIndex(follows, { s: { annotations: { l1: annotation } } }),
  );
  const text = 'The Open Source Initiative says Llama 4 is not open source.';
  const { hits } = matchPage(compiled, { url: 'https://x.test/', text });
  assert.deepEqual(
    hits.map((h) => text.slice(h.start, h.end) + '@' + h.start),
    [`open source@${text.lastIndexOf('open source')}`],
  );
});
