// Structural selectors in tests/vectors/selectors.json (pytest runs the same file).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { unitsToCodePoints } from '../src/match/offsets.js';
import { anchorTarget, loadPage, resolveXPath } from '../src/match/selectors.js';
import { parseTextDirective } from '../src/match/text-fragment.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VECTORS = JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', 'selectors.json'), 'utf8'));
const dom = loadPage(parseHTML(VECTORS.html).document);

describe('selector vectors', () => {
  for (const c of VECTORS.cases) {
    test(c.name, () => {
      const found = anchorTarget(dom, c.target);
      if (c.result === null) {
        assert.equal(found, null);
        return;
      }
      assert.ok(found, 'anchored');
      assert.deepEqual(
        [unitsToCodePoints(dom.text, found.start), unitsToCodePoints(dom.text, found.end)],
        [c.result.start, c.result.end],
      );
      assert.equal(dom.text.slice(found.start, found.end), c.result.text);
    });
  }
});

test('xpaths outside the subset select nothing', () => {
  for (const path of ['html/body', '/html/body/p[0]', '/html//p', '/html/body/p[@id=x]', '', 42]) {
    assert.deepEqual(resolveXPath(dom, path), [], String(path));
  }
});

test('text directives parse as in Python', () => {
  const cases = [
    [':~:text=a', { prefix: null, start: 'a', end: null, suffix: null }],
    [':~:text=p-,a,b,-s', { prefix: 'p', start: 'a', end: 'b', suffix: 's' }],
    ['id:~:text=a%2Cb', { prefix: null, start: 'a,b', end: null, suffix: null }],
    [':~:text=', null],
    [':~:text=a,b,c', null],
    ['para-3', null],
    [':~:other=1', null],
  ];
  for (const [fragment, parsed] of cases) assert.deepEqual(parseTextDirective(fragment), parsed);
});
