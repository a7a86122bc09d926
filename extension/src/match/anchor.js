// Quote anchoring and quote description (docs/matching.md §4 and §5).
// Internally every string is put in "code-point form" (one UTF-16 unit per code point), so
// lengths, error counts, scores and thresholds equal the Python engine's exactly.

import search from 'approx-string-match';
import { isWordCodePoint } from './claims.js';
import { normalize, originalSpan } from './normalize.js';
import {
  changedRuns,
  commonPrefix,
  commonSuffix,
  editDistanceAnchored,
  prefixDistances,
  wordTokens,
} from './similarity.js';
import {
  backCodePoints,
  codePointsToUnits,
  forwardCodePoints,
  hasSurrogates,
  unitsToCodePoints,
} from './offsets.js';

export const CONTEXT_LENGTH = 32;
export const MAX_ERROR_RATE = 0.2;
export const MIN_APPROX_LENGTH = 20;
export const MIN_CONTEXT = 0.65;
export const MIN_QUOTE_ALONE = 0.95;
export const MAX_ERRORS_ALONE = 2;
export const WORDS_PER_EDIT = 20;
export const START_SLACK = 0.05;
export const MARGIN = 0.1;
const MAX_ROUNDS = 4;
const MAX_CANDIDATES = 20;
const MASK = '\uffff';
const PRIVATE_USE = 0xe000;
const PRIVATE_USE_LAST = 0xf8ff;

// Astral code points become private-use characters (one table per page).
function toCodePointForm(str, table, grow) {
  if (!hasSurrogates(str)) return { text: str, units: null };
  let out = '';
  const units = [];
  let extra = table.size;
  for (let i = 0; i < str.length;) {
    const cp = str.codePointAt(i);
    units.push(i);
    if (cp > 0xffff) {
      let code = table.get(cp);
      if (code === undefined) {
        code = Math.min(PRIVATE_USE + extra++, PRIVATE_USE_LAST);
        if (grow) table.set(cp, code);
      }
      out += String.fromCharCode(code);
      i += 2;
    } else {
      out += str[i];
      i += 1;
    }
  }
  units.push(str.length);
  return { text: out, units };
}

let cached = null;

/** Normalise page text once for many anchorQuote calls (the last page is cached). */
export function prepare(text) {
  if (cached && cached.text === text) return cached;
  const norm = normalize(text);
  const flat = norm.text.replace(/\n/g, ' ');
  const table = new Map();
  const form = toCodePointForm(flat, table, true);
  const textAstral = hasSurrogates(text);
  cached = { text, textAstral, norm, flat, table, cp: form.text, units: form.units };
  return cached;
}

