// Claim patterns: one Aho-Corasick pass over all aliases, then the window check per candidate
// (docs/matching.md §3). Hits are UTF-16 offsets into the page text.

import { AhoCorasick } from './aho-corasick.js';
import { hasSurrogates, unitsToCodePoints } from './offsets.js';
import { normalize, originalSpan } from './normalize.js';
import { primaryLanguage } from './page-text.js';
import { lowerCaseOf, sentenceOf, sentenceStarts } from './sentences.js';
import { urlMatches } from './urls.js';

export const SENTENCE_MAX = 300;
// Scripts written without spaces between words: no word-boundary check next to them.
const UNSPACED = [
  [0x0e00, 0x0eff],
  [0x1000, 0x109f],
  [0x1100, 0x11ff],
  [0x1780, 0x17ff],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7af],
  [0xf900, 0xfaff],
  [0xff66, 0xff9f],
  [0x20000, 0x3ffff],
];
const WORD = /^[\p{L}\p{N}\p{M}]$/u;

/** Whether a code point belongs to a script written without spaces between words. */
export function isUnspaced(cp) {
  return UNSPACED.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Letters, digits and marks of space-separated scripts take part in word boundaries. */
export function isWordCodePoint(cp) {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  }
  if (!WORD.test(String.fromCodePoint(cp))) return false;
  return !isUnspaced(cp);
}

function codePointBefore(text, i) {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return text.codePointAt(i - 2);
  }
  return c;
}

/** Normalised alias text and whether its left/right edge is open (a `*` wildcard). */
export function normalizeAlias(alias) {
  let text = String(alias).trim();
  const openLeft = text.startsWith('*');
  const openRight = text.endsWith('*') && text.length > 1;
  text = text.replace(/^\*+|\*+$/g, '');
  const norm = normalize(text)
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');
  return { norm, openLeft, openRight };
}

/**
 * Compile claim labels ({id, all, highlight, window, languages, include, exclude, not}). A label's
 * `not` phrases join the same automaton, tagged as the extra group `all.length`.
 */
export function compileLabels(labels) {
  const compiled = [];
  const index = new Map();
  const patterns = [];
  const entries = [];
  labels.forEach((label, li) => {
    const groups = label.all || [];
    const window = label.window ?? 'sentence';
    compiled.push({
      id: label.id,
      groups: groups.length,
      highlight: Number(label.highlight || 0),
      window: window === 'sentence' ? null : Number(window),
      languages: new Set((label.languages || []).map((x) => String(x).toLowerCase())),
      include: label.include || [],
      exclude: label.exclude || [],
    });
    [...groups, label.not || []].forEach((aliases, gi) => {
      for (const alias of aliases) {
        const { norm, openLeft, openRight } = normalizeAlias(alias);
        if (!norm) continue;
        let k = index.get(norm);
        if (k === undefined) {
          k = patterns.length;
          index.set(norm, k);
          patterns.push(norm);
          entries.push([]);
        }
        const list = entries[k];
        if (
          !list.some((e) => e[0] === li && e[1] === gi && e[2] === openLeft && e[3] === openRight)
        ) {
          list.push([li, gi, openLeft, openRight]);
        }
      }
    });
  });
  return { labels: compiled, patterns, entries, automaton: new AhoCorasick(patterns) };
}

function labelApplies(label, url, lang) {
  if (label.include.length && !urlMatches(label.include, url)) return false;
  if (label.exclude.length && urlMatches(label.exclude, url)) return false;
  const primary = primaryLanguage(lang);
  return !(label.languages.size && primary && !label.languages.has(primary));
}

function findHits(matcher, norm, active) {
  const hits = new Map();
  const n = norm.length;
  matcher.automaton.search(norm, (k, start, end) => {
    const leftOk =
      start === 0 ||
      !isWordCodePoint(codePointBefore(norm, start)) ||
      !isWordCodePoint(norm.codePointAt(start));
    const rightOk =
      end === n ||
      !isWordCodePoint(norm.codePointAt(end)) ||
      !isWordCodePoint(codePointBefore(norm, end));
    for (const [li, gi, openLeft, openRight] of matcher.entries[k]) {
      if (!active[li] || !(leftOk || openLeft) || !(rightOk || openRight)) continue;
      let perLabel = hits.get(li);
      if (!perLabel) {
        // One list per group, then one for the label's `not` phrases.
        perLabel = Array.from({ length: matcher.labels[li].groups + 1 }, () => []);
        hits.set(li, perLabel);
      }
      perLabel[gi].push([start, end]);
    }
  });
  return hits;
}

