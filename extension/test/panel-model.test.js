import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  NO_VERDICT,
  PLACE,
  countText,
  filterChoices,
  filterEntries,
  groupBySet,
  hideStamp,
  isHiddenHere,
  matchesQuery,
  pageEntries,
  siteOf,
} from '../src/content/panel-model.js';
import { splitSets } from '../src/popup/sets.js';

const record = (key, overrides = {}) => ({
  key,
  id: `https://svc/api/annotations/${key}`,
  kind: 'claim',
  verdict: 'disputed',
  followId: 'svc:a',
  setTitle: 'Fact desk',
  canEdit: false,
  text: `About ${key}`,
  modified: '2026-11-01T00:00:00Z',
  ...overrides,
});

const records = {
  open: record('open', { text: 'Llama 4 is not open source by the OSI definition.' }),
  gov: record('gov', { verdict: 'unproven', followId: 'svc:b', setTitle: 'Reader checks' }),
  note: record('note', { kind: 'note', verdict: null, text: 'A colleague’s note', canEdit: true }),
  site: record('site', { kind: 'site', verdict: 'satire', text: 'Copies of real articles' }),
  lost: record('lost', { kind: 'note', verdict: null, quote: { exact: 'gone words' } }),
  odd: record('odd', { kind: 'note', verdict: null, placeableReason: '2 targets' }),
};

function entries(hidden = new Set()) {
  return pageEntries({
    records,
    counts: new Map([
      ['open', 160],
      ['gov', 3],
      ['note', 1],
    ]),
    words: new Map([
      ['open', 'Open-Source'],
      ['gov', 'government'],
      ['note', 'a passage'],
    ]),
    banners: ['site'],
    orphans: ['lost'],
    unplaceable: ['odd'],
    hidden,
  });
}

describe('the page’s entries', () => {
  test('one entry per annotation with its count, banners first, orphans last', () => {
    const list = entries();
    assert.deepEqual(
      list.map((e) => [e.key, e.place, e.count]),
      [
        ['site', PLACE.BANNER, 0],
        ['open', PLACE.PAGE, 160],
        ['gov', PLACE.PAGE, 3],
        ['note', PLACE.PAGE, 1],
        ['lost', PLACE.ORPHAN, 0],
        ['odd', PLACE.ORPHAN, 0],
      ],
    );
    assert.equal(countText(160), '160 on this page');
  });

  test('orphans say why: a lost passage, or the service’s reason', () => {
    const list = entries();
    assert.equal(list.find((e) => e.key === 'lost').words, 'gone words');
    assert.match(list.find((e) => e.key === 'lost').reason, /not on this page/);
    assert.equal(list.find((e) => e.key === 'odd').reason, '2 targets');
  });

  test('a hidden label stays listed, marked hidden', () => {
    const list = entries(new Set(['open', 'site']));
    assert.equal(list.find((e) => e.key === 'open').hidden, true);
    assert.equal(list.find((e) => e.key === 'gov').hidden, false);
  });

  test('records that are gone are left out', () => {
    const list = pageEntries({ records: {}, counts: new Map([['x', 2]]), orphans: ['y'] });
    assert.deepEqual(list, []);
  });
});

