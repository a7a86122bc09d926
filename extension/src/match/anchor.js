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
export const SHORT_QUOTE = 32;
export const MIN_LENGTH_ALONE = 30;
export const TIE_DISTANCE = 8;
export const MAX_ROUNDS = 4;
export const MAX_CANDIDATES = 20;
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
  const table = new Map();
  const form = toCodePointForm(norm.text, table, true);
  const textAstral = hasSurrogates(text);
  const lined = form.text;
  const cp = lined.replace(/\n/g, ' ');
  cached = { text, textAstral, norm, table, lined, cp, units: form.units };
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

/**
 * Normalise prefix+exact+suffix together and split it again; exact has no outer white space and
 * reads line breaks as spaces, prefix and suffix keep them (block boundaries count in context).
 */
export function splitSelector(prefix, exact, suffix) {
  const norm = normalize(prefix + exact + suffix);
  const lined = norm.text;
  const b1 = bisectLeft(norm.map, prefix.length, 0, lined.length);
  const b2 = bisectLeft(norm.map, prefix.length + exact.length, b1, lined.length);
  let pre = lined.slice(0, b1);
  let ex = lined.slice(b1, b2);
  const suf = lined.slice(b2);
  const stripped = ex.replace(/^[ \n]+/, '');
  pre += ex.slice(0, ex.length - stripped.length);
  ex = stripped.replace(/[ \n]+$/, '');
  return [pre, ex.replace(/\n/g, ' '), stripped.slice(ex.length) + suf];
}

const isBlank = (s) => /^[ \n]*$/.test(s);
const reverse = (s) => s.split('').reverse().join('');

const BLANK = ' ';
const isBreak = (s, i) => i < 0 || i >= s.length || s[i] === ' ' || s[i] === '\n';

// Context characters that agree before `start` and after `end`; a side of spaces alone (no line
// break within 32 characters) agrees with any white space or the text's edge.
function prefixAgrees(lined, start, pre) {
  if (pre === BLANK) return Number(isBreak(lined, start - 1));
  return commonSuffix(pre, lined.slice(Math.max(0, start - pre.length), start));
}

function suffixAgrees(lined, end, suf) {
  if (suf === BLANK) return Number(isBreak(lined, end));
  return commonPrefix(suf, lined.slice(end, end + suf.length));
}

