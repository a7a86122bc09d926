import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CLOCK_SKEW_MS,
  afterMissingPatch,
  applyPatch,
  isStaticManifest,
  isStaticPatch,
  parseManifest,
  patchMayHaveExpired,
  readSnapshot,
} from '../src/background/static-patches.js';

const MANIFEST_URL = 'https://cdn.example/sets/desk/footnote-set.json';
const DAY_MS = 24 * 3600 * 1000;

const note = (id, text, version) => ({
  id: `https://notes.example/api/annotations/${id}`,
  type: 'Annotation',
  kind: 'note',
  body: [{ type: 'TextualBody', value: text, format: 'text/plain' }],
  target: {
    source: 'https://news.example/a',
    selector: [{ type: 'TextQuoteSelector', exact: text }],
  },
  setVersion: version,
});

const manifest = {
  type: 'FootnoteStaticSet',
  formatVersion: 1,
  set: { id: 'desk', title: 'Desk' },
  version: 6,
  published: '2026-11-30T20:00:00Z',
  snapshot: 'snapshots/6.json',
  next: 'patches/6.json',
  oldestPatch: 2,
  patchRetentionSeconds: 7 * 24 * 3600,
};

const snapshot = {
  type: 'FootnoteStaticSnapshot',
  formatVersion: 1,
  since: 0,
  version: 6,
  published: '2026-11-30T20:00:00Z',
  next: 'patches/6.json',
  set: { id: 'desk', title: 'Desk' },
  annotations: [note('a', 'one', 2), note('b', 'two', 5), note('c', 'three', 6)],
  deleted: [],
};

const patch = {
  type: 'FootnoteStaticPatch',
  formatVersion: 1,
  since: 6,
  version: 9,
  published: '2026-11-30T21:00:00Z',
  next: 'patches/9.json',
  annotations: [note('b', 'two, edited', 7), note('d', 'four', 8)],
  deleted: [{ id: 'https://notes.example/api/annotations/c', setVersion: 9, deleted: '…' }],
};

describe('manifest', () => {
  test('is told apart from a single W3C file', () => {
    assert.equal(isStaticManifest(manifest), true);
    assert.equal(isStaticManifest({ type: 'AnnotationCollection' }), false);
    assert.equal(isStaticManifest([]), false);
    assert.equal(isStaticManifest(null), false);
  });

  test('paths resolve against the manifest URL', () => {
    assert.deepEqual(parseManifest(manifest, MANIFEST_URL), {
      version: 6,
      title: 'Desk',
      snapshotUrl: 'https://cdn.example/sets/desk/snapshots/6.json',
      nextUrl: 'https://cdn.example/sets/desk/patches/6.json',
      retentionMs: 7 * DAY_MS,
    });
  });

  test('refuses other formats, bad versions and non-http paths', () => {
    assert.throws(() => parseManifest({ ...manifest, formatVersion: 2 }, MANIFEST_URL), /format 2/);
    assert.throws(() => parseManifest({ ...manifest, version: -1 }, MANIFEST_URL), /version/);
    assert.throws(() => parseManifest({ ...manifest, version: '6' }, MANIFEST_URL), /version/);
    assert.throws(
      () => parseManifest({ ...manifest, next: 'javascript:alert(1)' }, MANIFEST_URL),
      /non-http/,
    );
    assert.throws(() => parseManifest({ ...manifest, snapshot: '' }, MANIFEST_URL), /no file/);
  });
});

describe('snapshot and patches', () => {
  test('a snapshot becomes the stored set, keyed like service sets', () => {
    const read = readSnapshot(snapshot, MANIFEST_URL);
    assert.deepEqual(Object.keys(read.setData.annotations).sort(), ['a', 'b', 'c']);
    assert.equal(read.version, 6);
    assert.equal(read.nextUrl, 'https://cdn.example/sets/desk/patches/6.json');
    assert.equal(read.publishedAt, Date.parse('2026-11-30T20:00:00Z'));
    assert.throws(() => readSnapshot(patch, MANIFEST_URL), /snapshot/);
  });

  test('a patch upserts and removes by tombstone, and names the next patch', () => {
    const held = readSnapshot(snapshot, MANIFEST_URL);
    const applied = applyPatch(held.setData, 6, patch, MANIFEST_URL);
    const texts = Object.fromEntries(
      Object.entries(applied.setData.annotations).map(([k, a]) => [k, a.body[0].value]),
    );
    assert.deepEqual(texts, { a: 'one', b: 'two, edited', d: 'four' });
    assert.equal(applied.version, 9);
    assert.equal(applied.nextUrl, 'https://cdn.example/sets/desk/patches/9.json');
    assert.equal(applied.title, null); // the patch did not carry the set
    assert.deepEqual(Object.keys(held.setData.annotations).sort(), ['a', 'b', 'c']); // unchanged
  });

  test('a patch carrying the set renames it', () => {
    const held = readSnapshot(snapshot, MANIFEST_URL);
    const renamed = { ...patch, set: { id: 'desk', title: 'Desk (archived)' } };
    assert.equal(applyPatch(held.setData, 6, renamed, MANIFEST_URL).title, 'Desk (archived)');
  });

  test('a page served for a missing patch is not a patch', () => {
    assert.equal(isStaticPatch(patch), true);
    assert.equal(isStaticPatch(null), false); // not JSON
    assert.equal(isStaticPatch({ type: 'AnnotationPage' }), false);
    assert.equal(isStaticPatch(snapshot), false);
  });

  test('a patch that does not continue from the held version breaks the chain', () => {
    const held = readSnapshot(snapshot, MANIFEST_URL);
    assert.equal(applyPatch(held.setData, 5, patch, MANIFEST_URL), null);
    assert.equal(applyPatch(held.setData, 6, { ...patch, version: 6 }, MANIFEST_URL), null);
    assert.equal(applyPatch(held.setData, 6, snapshot, MANIFEST_URL), null);
    assert.equal(applyPatch(held.setData, 6, '<html>not found</html>', MANIFEST_URL), null);
  });
});

describe('a 404 for the next patch', () => {
  const published = Date.parse('2026-11-30T20:00:00Z');
  const follow = { confirmedAt: published, patchRetentionMs: 7 * DAY_MS };

  test('means "no update yet" while the patch cannot have expired', () => {
    assert.equal(patchMayHaveExpired(follow, published + DAY_MS), false);
    assert.equal(patchMayHaveExpired(follow, published + 7 * DAY_MS - CLOCK_SKEW_MS - 1), false);
  });

  test('is checked against the manifest once it may have', () => {
    assert.equal(patchMayHaveExpired(follow, published + 7 * DAY_MS - CLOCK_SKEW_MS), true);
    assert.equal(patchMayHaveExpired({}, Date.now()), true); // nothing known: check
    const short = { confirmedAt: published, patchRetentionMs: 60_000 };
    assert.equal(patchMayHaveExpired(short, published + 29_999), false); // allowance ≤ half
    assert.equal(patchMayHaveExpired(short, published + 30_000), true);
  });

  test('and the manifest decides: the same version is current, another takes the snapshot', () => {
    const read = parseManifest(manifest, MANIFEST_URL);
    assert.equal(afterMissingPatch(read, 6), 'current');
    assert.equal(afterMissingPatch(read, 3), 'snapshot');
    assert.equal(afterMissingPatch(read, 40), 'snapshot'); // the folder was started again
  });
});