function bisectLeft(array, value, lo, hi) {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Normalise prefix+exact+suffix together and split it again; exact has no outer spaces. */
export function splitSelector(prefix, exact, suffix) {
  const norm = normalize(prefix + exact + suffix);
  const flat = norm.text.replace(/\n/g, ' ');
  const b1 = bisectLeft(norm.map, prefix.length, 0, flat.length);
  const b2 = bisectLeft(norm.map, prefix.length + exact.length, b1, flat.length);
  let pre = flat.slice(0, b1);
  let ex = flat.slice(b1, b2);
  const suf = flat.slice(b2);
  const stripped = ex.replace(/^ +/, '');
  pre += ex.slice(0, ex.length - stripped.length);
  ex = stripped.replace(/ +$/, '');
  return [pre, ex, stripped.slice(ex.length) + suf];
}

const reverse = (s) => s.split('').reverse().join('');

function contextSimilarity(flat, start, end, pre, suf) {
  const scores = [];
  if (pre.length) {
    const window = flat.slice(Math.max(0, start - pre.length - Math.floor(pre.length / 2)), start);
    const dist = editDistanceAnchored(reverse(pre), reverse(window));
    scores.push(Math.max(0, 1 - dist / pre.length));
  }
  if (suf.length) {
    const window = flat.slice(end, end + suf.length + Math.floor(suf.length / 2));
    const dist = editDistanceAnchored(suf, window);
    scores.push(Math.max(0, 1 - dist / suf.length));
  }
  if (scores.length === 0) return 0;
  return scores.length === 1 ? scores[0] / 1 : (0 + scores[0] + scores[1]) / 2;
}

function fewWordChanges(ex, found) {
  // An edit changes words in few places; a lookalike passage changes them all over.
  const a = wordTokens(ex);
  return changedRuns(a, wordTokens(found)) <= Math.max(1, Math.floor(a.length / WORDS_PER_EDIT));
}

const wordAt = (s, i) => isWordCodePoint(s.codePointAt(i));

/** A match may only cut into a word where the original selection did. */
function edgesFit(flat, start, end, pre, ex, suf) {
  if (start > 0 && wordAt(flat, start - 1) && wordAt(flat, start)) {
    if (!(pre && wordAt(pre, pre.length - 1) && wordAt(ex, 0))) return false;
  }
  if (end < flat.length && wordAt(flat, end) && wordAt(flat, end - 1)) {
    if (!(suf && wordAt(suf, 0) && wordAt(ex, ex.length - 1))) return false;
  }
  return true;
}

function hintPosition(prepared, selector, hint) {
  let offset;
  if (Number.isInteger(hint) && hint >= 0) {
    offset = hint;
  } else if (Number.isInteger(selector.start) && selector.start >= 0) {
    offset = prepared.textAstral
      ? codePointsToUnits(prepared.text, selector.start)
      : selector.start;
  } else {
    return null;
  }
  const i = bisectLeft(prepared.norm.map, offset, 0, prepared.flat.length);
  return prepared.units ? bisectLeft(prepared.units, i, 0, prepared.cp.length) : i;
}

function exactSearch(flat, pre, ex, suf, pos) {
  const found = [];
  let i = flat.indexOf(ex);
  while (i >= 0 && found.length < 10000) {
    found.push(i);
    i = flat.indexOf(ex, i + 1);
  }
  if (found.length <= 1) return found.length ? found[0] : null;
  let bestCtx = -1;
  let best = [];
  for (const i of found) {
    const ctx =
      commonSuffix(pre, flat.slice(Math.max(0, i - pre.length), i)) +
      commonPrefix(suf, flat.slice(i + ex.length, i + ex.length + suf.length));
    if (ctx > bestCtx) {
      bestCtx = ctx;
      best = [i];
    } else if (ctx === bestCtx) {
      best.push(i);
    }
  }
  if (best.length === 1) return best[0];
  if (pos === null) return null;
  const distances = best
    .map((i) => [Math.abs(i - pos), i])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (distances[0][0] === distances[1][0]) return null;
  return distances[0][1];
}

// approx-string-match reports only the lowest-error matches, so a smaller bound gives the same
// answer whenever it admits any match, and small bounds scan much faster.
function searchLowest(text, pattern, maxErrors, firstBound = 1) {
  for (let bound = Math.max(1, firstBound); bound < maxErrors; bound = bound * 2 + 1) {
    const found = search(text, pattern, bound);
    if (found.length) return found;
  }
  return search(text, pattern, maxErrors);
}

// Pick a cluster's end where the suffix agrees most, then the start where the prefix does.
// Starts within a few edits of the best compete on prefix agreement (an inserted word at the
// quote's start must not pull in the word before it); ties take fewer edits, then the longer
// match. Returns [start, end, errors].
function settleEdges(flat, cluster, pre, ex, suf, maxErrors) {
  const key = (m) => [
    -commonPrefix(suf, flat.slice(m.end, m.end + suf.length)),
    Math.abs(m.end - m.start - ex.length),
    m.start,
  ];
  const before = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  let best = cluster[0];
  for (const m of cluster.slice(1)) if (before(key(m), key(best)) < 0) best = m;
  const end = best.end;
  const lo = Math.max(0, end - ex.length - maxErrors);
  const dist = prefixDistances(reverse(ex), reverse(flat.slice(lo, end)));
  const slack = Math.max(2, Math.floor(ex.length * START_SLACK));
  const limit = Math.min(Math.min(...dist) + slack, maxErrors);
  let choice = null;
  dist.forEach((d, j) => {
    if (d > limit) return;
    const s = end - j;
    const k = [-commonSuffix(pre, flat.slice(Math.max(0, s - pre.length), s)), d, s];
    if (choice === null || before(k, choice) < 0) choice = k;
  });
  return [choice[2], end, choice[1]];
}

function approximateSearch(flat, pre, ex, suf, pos) {
  if (ex.length < MIN_APPROX_LENGTH) return null;
  const maxErrors = Math.floor(ex.length * MAX_ERROR_RATE);
  let masked = flat;
  const candidates = [];
  let bound = 1;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const matches = searchLowest(masked, ex, maxErrors, bound);
    if (matches.length === 0) break;
    bound = matches[0].errors; // later rounds find nothing better
    const clusters = [];
    for (const m of matches) {
      const last = clusters[clusters.length - 1];
      if (last && m.start < last[last.length - 1].end) last.push(m);
      else clusters.push([m]);
    }
    for (const cluster of clusters) {
      candidates.push(settleEdges(flat, cluster, pre, ex, suf, maxErrors));
      const lo = cluster[0].start;
      const hi = Math.max(...cluster.map((m) => m.end));
      masked = masked.slice(0, lo) + MASK.repeat(hi - lo) + masked.slice(hi);
    }
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  const scored = [];
  for (const [start, end, errors] of candidates) {
    const quote = 1 - errors / ex.length;
    const ctx = contextSimilarity(flat, start, end, pre, suf);
    if (ctx < MIN_CONTEXT && (quote < MIN_QUOTE_ALONE || errors > MAX_ERRORS_ALONE)) continue;
    if (!edgesFit(flat, start, end, pre, ex, suf)) continue;
    if (!fewWordChanges(ex, flat.slice(start, end))) continue;
    let near = 0;
    if (pos !== null) near = 1 - Math.min(1, Math.abs(start - pos) / Math.max(1, flat.length));
    const score = (quote + ctx) / 2;
    scored.push([score + near * 0.01, score, start, end]);
  }
  if (scored.length === 0) return null;
  scored.sort((a, b) => b[0] - a[0] || a[2] - b[2]);
  if (scored.length > 1 && scored[0][0] - scored[1][0] < MARGIN) return null;
  return scored[0].slice(1);
}

/** Merge a W3C selector list (quote + position) into {exact, prefix, suffix, start, end}. */
export function mergeSelectors(selectors) {
  if (!Array.isArray(selectors)) return selectors;
  const merged = {};
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector')
      Object.assign(merged, { exact: s.exact, prefix: s.prefix, suffix: s.suffix });
    if (s.type === 'TextPositionSelector') Object.assign(merged, { start: s.start, end: s.end });
  }
  return merged;
}