// Similarity of the text around [start, end) to prefix and suffix, 0..1. A side of spaces alone
// scores 1 next to white space or the text's edge, else 0; with `blankCounts` false it is left
// out (it cannot support a short exact hit).
function contextSimilarity(lined, start, end, pre, suf, blankCounts = true) {
  const scores = [];
  if (pre === BLANK) {
    if (blankCounts) scores.push(Number(isBreak(lined, start - 1)));
  } else if (pre.length) {
    const window = lined.slice(Math.max(0, start - pre.length - Math.floor(pre.length / 2)), start);
    const dist = editDistanceAnchored(reverse(pre), reverse(window));
    scores.push(Math.max(0, 1 - dist / pre.length));
  }
  if (suf === BLANK) {
    if (blankCounts) scores.push(Number(isBreak(lined, end)));
  } else if (suf.length) {
    const window = lined.slice(end, end + suf.length + Math.floor(suf.length / 2));
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
  const i = bisectLeft(prepared.norm.map, offset, 0, prepared.norm.text.length);
  return prepared.units ? bisectLeft(prepared.units, i, 0, prepared.cp.length) : i;
}

const LETTER = /\p{L}/u;

/** The letters of a string, case kept (to tell occurrences that differ only in case). */
export function letters(str) {
  let out = '';
  for (const ch of str) if (LETTER.test(ch)) out += ch;
  return out;
}

// Exact occurrences; ties on context go to the one in the selector's case, then to one within
// TIE_DISTANCE of the position hint; a short quote, or one found in another case, needs its
// context to agree (docs/matching.md §4.2). Returns the offset, null when the quote does not
// occur, or -1 when it occurs but no occurrence is a confident anchor (then it is an orphan).
function exactSearch(prepared, pre, ex, suf, pos, sameCase) {
  const flat = prepared.cp;
  const lined = prepared.lined;
  const found = [];
  let i = flat.indexOf(ex);
  while (i >= 0 && found.length < 10000) {
    found.push(i);
    i = flat.indexOf(ex, i + 1);
  }
  if (found.length === 0) return null;
  const undecided = -1;
  let bestCtx = -1;
  let best = [];
  for (const i of found) {
    const ctx = prefixAgrees(lined, i, pre) + suffixAgrees(lined, i + ex.length, suf);
    if (ctx > bestCtx) {
      bestCtx = ctx;
      best = [i];
    } else if (ctx === bestCtx) {
      best.push(i);
    }
  }
  if (best.length > 1) {
    const cased = best.filter((i) => sameCase(i));
    if (cased.length >= 1) best = cased;
  }
  if (best.length > 1) {
    if (pos === null) return undecided;
    best = best.filter((i) => Math.abs(i - pos) <= TIE_DISTANCE);
    if (best.length !== 1) return undecided;
  }
  const at = best[0];
  const cased = sameCase(at);
  if ((ex.length >= SHORT_QUOTE && cased) || (!pre && !suf)) return at;
  if (isBlank(pre) && isBlank(suf)) return cased ? at : undecided;
  const support = contextSimilarity(lined, at, at + ex.length, pre, suf, false);
  return support >= MIN_CONTEXT ? at : undecided;
}

// approx-string-match reports only the lowest-error matches, and a scan costs about the same at
// any bound, so one search at the largest bound is the cheapest way to the answer. Only the
// regions of the page that a q-gram count filter cannot rule out are scanned (the result is the
// same as a scan of the whole page: see gramRegions).
const GRAM = 3;
const GRAM_TABLE = 1 << 18;

function gramHash(text, i) {
  return (
    ((text.charCodeAt(i) << 12) ^ (text.charCodeAt(i + 1) << 6) ^ text.charCodeAt(i + 2)) &
    (GRAM_TABLE - 1)
  );
}

/** Where each q-gram (by hash) occurs in the page's flat text, built on first use. */
function gramIndex(prepared) {
  if (prepared.grams) return prepared.grams;
  const text = prepared.cp;
  const size = Math.max(0, text.length - GRAM + 1);
  const hashes = new Int32Array(size);
  const starts = new Int32Array(GRAM_TABLE + 1);
  for (let i = 0; i < size; i++) {
    const h = gramHash(text, i);
    hashes[i] = h;
    starts[h + 1]++;
  }
  for (let h = 0; h < GRAM_TABLE; h++) starts[h + 1] += starts[h];
  const next = starts.slice(0, GRAM_TABLE);
  const positions = new Int32Array(size);
  for (let i = 0; i < size; i++) positions[next[hashes[i]]++] = i;
  prepared.grams = { starts, positions };
  return prepared.grams;
}

/**
 * The regions of the page's flat text that can hold a match of `pattern` with at most
 * `maxErrors` errors, or null (scan it all). A match with k errors keeps at least
 * m + 1 - q(k + 1) of the pattern's q-grams intact (the q-gram lemma), and those lie on
 * diagonals (text position minus pattern position) within k of each other, so inside one
 * window of 2(k + 1) diagonals; a window with fewer q-gram hits holds no match. A region covers
 * every match start such a window allows and the match's length (m + k at most); regions that
 * overlap are merged, so a match, its start and its error count are the same as in a scan of
 * the whole text.
 */
function gramRegions(prepared, pattern, maxErrors) {
  const m = pattern.length;
  const n = prepared.cp.length;
  const need = m + 1 - GRAM * (maxErrors + 1);
  // (A mask character in the pattern could match masked text that the page text does not.)
  if (need < 2 || n < 4 * m || pattern.includes(MASK)) return null;
  const { starts, positions } = gramIndex(prepared);
  const width = maxErrors + 1;
  // Window w holds diagonals [w * width - m, (w + 2) * width - m).
  const counts = new Int32Array(Math.floor((n + m) / width) + 2);
  const hot = [];
  let work = 0;
  for (let j = 0; j + GRAM <= m; j++) {
    const h = gramHash(pattern, j);
    const end = starts[h + 1];
    work += end - starts[h];
    if (work > n) return null; // common q-grams: the scan is cheaper
    for (let k = starts[h]; k < end; k++) {
      const w = Math.floor((positions[k] - j + m) / width);
      if (++counts[w] === need) hot.push(w);
      if (w > 0 && ++counts[w - 1] === need) hot.push(w - 1);
    }
  }
  hot.sort((a, b) => a - b);
  const regions = [];
  for (const w of hot) {
    const lo = Math.max(0, w * width - m - maxErrors - 1);
    const hi = Math.min(n, (w + 2) * width + 2 * maxErrors + 2);
    const last = regions[regions.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else regions.push([lo, hi]);
  }
  return regions;
}

function searchLowest(text, pattern, maxErrors, regions) {
  let bound = Math.min(maxErrors, pattern.length);
  // Each call has a set-up cost: scan the whole text unless a few short regions cover it.
  let covered = 0;
  if (regions !== null) for (const [lo, hi] of regions) covered += hi - lo;
  if (regions === null || regions.length > 32 || covered * 2 > text.length) {
    return search(text, pattern, bound);
  }
  let found = [];
  for (const [lo, hi] of regions) {
    const matches = search(text.slice(lo, hi), pattern, bound);
    if (matches.length === 0) continue;
    if (matches[0].errors < bound) found = [];
    for (const m of matches) found.push({ start: m.start + lo, end: m.end + lo, errors: m.errors });
    bound = matches[0].errors;
  }
  return found;
}

/** The lowest-error matches of `pattern` in prepared text (its flat form), found through the
 * q-gram filter: the same as approx-string-match's search of the whole text (tests). */
export function lowestMatches(prepared, pattern, maxErrors) {
  return searchLowest(prepared.cp, pattern, maxErrors, gramRegions(prepared, pattern, maxErrors));
}

// Pick a cluster's end where the suffix agrees most, then the start where the prefix does
// (line breaks read as spaces in `flat`, `pre` and `suf` here).
// Starts within a few edits of the best compete on prefix agreement (an inserted word at the
// quote's start must not pull in the word before it); ties take fewer edits, then the longer
// match. Returns [start, end, errors].
function settleEdges(flat, cluster, pre, ex, suf, maxErrors) {
  const key = (m) => [
    -suffixAgrees(flat, m.end, suf),
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
    const k = [-prefixAgrees(flat, s, pre), d, s];
    if (choice === null || before(k, choice) < 0) choice = k;
  });
  return [choice[2], end, choice[1]];
}

function approximateSearch(prepared, pre, ex, suf, pos) {
  const flat = prepared.cp;
  if (ex.length < MIN_APPROX_LENGTH) return null;
  const maxErrors = Math.floor(ex.length * MAX_ERROR_RATE);
  // Edges are settled on words, so line breaks read as spaces there.
  const preFlat = pre.replace(/\n/g, ' ');
  const sufFlat = suf.replace(/\n/g, ' ');
  let masked = flat;
  const candidates = [];
  const regions = gramRegions(prepared, ex, maxErrors);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const matches = searchLowest(masked, ex, maxErrors, regions);
    if (matches.length === 0) break;
    const clusters = [];
    for (const m of matches) {
      const last = clusters[clusters.length - 1];
      if (last && m.start < last[last.length - 1].end) last.push(m);
      else clusters.push([m]);
    }
    for (const cluster of clusters) {
      candidates.push(settleEdges(flat, cluster, preFlat, ex, sufFlat, maxErrors));
      const lo = cluster[0].start;
      const hi = Math.max(...cluster.map((m) => m.end));
      masked = masked.slice(0, lo) + MASK.repeat(hi - lo) + masked.slice(hi);
    }
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  const scored = [];
  for (const [start, end, errors] of candidates) {
    const quote = 1 - errors / ex.length;
    const ctx = contextSimilarity(prepared.lined, start, end, pre, suf);
    const alone = quote >= MIN_QUOTE_ALONE && errors <= MAX_ERRORS_ALONE;
    if (ctx < MIN_CONTEXT && !(alone && ex.length >= MIN_LENGTH_ALONE)) continue;
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
  const exactLetters = letters(sel.exact || '');
  const sameCase = (i) => {
    const [s, e] = toPage(i, i + ex.length);
    const found = letters(text.slice(s, e));
    return found === exactLetters || found.toLowerCase() !== exactLetters.toLowerCase();
  };
  const i = exactSearch(prepared, pre, ex, suf, pos, sameCase);
  if (i === -1) return null;
  if (i !== null) {
    const [start, end] = toPage(i, i + ex.length);
    return { start, end, score: 1 };
  }
  const found = approximateSearch(prepared, pre, ex, suf, pos);
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
