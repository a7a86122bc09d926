// Sentence starts in normalised text (docs/matching.md §3, "Windows").

const CANDIDATE = /[.!?\u2026\u3002\uff01\uff1f\n]/g;
const CLOSERS = new Set(['"', "'", '\u201d', '\u2019', '\u00bb', '\u203a', ')', ']']);
const FULL_WIDTH_ENDS = new Set(['\u3002', '\uff01', '\uff1f']);
const LETTER = /^\p{L}$/u;
const DIGITS = /^[0-9]{1,2}$/;

// "5." (German ordinal dates) and "z." / "J." (abbreviations, initials) do not end a sentence.
function isAbbreviationDot(text, dot) {
  let b = dot;
  while (b > 0 && dot - b < 3 && !' \n('.includes(text[b - 1])) b--;
  if (b > 0 && !' \n('.includes(text[b - 1])) return false;
  const token = text.slice(b, dot);
  return DIGITS.test(token) || (Array.from(token).length === 1 && LETTER.test(token));
}

/** Offsets where sentences start (0 first): after a line break, 。！？, or . ! ? … and a space. */
export function sentenceStarts(text) {
  const starts = [0];
  const n = text.length;
  CANDIDATE.lastIndex = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const i = m.index;
    const ch = text[i];
    let end = -1;
    if (ch === '\n' || FULL_WIDTH_ENDS.has(ch)) {
      end = i + 1;
    } else {
      let j = i + 1;
      while (j < n && CLOSERS.has(text[j])) j++;
      if (
        j < n &&
        (text[j] === ' ' || text[j] === '\n') &&
        !(ch === '.' && isAbbreviationDot(text, i))
      ) {
        end = j;
      }
    }
    if (end < 0) continue;
    while (end < n && (text[end] === ' ' || text[end] === '\n')) end++;
    if (end > starts[starts.length - 1]) starts.push(end);
  }
  return starts;
}

/** Index of the sentence holding `pos`. */
export function sentenceOf(starts, pos) {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
