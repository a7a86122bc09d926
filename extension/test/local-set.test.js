import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, test } from 'node:test';

// An in-memory chrome.storage.local, installed before the modules that read `webext` load.
const area = new Map();
globalThis.chrome = {
  storage: {
    local: {
      async get(keys) {
        const wanted = keys === null ? [...area.keys()] : [].concat(keys);
        return Object.fromEntries(
          wanted.filter((k) => area.has(k)).map((k) => [k, structuredClone(area.get(k))]),
        );
      },
      async set(items) {
        for (const [k, v] of Object.entries(items)) area.set(k, structuredClone(v));
      },
      async remove(keys) {
        for (const k of [].concat(keys)) area.delete(k);
      },
    },
  },
};

const local = await import('../src/background/local-set.js');
const { buildPageIndex, compileIndex, matchPage } = await import('../src/background/page-index.js');

const FIXTURE = new URL(
  '../../tests/python/fixtures/interchange/local-set-export.json',
  import.meta.url,
);
const PAGE = 'https://news.example.org/2025/04/llama';
const CONTEXT = 'http://127.0.0.1:5000/ns/footnote.jsonld';

const quoteNote = {
  kind: 'note',
  motivation: 'commenting',
  body: [{ type: 'TextualBody', value: 'Checked.', format: 'text/plain', purpose: 'commenting' }],
  sources: [{ id: 'https://example.org/evidence', title: 'Evidence' }],
  tags: ['ai'],
  target: {
    source: PAGE,
    selector: [
      {
        type: 'TextQuoteSelector',
        exact: 'an open model',
        prefix: 'Meta calls Llama 4 ',
        suffix: ' for everyone',
      },
      { type: 'TextPositionSelector', start: 19, end: 32 },
    ],
  },
  document: { links: [{ rel: 'canonical', href: PAGE }] },
};
const claimLabel = {
  kind: 'claim',
  motivation: 'assessing',
  body: [{ type: 'TextualBody', value: 'Weights only.', format: 'text/plain' }],
  verdict: 'disputed',
  sources: [],
  tags: [],
  target: {
    selector: { type: 'ClaimPatternSelector', all: [['open model']], highlight: 0 },
  },
};

beforeEach(() => area.clear());

describe('the local set in storage', () => {
  test('a saved note gets a urn:uuid id, its dates, and bumps the revision', async () => {
    const saved = await local.saveLocal(quoteNote, { now: '2026-11-30T10:00:00Z', uuid: 'u1' });
    assert.equal(saved.id, 'urn:uuid:u1');
    assert.equal(saved.created, '2026-11-30T10:00:00Z');
    assert.equal(saved.verdict, null, 'a note has no verdict');
    assert.deepEqual(Object.keys(area.get('set:local').annotations), ['urn:uuid:u1']);
    assert.equal(area.get('revision'), 1);
    assert.equal(area.has('follows'), false, 'the local set is not a follow: sync never sees it');
  });

  test('lists oldest first, edits and deletes', async () => {
    await local.saveLocal(claimLabel, { now: '2026-11-30T11:00:00Z', uuid: 'b' });
    await local.saveLocal(quoteNote, { now: '2026-11-30T10:00:00Z', uuid: 'a' });
    assert.deepEqual(
      (await local.listLocal()).map((a) => a.id),
      ['urn:uuid:a', 'urn:uuid:b'],
    );
    const body = [{ type: 'TextualBody', value: 'Rechecked.' }];
    const edited = await local.updateLocal('urn:uuid:a', { body, kind: 'claim' }, 'T2');
    assert.deepEqual(edited.body, body);
    assert.equal(edited.kind, 'note', 'only the editable fields change');
    assert.equal(edited.modified, 'T2');
    await local.deleteLocal('urn:uuid:a');
    assert.deepEqual(
      (await local.listLocal()).map((a) => a.id),
      ['urn:uuid:b'],
    );
    await assert.rejects(local.updateLocal('urn:uuid:a', {}), /gone/);
  });

  test('a note without a target is refused', async () => {
    await assert.rejects(local.saveLocal({ kind: 'note', body: [] }), /target/);
  });
});

