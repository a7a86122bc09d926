// The label editor's alias options (content/alias-options.js): ticked words become the option list.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readOptions, withOptions } from '../src/content/alias-options.js';
import { compileLabels, matchClaims } from '../src/match/index.js';

test('ticked options become the option list, language first, flags in a fixed order', () => {
  assert.equal(
    withOptions('Impfstoff', { lang: 'de', flags: ['compound', 'stem'] }),
    'Impfstoff [de stem compound]',
  );
  assert.equal(
    withOptions('vaccinate', { lang: 'en', flags: new Set(['stem']) }),
    'vaccinate [en stem]',
  );
  assert.equal(withOptions('Erderwärmung', { flags: ['fold'] }), 'Erderwärmung [fold]');
  assert.equal(
    withOptions('réchauffement', { lang: 'fr', flags: ['accents'] }),
    'réchauffement [fr accents]',
  );
  assert.equal(withOptions('plate', { lang: 'fr' }), 'plate [fr]');
});

test('nothing ticked, or options typed by hand, leave the alias as it is', () => {
  assert.equal(withOptions('llama 4'), 'llama 4');
  assert.equal(withOptions('llama 4', { lang: '', flags: [] }), 'llama 4');
  assert.equal(
    withOptions('Störung [de compound]', { lang: 'en', flags: ['stem'] }),
    'Störung [de compound]',
  );
  assert.equal(withOptions('foo [sic]', { flags: ['stem'] }), 'foo [sic] [stem]');
});

test('the composed alias means what the words say', () => {
  const alias = withOptions('vaccinate', { lang: 'en', flags: ['stem'] });
  const matcher = compileLabels([{ id: 'v', all: [[alias]], highlight: 0, window: 'sentence' }]);
  const text = 'They are vaccinating children.';
  const [hit] = matchClaims(matcher, text, 'https://x.example/', { lang: 'en' });
  assert.equal(text.slice(hit.start, hit.end), 'vaccinating');
});

test('editing reads back options every alias shares, and leaves mixed ones in the text', () => {
  assert.deepEqual(readOptions([['Impfung [de stem]'], ['Autismus [de stem]']]), {
    groups: [['Impfung'], ['Autismus']],
    lang: 'de',
    flags: new Set(['stem']),
  });
  const mixed = [['Impfung [de stem]'], ['Autismus']];
  assert.deepEqual(readOptions(mixed), { groups: mixed, lang: '', flags: new Set() });
  const plain = [['llama 4', 'llama']];
  assert.deepEqual(readOptions(plain), { groups: plain, lang: '', flags: new Set() });
});
