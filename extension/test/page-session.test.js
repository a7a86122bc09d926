// The page session (content/page-session.js): what one page shows, its orphans, banners and count,
// with the background, the page text and the drawing replaced by fakes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MSG } from '../src/shared/messages.js';
import { MAX_ORPHAN_RETRIES, createPageSession } from '../src/content/page-session.js';

const record = (key, overrides = {}) => ({
  key,
  id: `http://127.0.0.1:5000/api/annotations/${key}`,
  followId: 'svc:s1',
  setTitle: 'Desk',
  kind: 'claim',
  verdict: 'disputed',
  text: `about ${key}`,
  quote: null,
  ...overrides,
});

const note = (key, exact) => record(key, { kind: 'note', verdict: null, quote: { exact } });

/** A page-data reply: hits as [key, start, end]. */
function reply({ records = [], hits = [], orphans = [], banners = [], ...rest } = {}) {
  return {
    records: Object.fromEntries(records.map((r) => [r.key, r])),
    hits: hits.map(([key, start, end]) => ({ key, start, end })),
    orphans,
    banners,
    ...rest,
  };
}

/** A deferred promise, to answer a request later. */
function later() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A session on a fake page. `answer(message)` gives the background's reply (a value, a promise,
 * or a thrown error for a failure). Everything the session did is in `log`.
 */
function makeSession({
  answer,
  text = 'Llama 4 is open source. A note here.',
  hiddenHere = undefined,
  langs,
} = {}) {
  const log = { requests: [], drawn: [], cleared: 0, read: [], view: [], paused: 0 };
  const document = { body: { text, isConnected: true } };
  const registry = { found: new Set(), keysOf: new Map() };
  const session = createPageSession({
    document,
    registry,
    request: async (type, payload = {}) => {
      log.requests.push({ type, ...payload });
      if (type === MSG.PAGE_COUNT) return { ok: true };
      return answer({ type, ...payload });
    },
    paused: (work) => {
      log.paused += 1;
      return work();
    },
    view: {
      hideCard: () => log.view.push('hideCard'),
      holdCard: () => {
        log.view.push('holdCard');
        return { key: 'c1', index: 0 };
      },
      restoreCard: (held) => log.view.push(['restoreCard', held, [...registry.found]]),
      showBanners: (records) => log.view.push(['banners', records.map((r) => r.key)]),
      offerFollow: (r) => log.view.push(['offerFollow', r.serviceUrl]),
    },
    pageUrl: () => 'https://example.org/article',
    hiddenHere,
    readPage: (root) => {
      log.read.push(root);
      return langs ? { text: root.text, lang: 'en', langs } : { text: root.text, lang: 'en' };
    },
    draw: (reg, page, hits, records) => {
      const keys = hits.filter((h) => records[h.key]).map((h) => h.key);
      for (const key of keys) reg.found.add(key);
      log.drawn.push(keys);
    },
    clear: (reg) => {
      log.cleared += 1;
      reg.found.clear();
    },
  });
  return { session, log, document, registry };
}

const counts = (log) => log.requests.filter((r) => r.type === MSG.PAGE_COUNT).map((r) => r.count);
const pageData = (log) => log.requests.filter((r) => r.type === MSG.PAGE_DATA);

