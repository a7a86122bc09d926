// Matching normalisation with an offset map back to the original text (docs/matching.md §2).
// Offsets are UTF-16 code units here; the Python twin counts code points.

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

// 0 = keep, 1 = drop (format character), 2 = white space or dash, 3 = line break.
function kind(ch) {
  if (LINE_BREAKS.has(ch)) return 3;
  if (FORMAT.test(ch)) return 1;
  if (SPACES.has(ch) || SEPARATOR.test(ch)) return 2;
  if (DASH.test(ch)) return 2;
  return 0;
}

// Runs of ASCII characters that normalise to themselves after lower-casing (every printable one
// except space, "-" and "_"), with single spaces, tabs, "-" or "_" between them (each one a
// white-space run of its own that becomes one space at the same offset): the fast path, a
// regular expression, lower-casing and a copy of the identity map, without a step per character.
const PLAIN_RUN = /[\x21-\x2c\x2e-\x5e\x60-\x7e]+(?:[ \t_-][\x21-\x2c\x2e-\x5e\x60-\x7e]+)*/y;
const RUN_BLANKS = /[\t_-]/g;

// What one code unit becomes when no combining mark follows it (filled on first sight): 0 not
// known yet, DROP (a format character), SPACE or BREAK (white space or a dash; a line break), KEEP
// (its fold, in FOLDED), SLOW (characters of different kinds after NFKC, or a surrogate: the
// segment path).
const DROP = 1;
const SPACE = 2;
const BREAK = 3;
const KEEP = 4;
const SLOW = 5;
const UNIT_KIND = new Uint8Array(65536);
const FOLDED = [];
// Whether a BMP code unit is a combining mark: 0 not known yet, 1 no, 2 yes.
const UNIT_MARK = new Uint8Array(65536);

for (let code = 0; code < 128; code++) {
  UNIT_KIND[code] = KEEP;
  FOLDED[code] = String.fromCharCode(code).toLowerCase();
}
for (const ch of ' \t-_') UNIT_KIND[ch.charCodeAt(0)] = SPACE;
for (const ch of '\n\r\v\f') UNIT_KIND[ch.charCodeAt(0)] = BREAK;
// The other ASCII controls are kept as they are (kind() gives 0 and fold keeps them).

function unitKind(code) {
  let k = UNIT_KIND[code];
  if (k === 0) {
    k = classify(code);
    UNIT_KIND[code] = k;
  }
  return k;
}

function classify(code) {
  if (code >= 0xd800 && code <= 0xdfff) return SLOW;
  const segment = String.fromCharCode(code).normalize('NFKC');
  let folded = '';
  let blank = 0;
  for (const ch of segment) {
    const k = kind(ch);
    if (k === 1) continue;
    if (k >= 2) {
      if (folded) return SLOW;
      blank = Math.max(blank, k);
      continue;
    }
    if (blank) return SLOW;
    folded += fold(ch);
  }
  if (blank) return blank === 3 ? BREAK : SPACE;
  if (!folded) return DROP;
  FOLDED[code] = folded;
  return KEEP;
}

function isMarkAt(text, i) {
  if (i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x300) return false;
  if (code < 0xd800 || code > 0xdfff) {
    let known = UNIT_MARK[code];
    if (known === 0) {
      known = MARK.test(String.fromCharCode(code)) ? 2 : 1;
      UNIT_MARK[code] = known;
    }
    return known === 2;
  }
  return MARK.test(String.fromCodePoint(text.codePointAt(i)));
}

function charLength(text, i) {
  return text.codePointAt(i) > 0xffff ? 2 : 1;
}

// 0, 1, 2, …: runs of the map that equal their offsets are copied from it.
let iota = new Int32Array(0);

function iotaTo(size) {
  if (iota.length < size) {
    const next = new Int32Array(Math.max(size, 2 * iota.length));
    for (let k = 0; k < next.length; k++) next[k] = k;
    iota = next;
  }
  return iota;
}

// The normalised text being built: its code units, where each starts and ends in the original
// text, and the white-space run not written yet.
class Output {
  constructor(size) {
    this.text = '';
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.length = 0;
    this.wsStart = -1;
    this.wsEnd = -1;
    this.wsNewline = false;
  }

