// Alias occurrences on a page: one automaton per view of the page (normalised text, its stems, its
// letters without accents), word edges, compound parts and languages (docs/matching.md §3).

import { COMPOUND_MIN, stripAccents } from './aliases.js';
import { AhoCorasick } from './aho-corasick.js';
import { stemView } from './stems.js';

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
const CAPITAL = /^[\p{Lu}\p{Lt}]$/u;

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

/** Patterns of one view of the page in one automaton; `entries[k]` tag pattern k. */
export class Search {
  constructor() {
    this.patterns = [];
    this.entries = [];
    this.index = new Map();
    this.automaton = null;
  }

  // An entry: [label, group, open left, open right, options or null for a plain alias].
  add(pattern, entry) {
    let k = this.index.get(pattern);
    if (k === undefined) {
      k = this.patterns.length;
      this.index.set(pattern, k);
      this.patterns.push(pattern);
      this.entries.push([]);
    }
    const list = this.entries[k];
    const same = (e) =>
      e[0] === entry[0] &&
      e[1] === entry[1] &&
      e[2] === entry[2] &&
      e[3] === entry[3] &&
      sameOptions(e[4], entry[4]);
    if (!list.some(same)) list.push(entry);
  }

  build() {
    this.automaton = new AhoCorasick(this.patterns);
  }
}

function sameOptions(a, b) {
  if (a === null || b === null) return a === b;
  return (
    a.lang === b.lang &&
    a.compound === b.compound &&
    a.exact === b.exact &&
    (a.endings || null) === (b.endings || null)
  );
}

/** The length in units of the word code point at `i`, or 0. */
export function wordLengthAt(text, i) {
  const cp = text.codePointAt(i);
  if (!isWordCodePoint(cp)) return 0;
  return cp > 0xffff ? 2 : 1;
}

function codePointCount(text, start, end) {
  let count = 0;
  for (let i = start; i < end; i += text.codePointAt(i) > 0xffff ? 2 : 1) count++;
  return count;
}

const HYPHENS = new Set(['-', '\u2010', '\u2011']);

/** Widen a normalised span to its whole word, across hyphens of the page. */
function wholeWord(page, start0, end0) {
  const norm = page.norm.text;
  const isHyphen = (i) =>
    HYPHENS.has(String.fromCodePoint(page.text.codePointAt(page.norm.map[i])));
  let start = start0;
  for (;;) {
    while (start > 0 && isWordCodePoint(codePointBefore(norm, start))) {
      start -= codePointBefore(norm, start) > 0xffff ? 2 : 1;
    }
    if (
      start > 1 &&
      norm[start - 1] === ' ' &&
      isHyphen(start - 1) &&
      isWordCodePoint(codePointBefore(norm, start - 1))
    ) {
      start -= 1;
      continue;
    }
    break;
  }
  let end = end0;
  const n = norm.length;
  for (;;) {
    while (end < n && wordLengthAt(norm, end)) end += wordLengthAt(norm, end);
    if (end + 1 < n && norm[end] === ' ' && isHyphen(end) && wordLengthAt(norm, end + 1)) {
      end += 1;
      continue;
    }
    break;
  }
  return [start, end];
}

function edgesOk(options, openLeft, openRight, leftOk, rightOk, view, start, end) {
  if ((leftOk || openLeft) && (rightOk || openRight)) return true;
  // A compound part: inside a longer word on one side only, and long enough.
  return Boolean(
    options &&
    options.compound &&
    (leftOk || rightOk) &&
    codePointCount(view, start, end) >= COMPOUND_MIN,
  );
}

/** Whether one of `endings` and then the end of the word follow `end`. */
function endingFollows(view, end, endings) {
  for (const ending of endings) {
    const after = end + ending.length;
    if (view.startsWith(ending, end) && (after === view.length || !wordLengthAt(view, after))) {
      return true;
    }
  }
  return false;
}

function searchView(search, view, active, found) {
  const n = view.length;
  search.automaton.search(view, (k, start, end) => {
    const leftOk =
      start === 0 ||
      !isWordCodePoint(codePointBefore(view, start)) ||
      !isWordCodePoint(view.codePointAt(start));
    const rightOk =
      end === n ||
      !isWordCodePoint(view.codePointAt(end)) ||
      !isWordCodePoint(codePointBefore(view, end));
    for (const [li, gi, openLeft, openRight, options] of search.entries[k]) {
      if (!active[li]) continue;
      if (options === null) {
        // A plain alias: the word edges only.
        if ((leftOk || openLeft) && (rightOk || openRight)) found(li, gi, start, end, null);
        continue;
      }
      let right = rightOk;
      if (!right && options !== null && options.endings && !leftOk) {
        right = endingFollows(view, end, options.endings);
      }
      if (!edgesOk(options, openLeft, openRight, leftOk, right, view, start, end)) continue;
      found(li, gi, start, end, options);
    }
  });
}

export function findOccurrences(matcher, page, active) {
  const hits = new Map();
  const norm = page.norm.text;
  const record = (li, gi, start0, end0, options) => {
    let start = start0;
    let end = end0;
    if (options !== null) {
      if (options.lang) {
        const here = page.langAt(start);
        if (here !== null && here !== options.lang) return;
      }
      if (options.compound) [start, end] = wholeWord(page, start, end);
    }
    const label = matcher.labels[li];
    if (page.runs !== null && label.languages.size && gi < label.groups) {
      const element = page.langAt(start);
      if (element !== null && !label.languages.has(element)) return;
    }
    let perLabel = hits.get(li);
    if (!perLabel) {
      // One list per group, then one for the label's `not` phrases.
      perLabel = Array.from({ length: label.groups + 1 }, () => []);
      hits.set(li, perLabel);
    }
    perLabel[gi].push([start, end]);
  };
  if (matcher.plain.patterns.length) searchView(matcher.plain, norm, active, record);
  if (matcher.accents !== null && matcher.accents.patterns.length) {
    // An accent the alias has and the page lacks is allowed only on a capital.
    searchView(matcher.accents, stripAccents(norm), active, (li, gi, start, end, options) => {
      const exact = options.exact;
      for (let i = 0; i < end - start; i++) {
        if (norm[start + i] !== exact[i] && !page.capitalAt(start + i)) return;
      }
      record(li, gi, start, end, options);
    });
  }
  for (const [lang, search] of matcher.stems) {
    if (!search.patterns.length) continue;
    const view = stemView(norm, lang, wordLengthAt);
    searchView(search, view.text, active, (li, gi, start, end, options) => {
      // Stems cover whole words: the span goes from the first to the last word touched.
      const first = upperBound(view.viewStarts, start) - 1;
      const last = lowerBound(view.viewEnds, end);
      if (first < 0 || last >= view.viewEnds.length) return;
      record(li, gi, view.normStarts[first], view.normEnds[last], options);
    });
  }
  return hits;
}

/** The page as the hit search reads it: text, normalised text, languages by position. */
export function pageView(text, norm, lang, runs) {
  const runStarts = runs === null ? [] : runs.map((r) => r.start);
  return {
    text,
    norm,
    lang,
    runs,
    /** The language of the element holding normalised offset `pos`. */
    langAt(pos) {
      if (runs === null) return lang;
      const offset = norm.map[pos];
      const k = upperBound(runStarts, offset) - 1;
      if (k >= 0 && offset < runs[k].end && runs[k].lang) return runs[k].lang;
      return lang;
    },
    capitalAt(pos) {
      return CAPITAL.test(String.fromCodePoint(text.codePointAt(norm.map[pos])));
    },
  };
}

export function lowerBound(array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function upperBound(array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