describe('render', () => {
  test('asks about the whole page, draws the hits and shows banners', async () => {
    const site = record('site1', { kind: 'site' });
    const { session, log } = makeSession({
      answer: () =>
        reply({
          records: [record('c1'), site],
          hits: [['c1', 10, 21]],
          banners: ['site1'],
          serviceUrl: 'http://127.0.0.1:5000',
        }),
    });
    await session.render();
    assert.deepEqual(pageData(log), [
      {
        type: MSG.PAGE_DATA,
        url: 'https://example.org/article',
        lang: 'en',
        text: 'Llama 4 is open source. A note here.',
      },
    ]);
    assert.deepEqual(log.drawn, [['c1']]);
    // The open card is held before the old marks go and restored once the new ones are drawn.
    assert.deepEqual(log.view, [
      'holdCard',
      ['restoreCard', { key: 'c1', index: 0 }, ['c1']],
      ['banners', ['site1']],
      ['offerFollow', 'http://127.0.0.1:5000'],
    ]);
    assert.deepEqual(counts(log), [2], 'one hit and one banner');
  });

  test("sends the page's per-element languages with its text", async () => {
    const langs = [{ start: 24, end: 36, lang: 'de' }];
    const { session, log } = makeSession({ answer: () => reply(), langs });
    await session.render();
    assert.deepEqual(pageData(log)[0].langs, langs);
  });

  test('reads the page with its marks taken out, and draws with the observer paused', async () => {
    const { session, log } = makeSession({ answer: () => reply() });
    await session.render();
    assert.equal(log.cleared, 2, 'before reading and before drawing');
    assert.equal(log.paused, 2);
  });

  test('an older answer arriving after a newer render is dropped', async () => {
    const first = later();
    const answers = [first.promise, reply({ records: [record('new')], hits: [['new', 0, 5]] })];
    const { session, log } = makeSession({ answer: () => answers.shift() });
    const older = session.render();
    await session.render();
    first.resolve(reply({ records: [record('old')], hits: [['old', 0, 5]] }));
    await older;
    assert.deepEqual(log.drawn, [['new']]);
    assert.deepEqual(
      session.summary().bySet['svc:s1'].items.map((i) => i.key),
      ['new'],
    );
  });

  test('a failed match leaves the page as it is and reports nothing', async () => {
    const { session, log } = makeSession({
      answer: () => {
        throw new Error('No answer');
      },
    });
    await session.render();
    assert.deepEqual(log.drawn, []);
    assert.deepEqual(log.view, []);
    assert.deepEqual(counts(log), []);
  });
});

describe('renderLate', () => {
  test('matches claims in each changed subtree that is still there and has text', async () => {
    const { session, log } = makeSession({
      answer: (message) =>
        message.mode === 'claims'
          ? reply({ records: [record('late')], hits: [['late', 0, 5]] })
          : reply(),
    });
    await session.render();
    const added = { text: 'Llama is open source', isConnected: true };
    const gone = { text: 'removed again', isConnected: false };
    const blank = { text: '  \n ', isConnected: true };
    await session.renderLate([gone, blank, added]);
    const claims = pageData(log).filter((r) => r.mode === 'claims');
    assert.deepEqual(claims, [
      {
        type: MSG.PAGE_DATA,
        mode: 'claims',
        url: 'https://example.org/article',
        lang: 'en',
        text: 'Llama is open source',
      },
    ]);
    assert.deepEqual(log.drawn.at(-1), ['late']);
    assert.equal(session.summary().bySet['svc:s1'].items[0].quote, 'Llama');
    assert.deepEqual(counts(log), [0, 1]);
  });

  test('retries orphaned notes on the whole page and draws only those it finds', async () => {
    let round = 0;
    const { session, log, document } = makeSession({
      answer: () => {
        round += 1;
        if (round === 1)
          return reply({ records: [note('n1', 'a note'), note('n2', 'x')], orphans: ['n1', 'n2'] });
        return reply({
          records: [note('n1', 'a note'), record('c9')],
          hits: [
            ['n1', 24, 30],
            ['c9', 0, 5],
          ],
          orphans: ['n2'],
        });
      },
    });
    await session.render();
    assert.deepEqual(
      session.summary().orphans.map((o) => o.key),
      ['n1', 'n2'],
    );
    await session.renderLate([]);
    assert.equal(log.read.at(-1), document.body);
    assert.deepEqual(
      log.drawn.at(-1),
      ['n1'],
      'c9 is not an orphan: the late pass draws orphans only',
    );
    const summary = session.summary();
    assert.deepEqual(summary.orphans, [
      {
        key: 'n2',
        followId: 'svc:s1',
        setTitle: 'Desk',
        exact: 'x',
        text: 'about n2',
        reason: 'Its passage is not on this page',
        canEdit: false,
      },
    ]);
    assert.equal(summary.bySet['svc:s1'].items[0].quote, 'A note');
  });

  test(`gives up on orphans after ${MAX_ORPHAN_RETRIES} tries until the next render`, async () => {
    const { session, log } = makeSession({
      answer: () => reply({ records: [note('n1', 'nowhere')], orphans: ['n1'] }),
    });
    await session.render();
    for (let i = 0; i < MAX_ORPHAN_RETRIES + 5; i += 1) await session.renderLate([]);
    assert.equal(pageData(log).length, 1 + MAX_ORPHAN_RETRIES);
    await session.render();
    await session.renderLate([]);
    assert.equal(pageData(log).length, 3 + MAX_ORPHAN_RETRIES);
  });

  test('a render started meanwhile wins over late content', async () => {
    const late = later();
    const answers = [reply(), late.promise, reply()];
    const { session, log } = makeSession({ answer: () => answers.shift() });
    await session.render();
    const pending = session.renderLate([{ text: 'late text', isConnected: true }]);
    await session.render();
    late.resolve(reply({ records: [record('late')], hits: [['late', 0, 4]] }));
    await pending;
    assert.ok(!log.drawn.flat().includes('late'));
  });
});

