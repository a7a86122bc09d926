// URL text fragments (`:~:text=[prefix-,]start[,end][,-suffix]`) found in page text: the subset
// of the Text Fragments spec in docs/matching.md §4a. Twin of server/footnote/match/text_fragment.py.
import { isWordCodePoint } from './claims.js';
import { normalize, originalSpan } from './normalize.js';

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

function decode(term) {
  try {
    return decodeURIComponent(term);
  } catch {
    return null;
  }
}

/** {prefix, start, end, suffix} of the first `text=` directive after `:~:`, or null. */
export function parseTextDirective(fragment) {
  if (typeof fragment !== 'string' || !fragment.includes(':~:')) return null;
  const directives = fragment.slice(fragment.indexOf(':~:') + 3).split('&');
  const found = directives.find((d) => d.startsWith('text='));
  if (found === undefined) return null;
  const raw = found.slice(5);
  if (BAD_ESCAPE.test(raw)) return null;
  const terms = raw.split(',');
  let prefix = null;
  let suffix = null;
  if (terms.length > 1 && terms[0].endsWith('-')) prefix = decode(terms.shift().slice(0, -1));
  if (terms.length > 1 && terms[terms.length - 1].startsWith('-')) {
    suffix = decode(terms.pop().slice(1));
  }
  if (terms.length !== 1 && terms.length !== 2) return null;
  const words = terms.map(decode);
  if (words.some((w) => !w) || prefix === '' || suffix === '') return null;
  return { prefix, start: words[0], end: words.length === 2 ? words[1] : null, suffix };
}

const term = (text) =>
  normalize(text || '')
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');

function isWord(flat, i) {
  return isWordCodePoint(flat.codePointAt(i));
}

/** True when offset i of the normalised text is a word boundary. */
function edge(flat, i) {
  return i <= 0 || i >= flat.length || !(isWord(flat, i - 1) && isWord(flat, i));
}

function* occurrences(flat, word, from) {
  for (let i = flat.indexOf(word, from); i !== -1; i = flat.indexOf(word, i + 1)) {
    if (edge(flat, i) && edge(flat, i + word.length)) yield i;
  }
}

let last = null;

/** The page normalised with line breaks as spaces (the last page is cached). */
export function flatPage(text) {
  if (last === null || last.text !== text) {
    const norm = normalize(text);
    last = { text, norm, flat: norm.text.replace(/\n/g, ' ') };
  }
  return last;
}

/** The page-text span [start, end) (UTF-16) a parsed text directive selects, or null. */
export function findTextFragment(text, directive) {
  const { norm, flat } = flatPage(text);
  const start = term(directive.start);
  const end = term(directive.end);
  const prefix = term(directive.prefix);
  const suffix = term(directive.suffix);
  if (!start || (directive.end && !end)) return null;
  for (const i of occurrences(flat, start, 0)) {
    if (prefix) {
      let j = i;
      while (j > 0 && flat[j - 1] === ' ') j--;
      if (!flat.slice(0, j).endsWith(prefix) || !edge(flat, j - prefix.length)) continue;
    }
    const ends = end ? occurrences(flat, end, i + start.length) : [i];
    for (const k of ends) {
      const e = k + (end || start).length;
      if (suffix) {
        let m = e;
        while (m < flat.length && flat[m] === ' ') m++;
        if (!flat.startsWith(suffix, m) || !edge(flat, m + suffix.length)) {
          if (!end) break;
          continue;
        }
      }
      return originalSpan(norm, i, e);
    }
  }
  return null;
}
