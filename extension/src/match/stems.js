// Snowball stems of normalised words, and the stem view of a page (docs/matching.md §3).
// snowball-stemmers 0.6.0 here and snowballstemmer 2.2.0 in Python implement the same Snowball
// algorithms; tests/vectors/stems.json proves that they agree word for word.

import snowball from 'snowball-stemmers';

export const ALGORITHMS = { en: 'english', de: 'german', fr: 'french' };
const stemmers = new Map();
const caches = new Map();
const CACHE_LIMIT = 200_000;

/** The Snowball stem of one normalised (lower-case) word in `lang` (en, de or fr). */
export function stem(word, lang) {
  let cache = caches.get(lang);
  if (!cache) {
    cache = new Map();
    caches.set(lang, cache);
  }
  let known = cache.get(word);
  if (known === undefined) {
    let stemmer = stemmers.get(lang);
    if (!stemmer) {
      stemmer = snowball.newStemmer(ALGORITHMS[lang]);
      stemmers.set(lang, stemmer);
    }
    // French "ë" is read as "e" (see stems.py: the two ports differ on it otherwise).
    known = stemmer.stem(lang === 'fr' ? word.replaceAll('ë', 'e') : word);
    if (cache.size < CACHE_LIMIT) cache.set(word, known);
  }
  return known;
}

/**
 * The stem view of normalised text: each word (maximal run of word characters, `isWordAt(text,
 * i)` → its length in units or 0) replaced by its stem. Word k spans
 * `text.slice(viewStarts[k], viewEnds[k])` and `norm.slice(normStarts[k], normEnds[k])`.
 */
export function stemView(normText, lang, isWordAt) {
  let text = '';
  const viewStarts = [];
  const viewEnds = [];
  const normStarts = [];
  const normEnds = [];
  const n = normText.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n) {
      const step = isWordAt(normText, j);
      if (!step) break;
      j += step;
    }
    if (j > i) {
      const word = stem(normText.slice(i, j), lang);
      viewStarts.push(text.length);
      normStarts.push(i);
      normEnds.push(j);
      text += word;
      viewEnds.push(text.length);
      i = j;
    } else {
      const step = normText.codePointAt(i) > 0xffff ? 2 : 1;
      text += normText.slice(i, i + step);
      i += step;
    }
  }
  return { text, viewStarts, viewEnds, normStarts, normEnds };
}
