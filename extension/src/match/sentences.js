// Sentence starts in normalised text, with the abbreviations of EN/DE/FR (docs/matching.md §3,
// "Windows"). The Python twin is server/footnote/match/sentences.py.

import { normalize, originalSpan } from './normalize.js';
import { upperBound } from './occurrences.js';

const CANDIDATE = /[.!?\u2026\u3002\uff01\uff1f\n]/g;
// Closing marks that may follow the end mark; after normalisation all double quotes are '"'.
const CLOSERS = new Set(['"', "'", '\u201d', '\u2019', '\u00bb', '\u203a', ')', ']']);
const FULL_WIDTH_ENDS = new Set(['\u3002', '\uff01', '\uff1f']);
const OPENERS = new Set([' ', '\n', '(', '[', '"', "'"]);
const LATE_CLOSERS = new Set(['"', '\u00bb', '\u203a', ')', ']']);
const LETTER = /^\p{L}$/u;
const ALNUM = /^[\p{L}\p{N}]$/u;
const LOWER = /^\p{Ll}$/u;
const NUMBER = /^[0-9]{1,2}$/;
const TOKEN_REACH = 12;

const words = (text) => new Set(text.split(' '));
/** Abbreviations (normalised, without their final dot) after which a "." ends no sentence. */
export const ABBREVIATIONS = words(
  // English
  'mr mrs ms dr prof st vs cf approx fig figs vol gen gov sen rep rev hon mt dept al ' +
    // German
    'bzw ca vgl ggf evtl inkl sog bspw bzgl zzgl nr hr hrn abs dipl ing mag dres mio mrd ebd ' +
    'jh jhd geb gest tel usf ' +
    // French
    'mme mlle mmes mlles pr ex env av bd ste chap coll éd resp',
);
/** Month names: "5. April", "1. Mai", "3. oct." are dates, not sentence ends. */
export const MONTHS = words(
  'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'januar jänner februar märz mai juni juli oktober dezember ' +
    'janvier février mars avril juin juillet août septembre octobre novembre décembre',
);
/** Words before "N." that make it a German ordinal ("am 5.", "der 3. Platz", "zum 2. Mal"). */
export const ORDINAL_CONTEXT = words(
  'am an im vom zum zur beim bis ab seit der die das den dem des ein eine einen einem einer ' +
    'jeden jedem jeder jede ihr ihre ihrem ihren sein seine seinem seinen',
);

// Characters are compared one code point at a time, as in Python.
const at = (text, i) => String.fromCodePoint(text.codePointAt(i));
const isLetter = (ch) => LETTER.test(ch);
const isAlnumAt = (text, i) => ALNUM.test(at(text, i));

/** Single letters joined by dots, the last one's dot excluded: "u.s", "z.b", "e.g". */
function isInitialism(token) {
  const chars = Array.from(token);
  if (chars.length < 3 || chars.length % 2 === 0) return false;
  return chars.every((c, k) => (k % 2 === 0 ? isLetter(c) : c === '.'));
}

function tokenBefore(text, dot) {
  // Token length is bounded in code points, as in Python.
  let b = dot;
  let count = 0;
  while (b > 0 && count <= TOKEN_REACH && !OPENERS.has(text[b - 1])) {
    b -=
      b >= 2 && /[\udc00-\udfff]/.test(text[b - 1]) && /[\ud800-\udbff]/.test(text[b - 2]) ? 2 : 1;
    count++;
  }
  if (b > 0 && !OPENERS.has(text[b - 1])) return ['', b];
  return [text.slice(b, dot), b];
}

function wordBefore(text, pos) {
  let i = pos;
  while (i > 0 && text[i - 1] === ' ') i--;
  let j = i;
  while (j > 0) {
    const k =
      j >= 2 && /[\udc00-\udfff]/.test(text[j - 1]) && /[\ud800-\udbff]/.test(text[j - 2])
        ? j - 2
        : j - 1;
    if (!isAlnumAt(text, k)) break;
    j = k;
  }
  return text.slice(j, i);
}