describe('what the popup and cards read', () => {
  test('summary groups hits and banners by set, with the matched words', async () => {
    const other = record('c2', { followId: 'url:https://cdn.example/set.json', setTitle: 'File' });
    const { session } = makeSession({
      answer: () =>
        reply({
          records: [record('c1'), other, note('n1', 'A note'), record('b1', { kind: 'site' })],
          hits: [
            ['c1', 0, 7],
            ['c2', 11, 22],
            ['n1', 24, 30],
          ],
          banners: ['b1'],
        }),
    });
    await session.render();
    const summary = session.summary();
    assert.equal(summary.url, 'https://example.org/article');
    assert.equal(summary.count, 4);
    assert.deepEqual(summary.orphans, []);
    const item = (key, kind, quote, count, place, verdict = 'disputed') => ({
      key,
      kind,
      verdict,
      text: `about ${key}`,
      quote,
      count,
      place,
      hidden: false,
    });
    assert.deepEqual(summary.bySet, {
      'svc:s1': {
        title: 'Desk',
        items: [
          item('b1', 'site', '', 0, 'banner'),
          item('c1', 'claim', 'Llama 4', 1, 'page'),
          item('n1', 'note', 'A note', 1, 'page', null),
        ],
      },
      'url:https://cdn.example/set.json': {
        title: 'File',
        items: [item('c2', 'claim', 'open source', 1, 'page')],
      },
    });
    assert.deepEqual(
      summary.entries.map((e) => [e.key, e.place, e.count]),
      [
        ['b1', 'banner', 0],
        ['c1', 'page', 1],
        ['c2', 'page', 1],
        ['n1', 'page', 1],
      ],
    );
  });

  test('counts every hit of a label: one entry with its count, not one per mark', async () => {
    const { session } = makeSession({
      answer: () =>
        reply({
          records: [record('c1')],
          hits: [
            ['c1', 0, 5],
            ['c1', 11, 22],
            ['c1', 24, 30],
          ],
        }),
    });
    await session.render();
    assert.deepEqual(
      session.summary().entries.map((e) => [e.key, e.count]),
      [['c1', 3]],
    );
  });

  test('a label hidden on this site is not drawn, listed as hidden, back once it changes', async () => {
    let modified = '2026-01-01';
    const { session, log } = makeSession({
      answer: () =>
        reply({
          records: [record('c1', { modified }), record('c2')],
          hits: [
            ['c1', 0, 5],
            ['c2', 11, 22],
          ],
        }),
      hiddenHere: async () => ({ c1: '2026-01-01' }),
    });
    await session.render();
    assert.deepEqual(log.drawn.at(-1), ['c2']);
    assert.equal(session.summary().entries.find((e) => e.key === 'c1').hidden, true);
    modified = '2026-02-02';
    await session.render();
    assert.deepEqual(log.drawn.at(-1), ['c1', 'c2']);
  });

  test('recordsAt gives the records a mark shows, skipping unknown keys', async () => {
    const { session, registry } = makeSession({
      answer: () => reply({ records: [record('c1'), record('c2')], hits: [['c1', 0, 5]] }),
    });
    await session.render();
    const mark = {};
    registry.keysOf.set(mark, ['c1', 'missing', 'c2']);
    assert.deepEqual(
      session.recordsAt(mark).map((r) => r.key),
      ['c1', 'c2'],
    );
    assert.deepEqual(session.recordsAt({}), []);
  });

  test('withoutMarks runs work on the page with the marks taken out', () => {
    const { session, log } = makeSession({ answer: () => reply() });
    assert.equal(
      session.withoutMarks(() => 'read'),
      'read',
    );
    assert.equal(log.cleared, 1);
    assert.equal(log.paused, 1);
  });
});

