// Alias syntax: `*` open edges and a trailing option list `[de stem compound]`
// (docs/matching.md §3). The Python twin is server/footnote/match/aliases.py.

import { normalize } from './normalize.js';

export const FLAGS = new Set(['stem', 'compound', 'fold', 'accents']);
export const STEM_LANGUAGES = new Set(['en', 'de', 'fr']);
/** A compound part found inside a longer word must have at least this many code points. */
export const COMPOUND_MIN = 4;
/**
 * With `stem compound`, a part found inside a longer word may carry one of these endings (the
 * inflections of Snowball's first step): "Störung" is the head of "Autismusstörungen".
 */
export const ENDINGS = {
  de: ['e', 'em', 'en', 'ern', 'er', 'es', 's', 'n', 'ens'],
  en: ['s', 'es', "'s"],
  fr: ['s', 'x', 'e', 'es'],
};
const OPTIONS = /^([\s\S]*?)\s*\[([^[\]]*)\]\s*$/;
const LANGUAGE = /^[a-z]{2}$/;
const FOLDS = [
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
];
const MARK = /^\p{Mn}$/u;

/**
 * The alias text, its language and its flags; a trailing `[...]` is an option list only when
 * every word in it is a flag or a two-letter language code (at most one).
 */
export function splitOptions(alias) {
  const text = String(alias).trim();
  const m = OPTIONS.exec(text);
  if (!m) return { text, lang: null, flags: new Set() };
  const words = m[2]
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const langs = words.filter((w) => !FLAGS.has(w));
  if (!words.length || langs.length > 1 || langs.some((w) => !LANGUAGE.test(w))) {
    return { text, lang: null, flags: new Set() };
  }
  return {
    text: m[1].trim(),
    lang: langs.length ? langs[0] : null,
    flags: new Set(words.filter((w) => FLAGS.has(w))),
  };
}

/** Parse one alias string of a claim label. */
export function parseAlias(alias) {
  const { text: raw, lang, flags } = splitOptions(alias);
  const openLeft = raw.startsWith('*');
  const openRight = raw.endsWith('*') && raw.length > 1;
  const text = normalize(raw.replace(/^\*+|\*+$/g, ''))
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');
  const parsed = {
    text,
    openLeft,
    openRight,
    lang,
    stem: flags.has('stem'),
    compound: flags.has('compound'),
    fold: flags.has('fold'),
    accents: flags.has('accents'),
  };
  parsed.plain = !(lang || parsed.stem || parsed.compound || parsed.fold || parsed.accents);
  return parsed;
}

/**
 * The normalised texts an alias is looked up as: itself; with `fold`, the umlauts written as
 * ae/oe/ue and the other way round; with `compound`, a multi-word alias also closed up.
 */
export function spellings(alias) {
  const out = [alias.text];
  if (alias.fold) {
    let folded = alias.text;
    let unfolded = alias.text;
    for (const [umlaut, pair] of FOLDS) {
      folded = folded.replaceAll(umlaut, pair);
      unfolded = unfolded.replaceAll(pair, umlaut);
    }
    out.push(folded, unfolded);
  }
  if (alias.compound) {
    for (const t of out.slice()) if (t.includes(' ')) out.push(t.replaceAll(' ', ''));
  }
  return [...new Set(out.filter(Boolean))];
}

/** The base letter of a letter with marks ("é" → "e"); one code point for one, so offsets stay. */
export function stripAccent(ch) {
  if (ch < '\u00c0') return ch;
  const parts = Array.from(ch.normalize('NFD'));
  if (parts.length > 1 && parts.slice(1).every((c) => MARK.test(c))) return parts[0];
  return ch;
}

/** `stripAccent` on every code point. */
export function stripAccents(text) {
  let out = '';
  for (const ch of text) out += stripAccent(ch);
  return out;
}
