import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import {
  activeFollows,
  buildPageIndex,
  compileIndex,
  languageRuns,
  matchPage,
  toRecord,
} from '../src/background/page-index.js';
import { pageText } from '../src/match/index.js';

const SERVICE = 'http://127.0.0.1:5000';
const label = {
  id: `${SERVICE}/api/annotations/l1`,
  kind: 'claim',
  motivation: 'assessing',
  verdict: 'disputed',
  body: [{ type: 'TextualBody', value: 'Licence restricts use.', purpose: 'describing' }],
  sources: [{ id: 'https://opensource.org/ai', title: 'OSAID' }],
  tags: [],
  target: {
    selector: {
      type: 'ClaimPatternSelector',
      all: [
        ['llama 4', 'llama'],
        ['open source', 'open-source'],
      ],
      highlight: 1,
      window: 'sentence',
      languages: ['en', 'de'],
    },
  },
  creator: { name: 'footnote' },
};
const note = (id, exact, source = 'https://news.example.org/a?utm_source=x') => ({
  id: `${SERVICE}/api/annotations/${id}`,
  kind: 'note',
  body: [{ type: 'TextualBody', value: `note ${id}` }],
  target: { source, selector: [{ type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }] },
  document: { equivalents: [{ href: 'https://news.example.org/canonical', verified: true }] },
});
const site = {
  id: `${SERVICE}/api/annotations/s1`,
  kind: 'site',
  verdict: 'satire',
  body: [],
  target: { selector: { type: 'UrlPatternSelector', include: ['news.example.org/satire/'] } },
};

const follows = {
  'svc:a': {
    id: 'svc:a',
    kind: 'service',
    setId: 'a',
    title: 'Desk',
    role: 'editor',
    status: 'ok',
  },
  'svc:off': {
    id: 'svc:off',
    kind: 'service',
    setId: 'off',
    title: 'Off',
    enabled: false,
    status: 'ok',
  },
  'svc:gone': { id: 'svc:gone', kind: 'service', setId: 'gone', title: 'Gone', status: 'revoked' },
};
const setDatas = {
  'svc:a': {
    annotations: {
      l1: label,
      n1: note('n1', 'Llama 4'),
      n2: note('n2', 'not on the page'),
      s1: site,
    },
  },
  'svc:off': { annotations: { x: { ...label, id: 'off-label' } } },
  'svc:gone': { annotations: { y: { ...label, id: 'gone-label' } } },
};
const TEXT = 'Meta nennt Llama 4 ein Open-Source-Modell. Später mehr.';

describe('page index', () => {
  const compiled = compileIndex(buildPageIndex(follows, setDatas));

  test('only switched-on, readable follows are drawn', () => {
    assert.deepEqual(
      activeFollows(follows).map((f) => f.id),
      ['svc:a'],
    );
  });

  test('claim hits, anchored notes and orphans for a page', () => {
    const result = matchPage(compiled, {
      url: 'https://news.example.org/a?utm_medium=y#top',
      lang: 'de',
      text: TEXT,
    });
    const byKey = Object.fromEntries(result.hits.map((h) => [h.key, TEXT.slice(h.start, h.end)]));
    assert.equal(byKey[`svc:a#${label.id}`], 'Open-Source');
    assert.equal(byKey[`svc:a#${SERVICE}/api/annotations/n1`], 'Llama 4');
    assert.deepEqual(result.orphans, [`svc:a#${SERVICE}/api/annotations/n2`]);
    assert.equal(result.records[`svc:a#${label.id}`].verdict, 'disputed');
    assert.equal(result.records[`svc:a#${label.id}`].canEdit, true);
  });

  test('notes also show on verified equivalents, never elsewhere', () => {
    const there = matchPage(compiled, { url: 'https://news.example.org/canonical', text: TEXT });
    assert.ok(there.hits.some((h) => h.key.endsWith('/n1')));
    const elsewhere = matchPage(compiled, { url: 'https://other.example/a', text: TEXT });
    assert.ok(!elsewhere.hits.some((h) => h.key.endsWith('/n1')));
  });

  test('claims-only mode (late content) skips notes and banners', () => {
    const result = matchPage(compiled, {
      url: 'https://news.example.org/a',
      text: TEXT,
      mode: 'claims',
    });
    assert.deepEqual(
      result.hits.map((h) => h.key),
      [`svc:a#${label.id}`],
    );
    assert.deepEqual(result.orphans, []);
  });

  test('site labels become banners on matching URLs', () => {
    const result = matchPage(compiled, {
      url: 'https://news.example.org/satire/story',
      text: 'nothing',
    });
    assert.deepEqual(result.banners, [`svc:a#${site.id}`]);
  });

  test('a language the label does not cover gets no hit', () => {
    const result = matchPage(compiled, { url: 'https://x.example/', lang: 'ja', text: TEXT });
    assert.equal(result.hits.length, 0);
  });
});

