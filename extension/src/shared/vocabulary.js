/**
 * The words Footnote uses on both sides of the wire, written once for the extension: annotation
 * kinds, verdicts, member roles, set visibilities and the statuses of a followed set.
 * `extension/test/vocabulary.test.js` holds them to `tests/vectors/vocabulary.json`, which the
 * service's `footnote.vocabulary` is held to as well. Colours live in `look.js`, keyed from here.
 */

const frozen = (items) => Object.freeze(items.map((item) => Object.freeze(item)));

/** Annotation kinds, by name. */
export const KIND = Object.freeze({ NOTE: 'note', CLAIM: 'claim', SITE: 'site' });

/** Annotation kinds in the service's order, with the word a reader sees. */
export const KINDS = frozen([
  { id: KIND.NOTE, label: 'Note' },
  { id: KIND.CLAIM, label: 'Claim label' },
  { id: KIND.SITE, label: 'Site label' },
]);

/** Verdicts a label can carry, in the order the editor offers them. */
export const VERDICTS = frozen([
  { id: 'false', label: 'False' },
  { id: 'misleading', label: 'Misleading' },
  { id: 'disputed', label: 'Disputed' },
  { id: 'missing-context', label: 'Missing context' },
  { id: 'unproven', label: 'Unproven' },
  { id: 'correct', label: 'Correct' },
  { id: 'satire', label: 'Satire' },
]);

/** Member roles on a set, by name. */
export const ROLE = Object.freeze({ VIEWER: 'viewer', EDITOR: 'editor', OWNER: 'owner' });

/** Member roles from least to most allowed. */
export const ROLES = Object.freeze([ROLE.VIEWER, ROLE.EDITOR, ROLE.OWNER]);

/** True when a role may write annotations to its set. */
export function canWriteAs(role) {
  return role === ROLE.EDITOR || role === ROLE.OWNER;
}

/** Who can read a set, by name. */
export const VISIBILITY = Object.freeze({
  PRIVATE: 'private',
  UNLISTED: 'unlisted',
  PUBLIC: 'public',
});

/** Set visibilities from most to least closed. */
export const VISIBILITIES = Object.freeze([
  VISIBILITY.PRIVATE,
  VISIBILITY.UNLISTED,
  VISIBILITY.PUBLIC,
]);

/** The status of a followed set after its last sync, by name. */
export const SYNC = Object.freeze({
  PENDING: 'pending',
  OK: 'ok',
  OFFLINE: 'offline',
  ERROR: 'error',
  REVOKED: 'revoked',
  NO_ACCESS: 'no-access',
  SIGNED_OUT: 'signed-out',
  GONE: 'gone',
});

/**
 * Every sync status: `lostAccess` statuses stop the set from drawing (its old copy is dropped),
 * `problem` statuses are shown to the reader; `words` is what the popup and options page say.
 */
export const SYNC_STATUSES = frozen([
  { id: SYNC.PENDING, lostAccess: false, problem: false, words: 'Not synced yet' },
  { id: SYNC.OK, lostAccess: false, problem: false, words: 'Up to date' },
  {
    id: SYNC.OFFLINE,
    lostAccess: false,
    problem: true,
    words: 'Service unreachable: showing the last synced copy',
  },
  {
    id: SYNC.ERROR,
    lostAccess: false,
    problem: true,
    words: 'Sync failed: showing the last synced copy',
  },
  {
    id: SYNC.REVOKED,
    lostAccess: true,
    problem: true,
    words: 'Share link revoked: this set can no longer be read',
  },
  {
    id: SYNC.NO_ACCESS,
    lostAccess: true,
    problem: true,
    words: 'Access removed (or the set was deleted)',
  },
  {
    id: SYNC.SIGNED_OUT,
    lostAccess: true,
    problem: true,
    words: 'Sign-in expired: sign in again to read this set',
  },
  { id: SYNC.GONE, lostAccess: true, problem: true, words: 'The set file is gone' },
]);

/** Statuses whose set must not be drawn: the reader lost access, so the old copy is dropped. */
export const LOST_ACCESS = new Set(SYNC_STATUSES.filter((s) => s.lostAccess).map((s) => s.id));

/** Statuses shown to the reader as a problem (lost access, or the last copy is stale). */
export const SYNC_PROBLEMS = new Set(SYNC_STATUSES.filter((s) => s.problem).map((s) => s.id));

const SYNC_WORDS = new Map(SYNC_STATUSES.map((s) => [s.id, s.words]));

/** Human words for a follow's status, shared by the popup and options page. */
export function describeStatus(status) {
  return SYNC_WORDS.get(status) ?? SYNC_WORDS.get(SYNC.ERROR);
}

/**
 * Talking back (docs/ratings.md, docs/api.md "Talking back"): the motivation of a reply, the
 * reasons a reader may give with "not helpful" and with "wrong on this page", and the bridging
 * statuses a set that opts in syncs as `ratingStatus`, with the words a card shows for each.
 */
export const REPLY_MOTIVATION = 'replying';

export const RATING_REASONS = frozen([
  { id: 'wrong-verdict', label: 'Wrong verdict' },
  { id: 'bad-source', label: 'Bad source' },
  { id: 'outdated', label: 'Outdated' },
  { id: 'off-topic', label: 'Off-topic' },
  { id: 'other', label: 'Other' },
]);

export const REPORT_REASONS = frozen([
  { id: 'refutes-claim', label: 'The page argues against the claim' },
  { id: 'quotes-claim', label: 'The page only quotes or reports the claim' },
  { id: 'different-subject', label: 'The page is about something else' },
  { id: 'other', label: 'Other' },
]);

/** A synced `ratingStatus`, by name. */
export const RATING_STATUS = Object.freeze({
  HELPFUL: 'helpful',
  NOT_HELPFUL: 'not-helpful',
  NEEDS_MORE: 'needs-more-ratings',
});

export const RATING_STATUSES = frozen([
  { id: RATING_STATUS.HELPFUL, label: 'Rated helpful' },
  { id: RATING_STATUS.NOT_HELPFUL, label: 'Rated not helpful' },
  { id: RATING_STATUS.NEEDS_MORE, label: 'Needs more ratings' },
]);

const RATING_STATUS_WORDS = new Map(RATING_STATUSES.map((s) => [s.id, s.label]));

/** The card's words for a synced rating status; null for none or an unknown one. */
export function describeRatingStatus(status) {
  return RATING_STATUS_WORDS.get(status) ?? null;
}