describe('its switch', () => {
  test('off is remembered, redraws once, and keeps every note', async () => {
    await local.saveLocal(quoteNote, { now: 'T1', uuid: 'a' });
    assert.equal(await local.isLocalEnabled(), true, 'on until switched off');
    const revision = area.get('revision');
    const off = await local.setLocalEnabled(false);
    assert.equal(off.enabled, false);
    assert.equal(off.id, local.LOCAL_FOLLOW_ID);
    assert.equal(area.get('localEnabled'), false);
    assert.equal(area.get('revision'), revision + 1, 'open pages redraw without it');
    await local.setLocalEnabled(false);
    assert.equal(area.get('revision'), revision + 1, 'the same state again redraws nothing');
    assert.deepEqual(await local.localState(), {
      ...local.localFollow({ enabled: false }),
      count: 1,
    });
    await local.setLocalEnabled(true);
    assert.equal(await local.isLocalEnabled(), true);
    assert.deepEqual(
      (await local.listLocal()).map((a) => a.id),
      ['urn:uuid:a'],
    );
  });

  test('switched off, nothing of it is drawn or orphaned', () => {
    const note = local.newLocalAnnotation(quoteNote, { now: 'T', uuid: 'n' });
    const label = local.newLocalAnnotation(claimLabel, { now: 'T', uuid: 'c' });
    const setDatas = { local: { annotations: { [note.id]: note, [label.id]: label } } };
    const text = 'Meta calls Llama 4 an open model for everyone.';
    const drawn = (enabled, on = text) => {
      const follows = { [local.LOCAL_FOLLOW_ID]: local.localFollow({ enabled }) };
      const compiled = compileIndex(buildPageIndex(follows, setDatas));
      return matchPage(compiled, { url: PAGE, lang: 'en', text: on, mode: 'full' });
    };
    assert.equal(drawn(true).hits.length, 2);
    assert.deepEqual(drawn(false).hits, []);
    const elsewhere = 'The passage was rewritten since.';
    assert.deepEqual(drawn(true, elsewhere).orphans, ['local#urn:uuid:n'], 'on: an orphan');
    assert.deepEqual(drawn(false, elsewhere).orphans, [], 'off: not even listed as lost');
  });

  test('the popup lists it under your sets once it has notes, or while it is off', async () => {
    const { splitSets } = await import('../src/popup/sets.js');
    const follows = { 'svc:1': { id: 'svc:1', kind: 'service', role: 'owner' } };
    const mine = (state) => splitSets(follows, state).mine.map((f) => f.id);
    const state = (enabled, count) => ({ ...local.localFollow({ enabled }), count });
    assert.deepEqual(mine(state(true, 0)), ['svc:1'], 'an empty local set says nothing');
    assert.deepEqual(mine(state(true, 2)), ['svc:1', 'local']);
    assert.deepEqual(mine(state(false, 0)), ['svc:1', 'local'], 'off: it can be switched on');
    assert.deepEqual(mine(null), ['svc:1']);
  });
});

describe('drawn like a followed set', () => {
  test('its notes anchor on their page and its labels match, editable from the card', () => {
    const note = local.newLocalAnnotation(quoteNote, { now: 'T', uuid: 'n' });
    const label = local.newLocalAnnotation(claimLabel, { now: 'T', uuid: 'c' });
    const follows = { [local.LOCAL_FOLLOW_ID]: local.localFollow() };
    const setDatas = {
      local: { annotations: { [note.id]: note, [label.id]: label } },
    };
    const compiled = compileIndex(buildPageIndex(follows, setDatas));
    const text = 'Meta calls Llama 4 an open model for everyone.';
    const result = matchPage(compiled, { url: PAGE, lang: 'en', text, mode: 'full' });
    const keys = result.hits.map((h) => h.key).sort();
    assert.deepEqual(keys, ['local#urn:uuid:c', 'local#urn:uuid:n']);
    const record = result.records['local#urn:uuid:n'];
    assert.equal(record.canEdit, true);
    assert.equal(record.setTitle, 'Local notes');
    assert.equal(record.permalink, null, 'a local note has no page anywhere');
  });
});

