// Talking back in the page index (issue 10): replies are threads, never marks or orphans; the
// synced rating status reaches the card; "hide annotations rated not helpful" stops the drawing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildPageIndex,
  compileIndex,
  matchPage,
  parentIdOf,
  replyAccess,
} from '../src/background/page-index.js';

const SERVICE = 'http://127.0.0.1:5000';
const PAGE = 'https://news.example.org/a';
const TEXT = 'Meta nennt Llama 4 ein Open-Source-Modell. Später mehr.';
const iri = (id) => `${SERVICE}/api/annotations/${id}`;

const label = (id, extra = {}) => ({
  id: iri(id),
  kind: 'claim',
  motivation: 'assessing',
  verdict: 'disputed',
  body: [{ type: 'TextualBody', value: 'Licence restricts use.' }],
  target: {
    selector: {
      type: 'ClaimPatternSelector',
      all: [['llama 4'], ['open source']],
      highlight: 1,
      window: 'sentence',
    },
  },
  ...extra,
});
const note = (id, exact, extra = {}) => ({
  id: iri(id),
  kind: 'note',
  motivation: 'commenting',
  body: [{ type: 'TextualBody', value: `note ${id}` }],
  target: { source: PAGE, selector: [{ type: 'TextQuoteSelector', exact }] },
  ...extra,
});
const reply = (id, parent, created, text = `reply ${id}`) => ({
  id: iri(id),
  kind: 'note',
  motivation: 'replying',
  body: [{ type: 'TextualBody', value: text, format: 'text/plain' }],
  target: { source: parent },
  creator: { name: 'bob' },
  created,
});

const follows = {
  'svc:a': {
    id: 'svc:a',
    kind: 'service',
    setId: 'a',
    title: 'Desk',
    role: 'viewer',
    status: 'ok',
  },
};
const annotations = {
  l1: label('l1'),
  n1: note('n1', 'Später mehr'),
  r1: reply('r1', iri('l1'), '2026-11-28T10:00:00Z'),
  // the W3C container IRI names the same parent
  r2: reply('r2', `${SERVICE}/w3c/sets/a/l1`, '2026-11-28T12:00:00Z'),
  r3: reply('r3', iri('r1'), '2026-11-28T11:00:00Z', 'a reply to a reply'),
  // Replies that look placeable must still never be drawn or listed as orphans:
  // one quoting page text on the page's own URL, one quoting text that is not there, one with
  // no selector on the page's URL (which a note would turn into a banner).
  r4: {
    ...note('r4', 'Llama 4'),
    motivation: 'replying',
    target: { source: PAGE, selector: [{ type: 'TextQuoteSelector', exact: 'Llama 4' }] },
  },
  r5: { ...note('r5', 'nowhere on the page'), motivation: 'replying' },
  r6: { ...note('r6', ''), motivation: 'replying', target: { source: PAGE } },
};
const setDatas = { 'svc:a': { annotations } };

describe('replies in the page index', () => {
  const compiled = compileIndex(buildPageIndex(follows, setDatas));
  const result = matchPage(compiled, { url: PAGE, lang: 'de', text: TEXT });
  const replyKeys = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((id) => `svc:a#${iri(id)}`);

  test('replies are never hits, orphans, banners or records of their own', () => {
    const keys = [
      ...result.hits.map((h) => h.key),
      ...result.orphans,
      ...result.banners,
      ...Object.keys(result.records),
      ...Object.keys(compiled.records),
    ];
    for (const key of replyKeys) assert.ok(!keys.includes(key), key);
    assert.deepEqual(result.orphans, []);
    assert.deepEqual(result.banners, []);
    assert.deepEqual(result.hits.map((h) => h.key).sort(), [
      `svc:a#${iri('l1')}`,
      `svc:a#${iri('n1')}`,
    ]);
    assert.ok(!compiled.labels.some((l) => replyKeys.includes(l.id)));
  });

  test('the parent carries its thread, oldest first, replies to replies included', () => {
    const thread = result.records[`svc:a#${iri('l1')}`].replies;
    assert.deepEqual(
      thread.map((r) => [r.text, r.author]),
      [
        ['reply r1', 'bob'],
        ['a reply to a reply', 'bob'],
        ['reply r2', 'bob'],
      ],
    );
    assert.deepEqual(result.records[`svc:a#${iri('n1')}`].replies, []);
  });

  test('parent ids from API and container IRIs, strings or objects', () => {
    assert.equal(parentIdOf({ target: iri('x1') }), 'x1');
    assert.equal(parentIdOf({ target: { source: `${SERVICE}/w3c/sets/a/x1` } }), 'x1');
    assert.equal(parentIdOf({ target: { source: `${iri('x1')}/` } }), 'x1');
  });
});

describe('rating status and hiding annotations rated not helpful', () => {
  const rated = {
    'svc:a': {
      annotations: {
        good: label('good', { ratingStatus: 'helpful' }),
        bad: note('bad', 'Llama 4', { ratingStatus: 'not-helpful' }),
        badLabel: label('badLabel', { ratingStatus: 'not-helpful' }),
        open: note('open', 'Später', { ratingStatus: 'needs-more-ratings' }),
      },
    },
  };
  const drawn = (options) =>
    matchPage(compileIndex(buildPageIndex(follows, rated, options)), {
      url: PAGE,
      lang: 'de',
      text: TEXT,
    });

  test('by default every annotation is drawn and carries its status', () => {
    const result = drawn();
    const status = Object.fromEntries(
      Object.values(result.records).map((r) => [r.id.split('/').at(-1), r.ratingStatus]),
    );
    assert.deepEqual(status, {
      good: 'helpful',
      bad: 'not-helpful',
      badLabel: 'not-helpful',
      open: 'needs-more-ratings',
    });
    assert.equal(result.hits.length, 4);
  });

  test('with the option, annotations rated not helpful are not drawn (nor orphans)', () => {
    const result = drawn({ hideNotHelpful: true });
    const ids = result.hits.map((h) => h.key.split('/').at(-1)).sort();
    assert.deepEqual(ids, ['good', 'open']);
    assert.deepEqual(result.orphans, []);
    assert.ok(!Object.keys(result.records).some((k) => /bad/.test(k)));
  });
});

describe('who may reply', () => {
  const cases = [
    ['signed out, member', { role: 'viewer' }, false, 'sign-in'],
    ['signed in, viewer member', { role: 'viewer' }, true, 'yes'],
    ['signed in, not a member, closed', { role: null, visibility: 'public' }, true, 'closed'],
    [
      'signed in, public set with open replies',
      { role: null, visibility: 'public', openReplies: true },
      true,
      'yes',
    ],
    ['editor share link, signed out', { shareToken: 'fns_x', role: 'editor' }, false, 'yes'],
    ['viewer share link, signed in', { shareToken: 'fns_x', role: 'viewer' }, true, 'closed'],
    ['a set file', { kind: 'static' }, true, 'closed'],
  ];
  for (const [name, follow, signedIn, expected] of cases) {
    test(name, () => {
      assert.equal(replyAccess({ kind: 'service', ...follow }, { signedIn }), expected);
    });
  }
});
