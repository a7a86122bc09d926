// Matching normalisation with an offset map back to the original text (docs/matching.md §2).
// Offsets are UTF-16 code units here; the Python twin counts code points.

// ASCII characters that normalise to themselves after lower-casing: every printable one except
// space, "-" and "_". Runs of them, and single spaces between them (a lone space is a white-space
// run that maps to itself), take a fast path.
const PLAIN_RUN = /[\x21-\x2c\x2e-\x5e\x60-\x7e]+(?: [\x21-\x2c\x2e-\x5e\x60-\x7e]+)*/y;
const LINE_BREAKS = new Set(['\n', '\r', '\v', '\f', '\x85', '\u2028', '\u2029']);
const SPACES = new Set(['\t', '\n', '\v', '\f', '\r', '\x85']);
const MARK = /^\p{M}$/u;
const FORMAT = /^\p{Cf}$/u;
const SEPARATOR = /^\p{Z}$/u;
const DASH = /^[\p{Pd}\p{Pc}\u2212]$/u;
const NON_ASCII = /[\u0080-\uffff]/;

/** The case rule: toLowerCase per character, then these replacements (same in Python). */
export const CASE_EXCEPTIONS = new Map([
  ['\u0130', 'i'],
  ['\u00df', 'ss'],
  ['\u1e9e', 'ss'],
  ['\u03c2', '\u03c3'],
]);

/** Typographic quotes read as ASCII quotes ("l’IA" = "l'IA"). */
export const QUOTES = new Map([
  ...'\u2018\u2019\u201a\u201b\u2032\u02bc'.split('').map((c) => [c, "'"]),
  ...'\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'.split('').map((c) => [c, '"']),
]);

function fold(ch) {
  const exception = CASE_EXCEPTIONS.get(ch) ?? QUOTES.get(ch);
  if (exception !== undefined) return exception;
  const low = ch.toLowerCase();
  if (low.length === 1) return CASE_EXCEPTIONS.get(low) ?? low;
  let out = '';
  for (const c of low) out += CASE_EXCEPTIONS.get(c) ?? c;
  return out;
}

// ASCII white space, "-" and "_": 2 (a space) or 3 (a line break), without the Unicode tests.
const ASCII_BLANK = new Int8Array(128);
for (const ch of ' \t-_') ASCII_BLANK[ch.charCodeAt(0)] = 2;
for (const ch of '\n\r\v\f') ASCII_BLANK[ch.charCodeAt(0)] = 3;

// 0 = keep, 1 = drop (format character), 2 = white space or dash, 3 = line break.
function kind(ch) {
  if (LINE_BREAKS.has(ch)) return 3;
  if (FORMAT.test(ch)) return 1;
  if (SPACES.has(ch) || SEPARATOR.test(ch)) return 2;
  if (DASH.test(ch)) return 2;
  return 0;
}

function isMarkAt(text, i) {
  if (i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x300) return false;
  return MARK.test(String.fromCodePoint(text.codePointAt(i)));
}

function charLength(text, i) {
  return text.codePointAt(i) > 0xffff ? 2 : 1;
}

/**
 * Normalise text for matching: NFKC, the case rule, dashes to spaces, white space collapsed.
 * Returns {text, map, ends}: `map[i]` is where normalised unit i starts in the original text
 * (`map[text.length]` = original length), `ends[i]` where it ends.
 */
export function normalize(text) {
  let out = '';
  const starts = [];
  const ends = [];
  const n = text.length;
  let i = 0;
  let wsStart = -1;
  let wsEnd = -1;
  let wsNewline = false;
  const flush = () => {
    out += wsNewline ? '\n' : ' ';
    starts.push(wsStart);
    ends.push(wsEnd);
    wsStart = -1;
  };
  while (i < n) {
    PLAIN_RUN.lastIndex = i;
    if (PLAIN_RUN.test(text)) {
      let j = PLAIN_RUN.lastIndex;
      if (wsStart >= 0) flush();
      // A combining mark after the run belongs to its last character: leave that to the slow path.
      if (isMarkAt(text, j)) j -= 1;
      if (j > i) {
        out += text.slice(i, j).toLowerCase();
        for (let k = i; k < j; k++) {
          starts.push(k);
          ends.push(k + 1);
        }
        i = j;
        continue;
      }
    }
    const code = text.charCodeAt(i);
    const blank = code < 128 ? ASCII_BLANK[code] : 0;
    if (blank && !isMarkAt(text, i + 1)) {
      // The common case of white space between words: no segment, NFKC or regex tests.
      if (wsStart < 0) {
        wsStart = i;
        wsNewline = false;
      }
      wsEnd = i + 1;
      if (blank === 3) wsNewline = true;
      i += 1;
      continue;
    }
    let j = i + charLength(text, i);
    while (j < n && isMarkAt(text, j)) j += charLength(text, j);
    let segment = text.slice(i, j);
    if (NON_ASCII.test(segment)) segment = segment.normalize('NFKC');
    for (const ch of segment) {
      const k = kind(ch);
      if (k === 1) continue;
      if (k >= 2) {
        if (wsStart < 0) {
          wsStart = i;
          wsNewline = false;
        }
        wsEnd = j;
        if (k === 3) wsNewline = true;
        continue;
      }
      if (wsStart >= 0) flush();
      const folded = fold(ch);
      out += folded;
      for (let u = 0; u < folded.length; u++) {
        starts.push(i);
        ends.push(j);
      }
    }
    i = j;
  }
  if (wsStart >= 0) flush();
  starts.push(n);
  ends.push(n);
  return { text: out, map: starts, ends };
}

/** Map a normalised span [start, end) back to the original text: [start, end]. */
export function originalSpan(norm, start, end) {
  if (start >= end) return [norm.map[start], norm.map[start]];
  return [norm.map[start], norm.ends[end - 1]];
}