describe('export as a W3C collection', () => {
  const annotations = () => [
    local.newLocalAnnotation(quoteNote, { now: '2026-11-30T10:00:00Z', uuid: 'note-1' }),
    local.newLocalAnnotation(claimLabel, { now: '2026-11-30T10:05:00Z', uuid: 'claim-1' }),
  ];

  test('is the shape `footnote export --format w3c` writes, one page embedded', () => {
    const doc = local.localCollection(annotations(), {
      contextUrl: CONTEXT,
      id: 'urn:uuid:collection',
      now: '2026-11-30T12:00:00Z',
    });
    assert.deepEqual(doc['@context'], ['http://www.w3.org/ns/anno.jsonld', CONTEXT]);
    assert.equal(doc.type, 'AnnotationCollection');
    assert.equal(doc.total, 2);
    assert.equal(doc.first.type, 'AnnotationPage');
    assert.equal(doc.first.items.length, 2);
    const [note, claim] = doc.first.items;
    assert.equal(note.type, 'Annotation');
    assert.equal(note.id, 'urn:uuid:note-1');
    assert.equal('verdict' in note, false, 'nulls and empty lists are left out');
    assert.equal(claim.verdict, 'disputed');
    assert.equal('@context' in note, false, "the collection's context applies to every item");
  });

  test('matches the fixture the service imports (tests/python/test_local_set_import.py)', () => {
    const doc = local.localCollection(annotations(), {
      contextUrl: CONTEXT,
      id: 'urn:uuid:collection',
      now: '2026-11-30T12:00:00Z',
    });
    assert.deepEqual(doc, JSON.parse(readFileSync(FIXTURE, 'utf8')));
  });
});

describe('upload in one step', () => {
  const seed = async () => {
    await local.saveLocal(quoteNote, { now: '2026-11-30T10:00:00Z', uuid: 'a' });
    await local.saveLocal(claimLabel, { now: '2026-11-30T10:01:00Z', uuid: 'b' });
  };
  const refusal = (status, field, message = 'refused') =>
    Object.assign(new Error(message), { status, field });

  test('one import; what was uploaded leaves the local set', async () => {
    await seed();
    const sent = [];
    const result = await local.uploadLocal(async (c) => sent.push(c), { contextUrl: CONTEXT });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].first.items.length, 2);
    assert.deepEqual(result, { uploaded: 2, failed: [] });
    assert.deepEqual(await local.listLocal(), []);
  });

  test('a refused record stays local and the rest go', async () => {
    await seed();
    const sent = [];
    const result = await local.uploadLocal(
      async (c) => {
        sent.push(c.first.items.map((i) => i.id));
        if (c.first.items.length === 2) throw refusal(400, 'records[1].target', 'bad pattern');
      },
      { contextUrl: CONTEXT },
    );
    assert.deepEqual(sent, [['urn:uuid:a', 'urn:uuid:b'], ['urn:uuid:a']]);
    assert.deepEqual(result, {
      uploaded: 1,
      failed: [{ id: 'urn:uuid:b', message: 'bad pattern' }],
    });
    assert.deepEqual(
      (await local.listLocal()).map((a) => a.id),
      ['urn:uuid:b'],
    );
  });

  test('a failure not about one record keeps everything', async () => {
    await seed();
    const result = await local.uploadLocal(
      async () => {
        throw refusal(403, null, 'You may not edit this set');
      },
      { contextUrl: CONTEXT },
    );
    assert.equal(result.uploaded, 0);
    assert.equal(result.failed.length, 2);
    assert.equal((await local.listLocal()).length, 2);
  });

  test('refusedRecord reads the index from the 400 field', () => {
    assert.equal(local.refusedRecord('records[12].target.selector'), 12);
    assert.equal(local.refusedRecord('records[0]'), 0);
    assert.equal(local.refusedRecord('file'), null);
    assert.equal(local.refusedRecord(null), null);
  });
});

describe('what the reader reads about it', () => {
  test('the editor says where a note goes', async () => {
    const { destinationText } = await import('../src/content/editor.js');
    assert.equal(
      destinationText({ title: 'Local notes', local: true }),
      'Saved in this browser only — Local notes',
    );
    assert.equal(
      destinationText({ title: 'Desk', service: 'https://footnote.example.org:8443' }),
      'Saved to Desk on footnote.example.org:8443',
    );
    assert.equal(destinationText({ title: 'Desk' }), 'Saved to Desk');
    assert.equal(
      destinationText({ title: 'Local notes', local: true, enabled: false }),
      'Saved in this browser only — Local notes (switched off: not shown until you switch it on)',
    );
    assert.match(destinationText(null), /Finding/);
  });

  test('the options list shows quote, note, page and date, or a label’s words', async () => {
    const { describeLocal } = await import('../src/options/local-notes.js');
    const note = describeLocal(local.newLocalAnnotation(quoteNote, { now: 'T', uuid: 'n' }));
    assert.deepEqual(note, {
      id: 'urn:uuid:n',
      quote: 'an open model',
      claim: null,
      text: 'Checked.',
      page: PAGE,
      created: 'T',
    });
    const label = describeLocal(local.newLocalAnnotation(claimLabel, { now: 'T', uuid: 'c' }));
    assert.deepEqual(label.claim, ['open model']);
    assert.equal(label.page, null);
  });
});
