import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromW3C, parseStaticDocument, setDataFromItems } from '../src/background/static-sets.js';

const claim = {
  '@context': ['http://www.w3.org/ns/anno.jsonld', 'https://fn.example/ns/footnote.jsonld'],
  id: 'https://fn.example/api/annotations/c1',
  type: 'Annotation',
  kind: 'claim',
  motivation: 'assessing',
  body: [{ type: 'TextualBody', value: 'Not open source.', purpose: 'describing' }],
  verdict: 'disputed',
  sources: [{ id: 'https://opensource.org/ai/open-source-ai-definition', title: 'OSAID' }],
  tags: ['llama'],
  target: {
    selector: {
      type: 'ClaimPatternSelector',
      all: [['llama 4'], ['open source']],
      highlight: 1,
      window: 'sentence',
    },
  },
  creator: { type: 'Person', name: 'desk' },
  created: '2026-11-28T10:00:00Z',
};

const note = {
  id: 'urn:uuid:1',
  type: 'Annotation',
  body: { type: 'TextualBody', value: 'See the errata' },
  target: {
    source: 'https://news.example.org/a',
    selector: [
      { type: 'TextQuoteSelector', exact: 'Llama 4', prefix: 'des ', suffix: ' durch' },
      { type: 'TextPositionSelector', start: 10, end: 17 },
    ],
  },
};

describe('fromW3C', () => {
  test('keeps a claim label with its pattern, verdict and sources', () => {
    const converted = fromW3C(claim, 'url:x');
    assert.equal(converted.kind, 'claim');
    assert.equal(converted.verdict, 'disputed');
    assert.deepEqual(converted.target.selector.all, [['llama 4'], ['open source']]);
    assert.equal(converted.sources[0].title, 'OSAID');
    assert.equal(converted.body[0].value, 'Not open source.');
    assert.equal(converted.creator.name, 'desk');
  });

  test('reads a plain W3C note (body object, no Footnote fields)', () => {
    const converted = fromW3C(note, 'url:x');
    assert.equal(converted.kind, 'note');
    assert.equal(converted.target.source, 'https://news.example.org/a');
    assert.equal(converted.target.selector[0].exact, 'Llama 4');
    assert.equal(converted.target.selector[1].start, 10);
  });

  test('places several targets and text fragments through their original targets', () => {
    const several = fromW3C(
      {
        id: 'https://x.example/a1',
        type: 'Annotation',
        body: 'two pages',
        target: {
          type: 'Composite',
          items: [
            'https://a.example/',
            {
              source: 'https://b.example/',
              selector: { type: 'FragmentSelector', value: ':~:text=open%20source' },
            },
          ],
        },
      },
      's',
    );
    assert.deepEqual(several.targets, [
      { source: 'https://a.example/' },
      {
        source: 'https://b.example/',
        selector: { type: 'FragmentSelector', value: ':~:text=open%20source' },
      },
    ]);
    assert.equal(several.placeable, undefined);
  });

  test('keeps a structural selector without a quote, never placed', () => {
    const xpath = fromW3C(
      {
        id: 'https://x.example/a2',
        type: 'Annotation',
        body: 'kept',
        target: {
          source: 'https://a.example/',
          selector: { type: 'XPathSelector', value: '/html/body/p[2]' },
        },
      },
      's',
    );
    assert.equal(xpath.placeable, false);
    assert.match(xpath.placeableReason, /XPathSelector without a quote/);
  });

  test('accepts prefixed Footnote names', () => {
    const prefixed = { ...claim, kind: undefined, verdict: undefined, 'fn:verdict': 'false' };
    prefixed.target = { selector: { ...claim.target.selector, type: 'fn:ClaimPatternSelector' } };
    const converted = fromW3C(prefixed, 's');
    assert.equal(converted.kind, 'claim');
    assert.equal(converted.verdict, 'false');
  });

  test('drops what it cannot show', () => {
    assert.equal(fromW3C({ id: 'x', type: 'Annotation', body: 'no target' }, 's'), null);
    assert.equal(fromW3C(null, 's'), null);
  });

  test('tagging bodies become tags', () => {
    const tagged = {
      ...note,
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'ai' },
        { type: 'TextualBody', value: 'text' },
      ],
    };
    const converted = fromW3C(tagged, 's');
    assert.deepEqual(converted.tags, ['ai']);
    assert.equal(converted.body[0].value, 'text');
  });
});

describe('parseStaticDocument', () => {
  test('a collection with its first page embedded', () => {
    const doc = {
      type: 'AnnotationCollection',
      label: 'Desk claims',
      first: { type: 'AnnotationPage', items: [claim], next: 'page2.json' },
    };
    assert.deepEqual(parseStaticDocument(doc), {
      title: 'Desk claims',
      items: [claim],
      next: 'page2.json',
    });
  });

  test('a collection that links its first page', () => {
    const parsed = parseStaticDocument({
      type: ['AnnotationCollection'],
      label: 'L',
      first: 'https://x/p1',
    });
    assert.equal(parsed.next, 'https://x/p1');
    assert.deepEqual(parsed.items, []);
  });

  test('pages chained inline are all read', () => {
    const doc = {
      type: 'AnnotationPage',
      items: [claim],
      next: { type: 'AnnotationPage', items: [note] },
    };
    assert.equal(parseStaticDocument(doc).items.length, 2);
  });

  test('a bare array and a single annotation', () => {
    assert.equal(parseStaticDocument([claim, note]).items.length, 2);
    assert.equal(parseStaticDocument(note).items.length, 1);
  });

  test('refuses anything else with a message', () => {
    assert.throws(() => parseStaticDocument({ type: 'Person' }), /not a W3C/);
    assert.throws(() => parseStaticDocument('text'), /not a JSON/);
  });

  test('setDataFromItems keys annotations by id', () => {
    const data = setDataFromItems([claim, note, { nonsense: true }], 'url:x');
    assert.deepEqual(Object.keys(data.annotations).sort(), [
      'https://fn.example/api/annotations/c1',
      'urn:uuid:1',
    ]);
  });
});