describe('toRecord', () => {
  test('static sets are never editable', () => {
    const record = toRecord(label, { id: 'url:x', kind: 'static', role: 'owner', title: 'File' });
    assert.equal(record.canEdit, false);
    assert.equal(record.text, 'Licence restricts use.');
  });

  test('a service annotation leads to its page and its set page on that service', () => {
    const annotation = { ...label, id: 'http://127.0.0.1:5000/api/annotations/a1' };
    const record = toRecord(annotation, { id: 'svc:s 1', kind: 'service', setId: 's 1' });
    assert.equal(record.permalink, 'http://127.0.0.1:5000/annotations/a1');
    assert.equal(record.setUrl, 'http://127.0.0.1:5000/sets/s%201');
  });

  test('a set-file annotation leads to the file, or to its own id when that is a web address', () => {
    const follow = { id: 'url:f', kind: 'static', url: 'https://cdn.example/set.json' };
    const urn = toRecord({ ...label, id: 'urn:x:1' }, follow);
    assert.deepEqual([urn.permalink, urn.setUrl], [follow.url, follow.url]);
    const web = toRecord({ ...label, id: 'https://cdn.example/set.json#a1' }, follow);
    assert.equal(web.permalink, 'https://cdn.example/set.json#a1');
    const hostile = toRecord({ ...label, id: 'javascript:alert(1)' }, { ...follow, url: 'data:x' });
    assert.deepEqual([hostile.permalink, hostile.setUrl], [null, null]);
  });
});

describe('annotations the service marks not placeable', () => {
  const unplaceable = {
    ...note('u1', 'ignored'),
    target: { source: 'https://news.example.org/a' },
    placeable: false,
    placeableReason: '2 targets: the extension places annotations with exactly one target',
  };
  const html = {
    ...note('h1', 'Llama 4'),
    body: [{ type: 'TextualBody', value: '<p>Hi</p>', format: 'text/html' }],
  };
  const index = buildPageIndex(
    { 'svc:a': follows['svc:a'] },
    { 'svc:a': { annotations: { u1: unplaceable, h1: html } } },
  );

  test('are never drawn by guess (not indexed by page), but stay known with the reason', () => {
    const keys = [...index.notesByUrl.values()].flat();
    assert.ok(!keys.includes(`svc:a#${unplaceable.id}`));
    const record = index.records[`svc:a#${unplaceable.id}`];
    assert.equal(record.placeable, false);
    assert.match(record.placeableReason, /2 targets/);
  });

  test('are listed on their page (for the panel and popup) and never hit', () => {
    const result = matchPage(compileIndex(index), {
      url: 'https://news.example.org/a',
      lang: 'en',
      text: 'Nothing to see.',
    });
    assert.deepEqual(result.unplaceable, [`svc:a#${unplaceable.id}`]);
    assert.ok(!result.hits.some((hit) => hit.key === `svc:a#${unplaceable.id}`));
    assert.match(result.records[`svc:a#${unplaceable.id}`].placeableReason, /2 targets/);
  });

  test('an HTML body keeps its format for the card', () => {
    assert.equal(toRecord(html, follows['svc:a']).textFormat, 'text/html');
    assert.equal(toRecord(note('p1', 'x'), follows['svc:a']).textFormat, 'text/plain');
  });
});