function lowerBound(array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The occurrences of `group` (sorted) that no `not` occurrence (sorted) contains. */
function dropExcepted(group, nots) {
  if (!nots.length) return group;
  const notStarts = nots.map((x) => x[0]);
  const reach = []; // reach[i]: the furthest end of nots[0..i]
  for (const [, end] of nots) reach.push(reach.length ? Math.max(end, reach.at(-1)) : end);
  return group.filter((x) => {
    const i = upperBound(notStarts, x[0]);
    return i === 0 || reach[i - 1] < x[1];
  });
}

function upperBound(array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function supported(h, groups, starts, label, sentence, span, reach) {
  const limit = label.window === null ? SENTENCE_MAX : label.window;
  // Only hits starting within `reach` units of the highlighted one can share its window.
  const far = limit * reach;
  for (let gi = 0; gi < groups.length; gi++) {
    if (gi === label.highlight) continue;
    const group = groups[gi];
    let ok = false;
    for (let k = lowerBound(starts[gi], h[0] - far); k < group.length; k++) {
      const x = group[k];
      if (x[0] > h[0] + far) break;
      if (x[0] < h[1] && h[0] < x[1]) continue; // overlaps the highlighted words
      const lo = Math.min(x[0], h[0]);
      const hi = Math.max(x[1], h[1]);
      if (span(lo, hi) > limit) continue;
      if (label.window === null && sentence(lo) !== sentence(hi - 1)) continue;
      ok = true;
      break;
    }
    if (!ok) return false;
  }
  return true;
}

function uniqueSorted(hits) {
  const sorted = hits.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return sorted.filter((h, i) => i === 0 || h[0] !== sorted[i - 1][0] || h[1] !== sorted[i - 1][1]);
}

let lastText = null;
let lastNorm = null;

function normalizedPage(text) {
  if (text !== lastText) {
    lastNorm = normalize(text);
    lastText = text;
  }
  return lastNorm;
}

/**
 * Label hits [{id, start, end}] in page text (UTF-16 offsets), spanning the highlighted alias.
 * `lang` (the page's language) filters labels with `languages`; unknown language passes.
 */
export function matchClaims(matcher, text, url, { lang } = {}) {
  const active = matcher.labels.map((label) => labelApplies(label, url, lang));
  if (!active.some(Boolean) || matcher.patterns.length === 0) return [];
  const norm = normalizedPage(text);
  const hits = findHits(matcher, norm.text, active);
  let starts = null;
  const sentence = (pos) => {
    if (starts === null) starts = sentenceStarts(norm.text, lowerCaseOf(text, norm));
    return sentenceOf(starts, pos);
  };
  // Window lengths count code points, as in Python.
  const astral = hasSurrogates(norm.text);
  const span = astral
    ? (lo, hi) => unitsToCodePoints(norm.text.slice(lo, hi), hi - lo)
    : (lo, hi) => hi - lo;
  const results = [];
  for (const li of [...hits.keys()].sort((a, b) => a - b)) {
    const label = matcher.labels[li];
    const perLabel = hits.get(li);
    const nots = uniqueSorted(perLabel[perLabel.length - 1]);
    const groups = perLabel.slice(0, -1).map((group) => dropExcepted(uniqueSorted(group), nots));
    if (!(label.highlight >= 0 && label.highlight < groups.length)) continue;
    const starts = groups.map((group) => group.map((x) => x[0]));
    const candidates = groups[label.highlight].slice().sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let takenEnd = -1;
    for (const h of candidates) {
      if (h[0] < takenEnd || !supported(h, groups, starts, label, sentence, span, astral ? 2 : 1))
        continue;
      takenEnd = h[1];
      const [start, end] = originalSpan(norm, h[0], h[1]);
      results.push([start, end, li]);
    }
  }
  results.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return results.map(([start, end, li]) => ({ id: matcher.labels[li].id, start, end }));
}
