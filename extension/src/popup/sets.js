/** The popup's two lists of sets, as plain data (node:test covers it). */
import { canWriteAs } from '../shared/vocabulary.js';

/** True when the reader owns or edits this set (a set file is only ever followed). */
export function isMine(follow) {
  return follow.kind !== 'static' && canWriteAs(follow.role);
}

/**
 * "Your sets" (owned or edited) and the sets the reader only follows, each in stored order. The
 * local set (`local`, from the background's state) ends "Your sets" once it holds a note, or while
 * it is switched off, so that it can be switched back on.
 */
export function splitSets(follows, local = null) {
  const list = Object.values(follows);
  const mine = list.filter(isMine);
  if (local && (local.count > 0 || local.enabled === false)) mine.push(local);
  return { mine, followed: list.filter((follow) => !isMine(follow)) };
}
