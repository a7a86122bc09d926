/** How each kind and verdict looks: colours and words shared by marks, badges, cards and banners. */

export const VERDICT_LOOK = Object.freeze({
  false: { label: 'False', color: '#b3261e', tint: 'rgba(179, 38, 30, 0.14)' },
  misleading: { label: 'Misleading', color: '#c25e00', tint: 'rgba(194, 94, 0, 0.15)' },
  disputed: { label: 'Disputed', color: '#a66f00', tint: 'rgba(230, 162, 0, 0.22)' },
  'missing-context': {
    label: 'Missing context',
    color: '#1d5fa6',
    tint: 'rgba(29, 95, 166, 0.14)',
  },
  unproven: { label: 'Unproven', color: '#5f6368', tint: 'rgba(95, 99, 104, 0.15)' },
  correct: { label: 'Correct', color: '#1e7b34', tint: 'rgba(30, 123, 52, 0.14)' },
  satire: { label: 'Satire', color: '#6a3fa0', tint: 'rgba(106, 63, 160, 0.14)' },
});

const NO_VERDICT = { label: 'Label', color: '#3c4043', tint: 'rgba(60, 64, 67, 0.12)' };
const NOTE = { label: 'Note', color: '#8a6d00', tint: 'rgba(255, 214, 10, 0.45)' };

/** The look of a record: notes are highlighter-yellow; labels take their verdict's colour. */
export function lookOf(record) {
  if (record.kind === 'note') return NOTE;
  return VERDICT_LOOK[record.verdict] ?? NO_VERDICT;
}

/** A word for the kind of a record. */
export function kindName(record) {
  if (record.kind === 'claim') return 'Claim label';
  if (record.kind === 'site') return 'Site label';
  return record.motivation === 'questioning' ? 'Question' : 'Note';
}
