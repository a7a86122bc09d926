/** The popup's two lists of sets, as plain data (node:test covers it). */
import { canWriteAs } from '../shared/vocabulary.js';

/** True when the reader owns or edits this set (a set file is only ever followed). */
export function isMine(follow) {
  return follow.kind !== 'static' && canWriteAs(follow.role);
}

/** "Your sets" (owned or edited) and the sets the reader only follows, each in stored order. */
export function splitSets(follows) {
  const list = Object.values(follows);
  return { mine: list.filter(isMine), followed: list.filter((follow) => !isMine(follow)) };
}
