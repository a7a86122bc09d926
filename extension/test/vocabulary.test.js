// The extension's words and anchoring thresholds against tests/vectors/vocabulary.json, the vector
// the service's footnote.vocabulary is held to as well: a word changed on one side only fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as anchor from '../src/match/anchor.js';
import { VERDICT_LOOK } from '../src/shared/look.js';
import {
  KIND,
  KINDS,
  RATING_REASONS,
  RATING_STATUS,
  RATING_STATUSES,
  REPLY_MOTIVATION,
  REPORT_REASONS,
  LOST_ACCESS,
  ROLE,
  ROLES,
  SYNC,
  SYNC_PROBLEMS,
  SYNC_STATUSES,
  VERDICTS,
  VISIBILITIES,
  VISIBILITY,
  canWriteAs,
  describeRatingStatus,
  describeStatus,
} from '../src/shared/vocabulary.js';

const here = dirname(fileURLToPath(import.meta.url));
const vector = JSON.parse(
  readFileSync(join(here, '..', '..', 'tests', 'vectors', 'vocabulary.json'), 'utf8'),
);

const ids = (list) => list.map((item) => item.id);

describe('vocabulary.json', () => {
  test('kinds: ids, order and labels', () => {
    assert.deepEqual(
      KINDS.map(({ id, label }) => ({ id, label })),
      vector.kinds,
    );
    assert.deepEqual(Object.values(KIND).sort(), ids(vector.kinds).sort());
  });

  test('verdicts: ids, order and labels', () => {
    assert.deepEqual(
      VERDICTS.map(({ id, label }) => ({ id, label })),
      vector.verdicts,
    );
  });

  test('every verdict has a look with its label and a colour', () => {
    assert.deepEqual(Object.keys(VERDICT_LOOK), ids(vector.verdicts));
    for (const { id, label } of vector.verdicts) {
      assert.equal(VERDICT_LOOK[id].label, label);
      assert.match(VERDICT_LOOK[id].color, /^#[0-9a-f]{6}$/);
      assert.match(VERDICT_LOOK[id].tint, /^rgba\(/);
    }
  });

  test('roles, in order; editors and owners write', () => {
    assert.deepEqual(ROLES, vector.roles);
    assert.deepEqual(Object.values(ROLE), vector.roles);
    assert.deepEqual(
      vector.roles.filter(canWriteAs),
      vector.roles.filter((role) => role !== 'viewer'),
    );
  });

  test('visibilities, in order', () => {
    assert.deepEqual(VISIBILITIES, vector.visibilities);
    assert.deepEqual(Object.values(VISIBILITY), vector.visibilities);
  });

  test('sync statuses with their lostAccess and problem flags', () => {
    assert.deepEqual(
      SYNC_STATUSES.map(({ id, lostAccess, problem }) => ({ id, lostAccess, problem })),
      vector.syncStatuses,
    );
    assert.deepEqual(Object.values(SYNC).sort(), ids(vector.syncStatuses).sort());
  });

  test('the lost-access and problem sets follow the flags', () => {
    const flagged = (flag) => vector.syncStatuses.filter((s) => s[flag]).map((s) => s.id);
    assert.deepEqual([...LOST_ACCESS], flagged('lostAccess'));
    assert.deepEqual([...SYNC_PROBLEMS], flagged('problem'));
  });

  test('every sync status has its own words', () => {
    const words = ids(vector.syncStatuses).map(describeStatus);
    assert.equal(new Set(words).size, words.length);
  });

  test('anchoring thresholds of match/anchor.js', () => {
    const actual = Object.fromEntries(
      Object.keys(vector.anchoring).map((name) => [name, anchor[name]]),
    );
    assert.deepEqual(actual, vector.anchoring);
  });

  test('talkBack: reply motivation, rating and report reasons, rating statuses', () => {
    const plain = (list) => list.map(({ id, label }) => ({ id, label }));
    assert.equal(REPLY_MOTIVATION, vector.talkBack.replyMotivation);
    assert.deepEqual(plain(RATING_REASONS), vector.talkBack.ratingReasons);
    assert.deepEqual(plain(REPORT_REASONS), vector.talkBack.reportReasons);
    assert.deepEqual(plain(RATING_STATUSES), vector.talkBack.ratingStatuses);
    assert.deepEqual(Object.values(RATING_STATUS), ids(vector.talkBack.ratingStatuses));
    for (const { id, label } of vector.talkBack.ratingStatuses)
      assert.equal(describeRatingStatus(id), label);
    assert.equal(describeRatingStatus('bogus'), null);
  });
});
