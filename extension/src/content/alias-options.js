/**
 * The alias options of docs/matching.md §3 in words a fact-checker ticks, and the option list
 * (`[de stem compound]`) they add to each alias. The set page's label form does the same on the
 * service (server/footnote/web/label_options.py), in the same order.
 */
import { splitOptions } from '../match/aliases.js';

/** Each flag with the words the editor shows for it, in the order the option list writes them. */
export const ALIAS_FLAGS = [
  {
    flag: 'stem',
    words: 'Also match other forms of the word (vaccinate, vaccinated, vaccinating)',
  },
  { flag: 'compound', words: 'Match inside German compound words (Impfstoff in Coronaimpfstoff)' },
  { flag: 'fold', words: 'Ignore ae/oe/ue spellings (Erderwaermung for Erderwärmung)' },
  {
    flag: 'accents',
    words: 'Ignore missing accents on capitals (RECHAUFFEMENT for réchauffement)',
  },
];

/** The languages an alias can be tied to, with their names. */
export const ALIAS_LANGUAGES = [
  { lang: '', words: 'Any language' },
  { lang: 'en', words: 'English' },
  { lang: 'de', words: 'German' },
  { lang: 'fr', words: 'French' },
];

/**
 * `alias` with the option list for `lang` and `flags` (a Set or array) appended; unchanged when
 * nothing is chosen or the alias already has an option list of its own (typed by hand).
 */
export function withOptions(alias, { lang = '', flags = [] } = {}) {
  const chosen = new Set(flags);
  const words = [
    ...(lang ? [lang] : []),
    ...ALIAS_FLAGS.map((f) => f.flag).filter((f) => chosen.has(f)),
  ];
  const own = splitOptions(alias);
  if (!words.length || own.lang || own.flags.size) return alias;
  return `${String(alias).trim()} [${words.join(' ')}]`;
}

/**
 * For editing: when every alias of `groups` carries the same option list, the groups without it
 * and the options (to tick); otherwise the groups as they are and no options (the brackets stay
 * in the text, where the label's author wrote them).
 */
export function readOptions(groups) {
  const aliases = groups.flat();
  const parsed = aliases.map((a) => splitOptions(a));
  const key = (p) => `${p.lang ?? ''}|${[...p.flags].sort().join(' ')}`;
  const first = parsed[0];
  const shared =
    first && (first.lang || first.flags.size) && parsed.every((p) => key(p) === key(first));
  if (!shared) return { groups, lang: '', flags: new Set() };
  return {
    groups: groups.map((group) => group.map((a) => splitOptions(a).text)),
    lang: first.lang ?? '',
    flags: new Set(first.flags),
  };
}