function wordAfter(text, pos) {
  let j = pos;
  while (j < text.length && isAlnumAt(text, j)) j += text.codePointAt(j) > 0xffff ? 2 : 1;
  return text.slice(pos, j);
}

/** A "." that ends no sentence: abbreviation, initialism, single letter, ordinal or date. */
function isDotWithoutEnd(text, dot, after) {
  if (dot >= 3) {
    const around = text.slice(dot - 3, dot + 2);
    if (around === '[...]' || around === '(...)') return true; // an elision inside a quotation
  }
  const [token, start] = tokenBefore(text, dot);
  if (!token) return false;
  if (ABBREVIATIONS.has(token) || isInitialism(token)) return true;
  const chars = Array.from(token);
  if (chars.length === 1 && isLetter(token)) return true; // "z. B.", "J. R. R.", "p. ex."
  if (NUMBER.test(token)) {
    if (MONTHS.has(wordAfter(text, after))) return true;
    return ORDINAL_CONTEXT.has(wordBefore(text, start));
  }
  return false;
}

/** A quote or bracket after a space closes when a space, line break or the end follows it. */
function closes(text, i) {
  return i + 1 >= text.length || ' \n.,;:!?'.includes(text[i + 1]);
}

/**
 * Offsets in normalised `text` where sentences start (0 first). `lowerAt(i)` tells whether
 * normalised unit i was a lower-case letter on the page; a sentence never starts with one.
 * Without it (case unknown) that rule is not applied.
 */
export function sentenceStarts(text, lowerAt = null) {
  const starts = [0];
  const n = text.length;
  CANDIDATE.lastIndex = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const i = m.index;
    const ch = text[i];
    let end = -1;
    const hard = ch === '\n' || FULL_WIDTH_ENDS.has(ch);
    if (hard) {
      end = i + 1;
    } else {
      let j = i + 1;
      while (j < n && CLOSERS.has(text[j])) j++;
      if (j < n && text[j] === '.' && ch === '.') continue; // inside "..."; the last dot decides
      if (j < n && (text[j] === ' ' || text[j] === '\n')) end = j;
    }
    if (end < 0) continue;
    while (end < n && (text[end] === ' ' || text[end] === '\n')) end++;
    if (!hard) {
      // A closing quote after a space (French « … », "texte ."): still the same end.
      while (end < n && LATE_CLOSERS.has(text[end]) && closes(text, end)) {
        end++;
        while (end < n && (text[end] === ' ' || text[end] === '\n')) end++;
      }
      if (!text.slice(i, end).includes('\n')) {
        if (end < n && lowerAt !== null && lowerAt(end)) continue; // "etc.) cause", "… and"
        if (ch === '.' && isDotWithoutEnd(text, i, end)) continue;
      }
    }
    if (end > starts[starts.length - 1]) starts.push(end);
  }
  return starts;
}

/** Whether normalised unit `i` of `norm` came from a lower-case letter of `original`. */
export function lowerCaseOf(original, norm) {
  return (i) => LOWER.test(String.fromCodePoint(original.codePointAt(norm.map[i])));
}

/** The sentences of page text as [start, end) spans of `text`, trimmed of white space. */
export function sentenceSpans(text) {
  const norm = normalize(text);
  const starts = sentenceStarts(norm.text, lowerCaseOf(text, norm));
  const spans = [];
  starts.forEach((s0, k) => {
    let s = s0;
    let e = k + 1 < starts.length ? starts[k + 1] : norm.text.length;
    while (e > s && (norm.text[e - 1] === ' ' || norm.text[e - 1] === '\n')) e--;
    while (s < e && (norm.text[s] === ' ' || norm.text[s] === '\n')) s++;
    if (s < e) spans.push(originalSpan(norm, s, e));
  });
  return spans;
}

/** Index of the sentence holding `pos`. */
export function sentenceOf(starts, pos) {
  return upperBound(starts, pos) - 1;
}