  /** Room for `extra` more units and the pending white space (and the final entry). */
  room(extra) {
    const need = this.length + extra + 2;
    if (need <= this.starts.length) return;
    const size = Math.max(need + 16, 2 * this.starts.length);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** White space or a dash over [start, end) of the original text. */
  blank(start, end, newline) {
    if (this.wsStart < 0) {
      this.wsStart = start;
      this.wsNewline = false;
    }
    this.wsEnd = end;
    if (newline) this.wsNewline = true;
  }

  /** Write the pending white space as one space or line break (call `room` first). */
  flush() {
    if (this.wsStart < 0) return;
    this.text += this.wsNewline ? '\n' : ' ';
    this.starts[this.length] = this.wsStart;
    this.ends[this.length] = this.wsEnd;
    this.length++;
    this.wsStart = -1;
  }
}

/**
 * Normalise text for matching: NFKC, the case rule, dashes to spaces, white space collapsed.
 * Returns {text, map, ends}: `map[i]` is where normalised unit i starts in the original text
 * (`map[text.length]` = original length), `ends[i]` where it ends (Int32Arrays). Plain ASCII runs
 * take the fast path; other code units a table of what each becomes; a character followed by
 * combining marks, or outside the BMP, the segment path (NFKC of the character with its marks).
 */
export function normalize(text) {
  const n = text.length;
  const counting = iotaTo(n + 1);
  const out = new Output(n + 16);
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code > 0x20 && code < 0x7f && code !== 0x2d && code !== 0x5f) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      let j = PLAIN_RUN.lastIndex;
      // A combining mark after the run belongs to its last character: leave that to the
      // segment path (and a blank before it to the white-space path).
      if (j < n && text.charCodeAt(j) >= 0x300 && isMarkAt(text, j)) {
        j -= 1;
        if (j > i && UNIT_KIND[text.charCodeAt(j - 1)] === SPACE) j -= 1;
      }
      if (j > i) {
        out.room(j - i);
        out.flush();
        out.text += text.slice(i, j).toLowerCase().replace(RUN_BLANKS, ' ');
        out.starts.set(counting.subarray(i, j), out.length);
        out.ends.set(counting.subarray(i + 1, j + 1), out.length);
        out.length += j - i;
        i = j;
        continue;
      }
    }
    let k = code < 128 ? UNIT_KIND[code] : unitKind(code);
    // A combining mark after this unit joins its segment: only units from U+0300 can be one.
    if (i + 1 < n && text.charCodeAt(i + 1) >= 0x300 && isMarkAt(text, i + 1)) k = SLOW;
    if (k === SPACE || k === BREAK) {
      out.blank(i, i + 1, k === BREAK);
      i++;
      continue;
    }
    if (k === DROP) {
      i++;
      continue;
    }
    let j = i + 1;
    let segment = FOLDED[code];
    if (k === SLOW) {
      // The segment path: the character and its marks, NFKC, then kind and fold per character.
      j = i + charLength(text, i);
      while (j < n && isMarkAt(text, j)) j += charLength(text, j);
      segment = text.slice(i, j);
      if (NON_ASCII.test(segment)) segment = segment.normalize('NFKC');
    }
    for (const ch of segment) {
      let folded = ch;
      if (k === SLOW) {
        const kc = kind(ch);
        if (kc === 1) continue;
        if (kc >= 2) {
          out.blank(i, j, kc === 3);
          continue;
        }
        folded = fold(ch);
      }
      out.room(folded.length);
      out.flush();
      out.text += folded;
      for (let u = 0; u < folded.length; u++) {
        out.starts[out.length] = i;
        out.ends[out.length] = j;
        out.length++;
      }
    }
    i = j;
  }
  out.room(0);
  out.flush();
  const o = out.length;
  out.starts[o] = n;
  out.ends[o] = n;
  return { text: out.text, map: out.starts.subarray(0, o + 1), ends: out.ends.subarray(0, o + 1) };
}

/** Map a normalised span [start, end) back to the original text: [start, end]. */
export function originalSpan(norm, start, end) {
  if (start >= end) return [norm.map[start], norm.map[start]];
  return [norm.map[start], norm.ends[end - 1]];
}
