import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  annotationKey,
  applyChanges,
  maxAgeSeconds,
  nextStaticFetch,
  oneAtATime,
  removeAnnotation,
  statusForHttp,
  upsertAnnotation,
} from '../src/background/sync-merge.js';
import { describeStatus } from '../src/shared/vocabulary.js';

const note = (id, value, setVersion) => ({
  id: `http://127.0.0.1:5000/api/annotations/${id}`,
  kind: 'note',
  body: [{ type: 'TextualBody', value }],
  setVersion,
});

describe('annotationKey', () => {
  test('takes the last path segment of a URL id', () => {
    assert.equal(annotationKey('http://127.0.0.1:5000/api/annotations/abc_DEF-123'), 'abc_DEF-123');
  });
  test('keeps a bare id and ignores a trailing slash', () => {
    assert.equal(annotationKey('abc'), 'abc');
    assert.equal(annotationKey('https://x.org/w3c/sets/s/a1/'), 'a1');
  });
});

describe('applyChanges', () => {
  test('a snapshot (since=0) replaces whatever was stored', () => {
    const stored = { annotations: { old: note('old', 'gone', 1) } };
    const merged = applyChanges(stored, {
      since: 0,
      version: 2,
      annotations: [note('a', 'one', 2)],
      deleted: [],
    });
    assert.deepEqual(Object.keys(merged.annotations), ['a']);
  });

  test('a delta upserts changed annotations and drops tombstones', () => {
    let data = applyChanges(null, {
      since: 0,
      version: 2,
      annotations: [note('a', 'one', 1), note('b', 'two', 2)],
      deleted: [],
    });
    data = applyChanges(data, {
      since: 2,
      version: 4,
      annotations: [note('a', 'one, edited', 3)],
      deleted: [{ id: 'http://127.0.0.1:5000/api/annotations/b', setVersion: 4 }],
    });
    assert.deepEqual(Object.keys(data.annotations), ['a']);
    assert.equal(data.annotations.a.body[0].value, 'one, edited');
  });

  test('does not change its input', () => {
    const stored = { annotations: { a: note('a', 'x', 1) } };
    applyChanges(stored, { since: 1, annotations: [], deleted: [{ id: 'a' }] });
    assert.ok(stored.annotations.a);
  });
});

describe('tombstones', () => {
  /** The keys left after a delta that deletes `deleted` from a stored set of a and b. */
  const keysAfter = (deleted) =>
    Object.keys(
      applyChanges(
        { annotations: { a: note('a', 'x', 1), b: note('b', 'y', 2) } },
        { since: 2, version: 3, annotations: [], deleted },
      ).annotations,
    );

  test('with URL ids, like live annotations (the service now)', () => {
    assert.deepEqual(
      keysAfter([{ id: 'http://127.0.0.1:5000/api/annotations/a', setVersion: 3 }]),
      ['b'],
    );
  });

  test('with bare ids (an older service) delete too', () => {
    assert.deepEqual(keysAfter([{ id: 'a', setVersion: 3 }]), ['b']);
  });

  test('a URL id on another base URL (a proxy in front) names the same annotation', () => {
    assert.deepEqual(keysAfter([{ id: 'https://footnote.example/api/annotations/b/' }]), ['a']);
  });

  test('both shapes in one response', () => {
    assert.deepEqual(
      keysAfter([{ id: 'a' }, { id: 'http://127.0.0.1:5000/api/annotations/b' }]),
      [],
    );
  });

  test('a tombstone for an annotation never stored changes nothing', () => {
    assert.deepEqual(keysAfter([{ id: 'http://127.0.0.1:5000/api/annotations/z' }]), ['a', 'b']);
  });
});

describe('local edits', () => {
  test('upsert then remove', () => {
    let data = upsertAnnotation(undefined, note('n', 'mine', 5));
    assert.equal(data.annotations.n.body[0].value, 'mine');
    data = removeAnnotation(data, 'http://127.0.0.1:5000/api/annotations/n');
    assert.deepEqual(data.annotations, {});
  });
});

describe('statusForHttp', () => {
  const cases = [
    [200, {}, 'ok'],
    [304, {}, 'ok'],
    [401, { viaShareLink: true }, 'revoked'],
    [401, { hadToken: true }, 'signed-out'],
    [401, {}, 'no-access'],
    [403, {}, 'no-access'],
    [404, { viaShareLink: true }, 'no-access'],
    [410, {}, 'gone'],
    [500, {}, 'error'],
  ];
  for (const [status, options, expected] of cases) {
    test(`${status} ${JSON.stringify(options)} → ${expected}`, () => {
      assert.equal(statusForHttp(status, options), expected);
    });
  }
  test('a lost set is described as such, never as empty', () => {
    assert.match(describeStatus('revoked'), /revoked/);
    assert.match(describeStatus('no-access'), /Access removed/);
    assert.match(describeStatus('offline'), /last synced copy/);
  });
});

describe('static file freshness', () => {
  test('max-age is read from Cache-Control', () => {
    assert.equal(maxAgeSeconds('public, max-age=600'), 600);
    assert.equal(maxAgeSeconds('max-age="60", must-revalidate'), 60);
    assert.equal(maxAgeSeconds('no-cache'), null);
    assert.equal(maxAgeSeconds(null), null);
  });
  test('the next fetch honours the longer of interval and max-age', () => {
    assert.equal(nextStaticFetch(0, 7200, 60), 7_200_000);
    assert.equal(nextStaticFetch(0, 60, 60), 3_600_000);
    assert.equal(nextStaticFetch(1000, null, 30), 1000 + 1_800_000);
  });
});

describe('oneAtATime', () => {
  /** A run that records its calls and finishes only when the test says so. */
  function gated() {
    const calls = [];
    const release = [];
    const run = oneAtATime((key, options) => {
      calls.push([key, Boolean(options.force)]);
      const result = `${key}#${calls.length}`;
      return new Promise((resolve) => release.push(() => resolve(result)));
    });
    return { calls, release, run };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('a call for a key that is running joins it and gets its result', async () => {
    const { calls, release, run } = gated();
    const first = run('a', { force: true });
    const second = run('a', { force: true });
    await settle();
    release[0]();
    assert.deepEqual(await Promise.all([first, second]), ['a#1', 'a#1']);
    assert.deepEqual(calls, [['a', true]]);
  });

  test('different keys run side by side', async () => {
    const { calls, release, run } = gated();
    const both = Promise.all([run('a'), run('b')]);
    await settle();
    assert.equal(calls.length, 2);
    release.forEach((done) => done());
    assert.deepEqual(await both, ['a#1', 'b#2']);
  });

  test('a forced call waits for an unforced one, then runs', async () => {
    const { calls, release, run } = gated();
    const lazy = run('a');
    const forced = run('a', { force: true });
    const joined = run('a', { force: true });
    await settle();
    assert.deepEqual(calls, [['a', false]]);
    release[0]();
    assert.equal(await lazy, 'a#1');
    await settle();
    assert.deepEqual(calls, [
      ['a', false],
      ['a', true],
    ]);
    release[1]();
    assert.deepEqual(await Promise.all([forced, joined]), ['a#2', 'a#2']);
  });

  test('a key runs again once its call has finished, failed or not', async () => {
    let count = 0;
    const run = oneAtATime(async () => {
      count += 1;
      if (count === 1) throw new Error('offline');
      return count;
    });
    await assert.rejects(run('a'), /offline/);
    assert.equal(await run('a'), 2);
  });
});