describe('filters and search', () => {
  const list = entries();

  test('by set and by verdict, notes under "no verdict"', () => {
    assert.deepEqual(
      filterEntries(list, { followId: 'svc:b' }).map((e) => e.key),
      ['gov'],
    );
    assert.deepEqual(
      filterEntries(list, { verdict: 'disputed' }).map((e) => e.key),
      ['open'],
    );
    assert.deepEqual(
      filterEntries(list, { verdict: NO_VERDICT }).map((e) => e.key),
      ['note', 'lost', 'odd'],
    );
  });

  test('search: every word, case and spacing folded, in words, text or set', () => {
    assert.deepEqual(
      filterEntries(list, { query: '  OSI   definition ' }).map((e) => e.key),
      ['open'],
    );
    assert.deepEqual(
      filterEntries(list, { query: 'reader' }).map((e) => e.key),
      ['gov'],
    );
    assert.equal(matchesQuery(list[1], 'open-source llama'), true);
    assert.equal(matchesQuery(list[1], 'llama mistral'), false);
    assert.equal(filterEntries(list, { query: '' }).length, list.length);
  });

  test('search: reply text matches too, HTML replies without their tags', () => {
    const withReplies = pageEntries({
      records: {
        ...records,
        open: {
          ...records.open,
          replies: [
            { id: 'r1', text: 'The OSI published its verdict', textFormat: 'text/plain' },
            { id: 'r2', text: '<p>See the <b>licence</b> text</p>', textFormat: 'text/html' },
          ],
        },
      },
      counts: new Map([
        ['open', 160],
        ['gov', 3],
      ]),
    });
    assert.equal(withReplies[0].replies.length, 2);
    assert.deepEqual(withReplies[1].replies, []);
    assert.deepEqual(
      filterEntries(withReplies, { query: 'published verdict' }).map((e) => e.key),
      ['open'],
    );
    assert.deepEqual(
      filterEntries(withReplies, { query: 'licence' }).map((e) => e.key),
      ['open'],
    );
    assert.deepEqual(filterEntries(withReplies, { query: '<b>' }), []);
    assert.deepEqual(filterEntries(withReplies, { query: 'published mistral' }), []);
  });

  test('filters combine', () => {
    assert.deepEqual(filterEntries(list, { followId: 'svc:b', verdict: 'disputed' }), []);
  });

  test('the choices are what is on the page', () => {
    const choices = filterChoices(list);
    assert.deepEqual(
      choices.sets.map((s) => s.followId),
      ['svc:a', 'svc:b'],
    );
    assert.deepEqual(choices.verdicts, ['satire', 'disputed', 'unproven', NO_VERDICT]);
  });

  test('grouped by set in order of first appearance', () => {
    assert.deepEqual(
      groupBySet(list).map((g) => [g.followId, g.entries.length]),
      [
        ['svc:a', 5],
        ['svc:b', 1],
      ],
    );
  });
});

describe('hidden on this site', () => {
  test('until the annotation changes', () => {
    const map = { open: hideStamp(records.open) };
    assert.equal(isHiddenHere(map, records.open), true);
    assert.equal(isHiddenHere(map, { ...records.open, modified: '2026-12-01T00:00:00Z' }), false);
    assert.equal(isHiddenHere(map, records.gov), false);
    assert.equal(isHiddenHere({}, null), false);
  });

  test('per site: the host name', () => {
    assert.equal(siteOf('https://www.example.org/a?b#c'), 'www.example.org');
    assert.equal(siteOf('not a url'), '');
  });
});

describe('the popup’s sets', () => {
  test('your sets are those you own or edit; the others are followed', () => {
    const { mine, followed } = splitSets({
      'svc:1': { id: 'svc:1', kind: 'service', role: 'owner' },
      'svc:2': { id: 'svc:2', kind: 'service', role: 'viewer' },
      'svc:3': { id: 'svc:3', kind: 'service', role: 'editor' },
      'svc:4': { id: 'svc:4', kind: 'service', role: null },
      'url:x': { id: 'url:x', kind: 'static', role: 'owner' },
    });
    assert.deepEqual(
      mine.map((f) => f.id),
      ['svc:1', 'svc:3'],
    );
    assert.deepEqual(
      followed.map((f) => f.id),
      ['svc:2', 'svc:4', 'url:x'],
    );
  });
});

describe('where the panel goes', async () => {
  const { panelPlacement } = await import('../src/content/panel.js');

  test('docked at the right edge on a desktop, the page keeping the rest', () => {
    assert.deepEqual(panelPlacement({ width: 1280, height: 800 }), {
      mode: 'docked',
      left: 940,
      top: 0,
      width: 340,
      height: 800,
    });
  });

  test('a bottom sheet on phones, upright tablets and desktop-wide pages on a phone', () => {
    assert.equal(panelPlacement({ width: 390, height: 844 }).mode, 'sheet');
    assert.equal(panelPlacement({ width: 768, height: 1024 }).mode, 'sheet');
    assert.equal(panelPlacement({ width: 980, height: 2100, screenWidth: 390 }).mode, 'sheet');
    const sheet = panelPlacement({ width: 390, height: 844 });
    assert.equal(sheet.top + sheet.height, 844);
    assert.ok(sheet.height < 844 / 2);
  });
});

describe('the panel’s key', async () => {
  const { isPanelKey } = await import('../src/content/page-ui.js');
  const key = (overrides) => ({
    altKey: true,
    shiftKey: true,
    ctrlKey: false,
    metaKey: false,
    code: 'KeyP',
    ...overrides,
  });

  test('Alt+Shift+P by key position, whatever character the layout types', () => {
    assert.equal(isPanelKey(key({ key: 'π' })), true);
    assert.equal(isPanelKey(key({ shiftKey: false })), false);
    assert.equal(isPanelKey(key({ ctrlKey: true })), false);
    assert.equal(isPanelKey(key({ code: 'KeyH' })), false);
  });
});
