import assert from 'node:assert/strict';
import { test } from 'node:test';

import { claimSelector } from '../src/content/claim-selector.js';

test('a new label from the editor: first group highlighted, one sentence window', () => {
  assert.deepEqual(claimSelector([['open source'], ['llama']]), {
    type: 'ClaimPatternSelector',
    all: [['open source'], ['llama']],
    highlight: 0,
    window: 'sentence',
  });
});

test('editing keeps exceptions, languages, URL limits, window, highlight and extra groups', () => {
  const stored = {
    type: 'ClaimPatternSelector',
    all: [['llama 4'], ['open source'], ['meta']],
    highlight: 1,
    window: 120,
    languages: ['de'],
    include: ['example.com'],
    exclude: ['opensource.org'],
    not: ['open source initiative'],
  };
  const edited = claimSelector(
    [
      ['llama 4', 'llama'],
      ['open source', 'quelloffen'],
    ],
    stored,
  );
  assert.deepEqual(edited, {
    ...stored,
    all: [['llama 4', 'llama'], ['open source', 'quelloffen'], ['meta']],
  });
});

test('a highlight that no longer points at a group falls back to the first', () => {
  const stored = { type: 'ClaimPatternSelector', all: [['a'], ['b']], highlight: 1 };
  assert.equal(claimSelector([['a']], stored).highlight, 0);
});
