// Similarity measures used by quote anchoring (docs/matching.md §4). Strings are in code-point
// form (one unit per code point), so results equal the Python engine's.

import { isUnspaced } from './claims.js';

/** Length of the longest common suffix of two strings. */
export function commonSuffix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Length of the longest common prefix of two strings. */
export function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Fewest edits turning `pattern` into some prefix of `text` (the prefix length is free). */
export function editDistanceAnchored(pattern, text) {
  let prev = Array.from({ length: text.length + 1 }, (_, j) => j);
  for (let i = 1; i <= pattern.length; i++) {
    const cur = [i];
    const pc = pattern[i - 1];
    for (let j = 1; j <= text.length; j++) {
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pc === text[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return Math.min(...prev);
}

const LETTER_NUMBER_MARK = /^[\p{L}\p{N}\p{M}]$/u;

/** Runs of letters, digits and marks; in scripts without spaces, every character. */
export function wordTokens(text) {
  const out = [];
  let run = '';
  for (const ch of text) {
    if (LETTER_NUMBER_MARK.test(ch)) {
      if (isUnspaced(ch.codePointAt(0))) {
        if (run) out.push(run);
        run = '';
        out.push(ch);
      } else {
        run += ch;
      }
    } else if (run) {
      out.push(run);
      run = '';
    }
  }
  if (run) out.push(run);
  return out;
}

/**
 * Number of separate places where token list `a` must change to become `b`: walks one longest
 * common subsequence (ties: drop from `a` first) and counts runs of deletions and insertions.
 */
export function changedRuns(a, b) {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i];
    const below = table[i + 1];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? below[j + 1] + 1 : Math.max(below[j], row[j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let runs = 0;
  let inRun = false;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j] && table[i][j] === table[i + 1][j + 1] + 1) {
      i++;
      j++;
      inRun = false;
      continue;
    }
    if (!inRun) {
      runs++;
      inRun = true;
    }
    if (j >= m || (i < n && table[i + 1][j] >= table[i][j + 1])) i++;
    else j++;
  }
  return runs;
}

/** Edit distance between `pattern` and every prefix of `text` (dynamic programming). */
export function prefixDistances(pattern, text) {
  const m = pattern.length;
  const column = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) column[i] = i;
  const out = [m];
  for (let j = 1; j <= text.length; j++) {
    let diagonal = column[0];
    column[0] = j;
    const c = text[j - 1];
    for (let i = 1; i <= m; i++) {
      const above = column[i];
      column[i] = Math.min(above + 1, column[i - 1] + 1, diagonal + (pattern[i - 1] === c ? 0 : 1));
      diagonal = above;
    }
    out.push(column[m]);
  }
  return out;
}
