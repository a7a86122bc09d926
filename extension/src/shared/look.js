/** How each kind and verdict looks: colours and words shared by marks, badges, cards and banners. */
import { KIND, KINDS, VERDICTS } from './vocabulary.js';

/** The colour and tint of each verdict (white text on each colour is at least 4.5:1, WCAG AA);
 * the verdicts and their words are in vocabulary.js. */
const VERDICT_COLOURS = {
  false: { color: '#b3261e', tint: 'rgba(179, 38, 30, 0.14)' },
  misleading: { color: '#a34f00', tint: 'rgba(194, 94, 0, 0.15)' },
  disputed: { color: '#875a00', tint: 'rgba(230, 162, 0, 0.22)' },
  'missing-context': { color: '#1d5fa6', tint: 'rgba(29, 95, 166, 0.14)' },
  unproven: { color: '#5f6368', tint: 'rgba(95, 99, 104, 0.15)' },
  correct: { color: '#1e7b34', tint: 'rgba(30, 123, 52, 0.14)' },
  satire: { color: '#6a3fa0', tint: 'rgba(106, 63, 160, 0.14)' },
};

/** Label, colour and tint of each verdict, keyed by verdict id. */
export const VERDICT_LOOK = Object.freeze(
  Object.fromEntries(
    VERDICTS.map(({ id, label }) => [id, Object.freeze({ label, ...VERDICT_COLOURS[id] })]),
  ),
);

const KIND_LABEL = Object.fromEntries(KINDS.map(({ id, label }) => [id, label]));
const NO_VERDICT = { label: 'Label', color: '#3c4043', tint: 'rgba(60, 64, 67, 0.12)' };
const NOTE = { label: KIND_LABEL[KIND.NOTE], color: '#8a6d00', tint: 'rgba(255, 214, 10, 0.45)' };

/** The look of a record: notes are highlighter-yellow; labels take their verdict's colour. */
export function lookOf(record) {
  if (record.kind === KIND.NOTE) return NOTE;
  return VERDICT_LOOK[record.verdict] ?? NO_VERDICT;
}

/** A word for the kind of a record. */
export function kindName(record) {
  if (record.kind === KIND.CLAIM || record.kind === KIND.SITE) return KIND_LABEL[record.kind];
  return record.motivation === 'questioning' ? 'Question' : KIND_LABEL[KIND.NOTE];
}