describe('orphans placed through their original targets get a try with the DOM', () => {
  test('an XPath tells two identical passages apart; the quote still decides', async () => {
    const { parseHTML } = await import('linkedom');
    const { document } = parseHTML(
      '<html><body><p>It is open source, they say.</p><p>It is open source, they say.</p></body></html>',
    );
    const target = (path, exact) => ({
      source: 'https://example.org/article',
      selector: [
        { type: 'XPathSelector', value: path },
        { type: 'TextQuoteSelector', exact },
      ],
    });
    const tie = record('t1', {
      kind: 'note',
      quote: null,
      targets: [target('/html/body/p[2]', 'open source')],
    });
    const stale = record('t2', {
      kind: 'note',
      quote: null,
      targets: [target('/html/body/p[2]', 'closed')],
    });
    const drawn = [];
    const session = createPageSession({
      document,
      registry: { found: new Set(), keysOf: new Map() },
      request: async (type) =>
        type === MSG.PAGE_COUNT
          ? { ok: true }
          : reply({ records: [tie, stale], orphans: ['t1', 't2'] }),
      pageUrl: () => 'https://example.org/article',
      draw: (reg, page, hits) =>
        drawn.push(...hits.map((h) => [h.key, page.text.slice(0, h.start)])),
      clear: () => {},
      anchoring: async () => import('../src/match/index.js'),
    });
    await session.render();
    assert.deepEqual(drawn, [['t1', 'It is open source, they say.\nIt is ']]);
    assert.deepEqual(
      session.summary().orphans.map((o) => o.key),
      ['t2'],
    );
  });
  test('a quote-only orphan does not load the selector engine: the quote was tried already', async () => {
    const { parseHTML } = await import('linkedom');
    const { document } = parseHTML('<html><body><p>Nothing like it here.</p></body></html>');
    const quoteOnly = record('q1', {
      kind: 'note',
      quote: null,
      targets: [
        {
          source: 'https://example.org/article',
          selector: [{ type: 'TextQuoteSelector', exact: 'open source' }],
        },
      ],
    });
    let loads = 0;
    const session = createPageSession({
      document,
      registry: { found: new Set(), keysOf: new Map() },
      request: async (type) =>
        type === MSG.PAGE_COUNT ? { ok: true } : reply({ records: [quoteOnly], orphans: ['q1'] }),
      pageUrl: () => 'https://example.org/article',
      draw: () => {},
      clear: () => {},
      anchoring: async () => {
        loads += 1;
        return import('../src/match/index.js');
      },
    });
    await session.render();
    assert.equal(loads, 0);
    assert.deepEqual(
      session.summary().orphans.map((o) => o.key),
      ['q1'],
    );
  });
});