/**
 * Find a quote {exact, prefix, suffix, start?, end?} (positions in code points) in page text.
 * Returns {start, end, score} as UTF-16 offsets into `text`, or null (an orphan). `hint` is a
 * UTF-16 offset into `text` that overrides the selector's position.
 */
export function anchorQuote(text, selector, { hint } = {}) {
  const sel = mergeSelectors(selector);
  const prepared = prepare(text);
  const [pre0, ex0, suf0] = splitSelector(sel.prefix || '', sel.exact || '', sel.suffix || '');
  if (!ex0) return null;
  const table = prepared.table;
  const pre = toCodePointForm(pre0, table, false).text;
  const ex = toCodePointForm(ex0, table, false).text;
  const suf = toCodePointForm(suf0, table, false).text;
  const pos = hintPosition(prepared, sel, hint);
  const toPage = (s, e) => {
    const us = prepared.units ? prepared.units[s] : s;
    const ue = prepared.units ? prepared.units[e] : e;
    return originalSpan(prepared.norm, us, ue);
  };
  const i = exactSearch(prepared.cp, pre, ex, suf, pos);
  if (i !== null) {
    const [start, end] = toPage(i, i + ex.length);
    return { start, end, score: 1 };
  }
  const found = approximateSearch(prepared.cp, pre, ex, suf, pos);
  if (found === null) return null;
  const [score, s, e] = found;
  const [start, end] = toPage(s, e);
  return { start, end, score: Math.floor(Math.min(score, 1) * 10000 + 0.5) / 10000 };
}

/** W3C TextQuoteSelector (32 code points of context) and TextPositionSelector for [start, end). */
export function describeQuote(text, start, end) {
  const exact = text.slice(start, end);
  const cpStart = unitsToCodePoints(text, start);
  return [
    {
      type: 'TextQuoteSelector',
      exact,
      prefix: text.slice(backCodePoints(text, start, CONTEXT_LENGTH), start),
      suffix: text.slice(end, forwardCodePoints(text, end, CONTEXT_LENGTH)),
    },
    {
      type: 'TextPositionSelector',
      start: cpStart,
      end: cpStart + unitsToCodePoints(exact, exact.length),
    },
  ];
}