describe('languages per element', () => {
  const german = {
    id: `${SERVICE}/api/annotations/de1`,
    kind: 'claim',
    body: [{ type: 'TextualBody', value: 'Nein.' }],
    target: {
      selector: {
        type: 'ClaimPatternSelector',
        all: [['Impfung [de stem]'], ['Autismus']],
        highlight: 0,
        window: 'sentence',
        languages: ['de'],
      },
    },
  };
  const follow = { 'svc:a': { id: 'svc:a', kind: 'service', setId: 'a', role: 'viewer' } };
  const compiledDe = compileIndex(
    buildPageIndex(follow, { 'svc:a': { annotations: { de1: german } } }),
  );
  const { document } = parseHTML(
    '<html lang="en"><body><p>Vaccines do not cause autism.</p>' +
      '<p lang="de">Impfungen verursachen Autismus, schrieb er.</p>' +
      '<p>Impfungen verursachen Autismus in English text.</p></body></html>',
  );
  const page = pageText(document.body);

  test('a German paragraph on an English page is checked by a German label', () => {
    const result = matchPage(compiledDe, { url: 'https://x.example/', ...page });
    const words = result.hits.map((h) => page.text.slice(h.start, h.end));
    assert.deepEqual(words, ['Impfungen'], 'the German paragraph only, not the English one');
    assert.ok(result.hits[0].start < page.text.indexOf('in English'));
  });

  test('without the runs the page language decides, and the label stays off', () => {
    const result = matchPage(compiledDe, {
      url: 'https://x.example/',
      lang: page.lang,
      text: page.text,
    });
    assert.deepEqual(result.hits, []);
  });

  test('runs from a message keep only well-formed entries', () => {
    assert.equal(languageRuns(undefined), undefined);
    assert.equal(languageRuns('de'), undefined);
    assert.deepEqual(
      languageRuns([
        { start: 3, end: 9, lang: 'de', extra: 1 },
        { start: 9, end: 9, lang: 'fr' },
        { start: -1, end: 2, lang: 'fr' },
        { start: 1.5, end: 2, lang: 'fr' },
        { start: 1, end: 2, lang: 7 },
        null,
      ]),
      [{ start: 3, end: 9, lang: 'de' }],
    );
  });
});

describe('imports placed through their original targets', () => {
  const several = {
    id: `${SERVICE}/api/annotations/t1`,
    kind: 'note',
    body: [{ type: 'TextualBody', value: 'two pages, two places' }],
    target: { source: 'https://news.example.org/a' },
    targets: [
      {
        source: 'https://news.example.org/a',
        selector: [
          { type: 'XPathSelector', value: '/html/body/p[9]' },
          { type: 'TextQuoteSelector', exact: 'open source' },
        ],
      },
      {
        source: 'https://news.example.org/a',
        selector: { type: 'FragmentSelector', value: ':~:text=Meta%20says' },
      },
      {
        source: 'https://other.example.org/b',
        selector: { type: 'FragmentSelector', value: ':~:text=gone' },
      },
      { source: 'https://third.example.org/c' },
    ],
  };
  const index = compileIndex(
    buildPageIndex({ 'svc:a': follows['svc:a'] }, { 'svc:a': { annotations: { t1: several } } }),
  );
  const key = `svc:a#${several.id}`;
  const text = 'Meta says Llama 4 is open source.';

  test('each target about the page is anchored on its own (a stale XPath loses to the quote)', () => {
    const result = matchPage(index, { url: 'https://news.example.org/a', text });
    const spans = result.hits.filter((h) => h.key === key).map((h) => text.slice(h.start, h.end));
    assert.deepEqual(spans.sort(), ['Meta says', 'open source']);
    assert.deepEqual(result.orphans, []);
  });

  test('a target whose text is not on its page is an orphan, a page-level one a banner', () => {
    const other = matchPage(index, { url: 'https://other.example.org/b', text });
    assert.deepEqual(other.orphans, [key]);
    const third = matchPage(index, { url: 'https://third.example.org/c', text });
    assert.deepEqual(third.banners, [key]);
  });
});
