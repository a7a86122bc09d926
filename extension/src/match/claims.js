// Claim patterns: one Aho-Corasick pass over all aliases, then the window check per candidate
// (docs/matching.md §3). Hits are UTF-16 offsets into the page text.

import { ENDINGS, STEM_LANGUAGES, parseAlias, spellings, stripAccents } from './aliases.js';
import { hasSurrogates, unitsToCodePoints } from './offsets.js';
import { normalize, originalSpan } from './normalize.js';
import { primaryLanguage } from './page-text.js';
import { lowerCaseOf, sentenceOf, sentenceStarts } from './sentences.js';
import {
  Search,
  findOccurrences,
  isUnspaced,
  isWordCodePoint,
  lowerBound,
  pageView,
  upperBound,
  wordLengthAt,
} from './occurrences.js';
import { stemView } from './stems.js';
import { urlMatches } from './urls.js';

export const SENTENCE_MAX = 300;
export { isUnspaced, isWordCodePoint };

/** Normalised alias text and whether its left/right edge is open (a `*` wildcard). */
export function normalizeAlias(alias) {
  const { text, openLeft, openRight } = parseAlias(alias);
  return { norm: text, openLeft, openRight };
}

function addAlias(matcher, label, li, gi, raw) {
  const alias = parseAlias(raw);
  if (!alias.text) return;
  if (alias.plain) {
    matcher.plain.add(alias.text, [li, gi, alias.openLeft, alias.openRight, null]);
    return;
  }
  let stemLang = alias.lang;
  if (stemLang === null && label.languages.size === 1) stemLang = [...label.languages][0];
  const stem = alias.stem && STEM_LANGUAGES.has(stemLang);
  for (const text of spellings(alias)) {
    const options = {
      lang: alias.lang,
      compound: alias.compound,
      exact: alias.accents && !stem ? text : null,
    };
    const entry = [li, gi, alias.openLeft, alias.openRight, options];
    if (stem && alias.compound) {
      // Snowball stems a compound as one word (its R2 region moves), so parts are found on the
      // page's own spelling, with an inflection ending allowed after the part.
      const endings = { ...options, endings: ENDINGS[stemLang] };
      matcher.plain.add(text, [li, gi, alias.openLeft, alias.openRight, endings]);
    }
    if (stem) {
      if (!matcher.stems.has(stemLang)) matcher.stems.set(stemLang, new Search());
      const search = matcher.stems.get(stemLang);
      search.add(stemView(text, stemLang, wordLengthAt).text, entry);
      if (alias.accents)
        search.add(stemView(stripAccents(text), stemLang, wordLengthAt).text, entry);
    } else if (alias.accents) {
      if (matcher.accents === null) matcher.accents = new Search();
      matcher.accents.add(stripAccents(text), entry);
    } else {
      matcher.plain.add(text, entry);
    }
  }
}

/**
 * Compile claim labels ({id, all, highlight, window, languages, include, exclude, not}): one
 * automaton over the normalised page for plain aliases (and those whose options need no other
 * view), one per language over the page's stems (`stem`), one over the page without accents
 * (`accents`). A label's `not` phrases join the same automata, tagged as the extra group
 * `all.length`.
 */
export function compileLabels(labels) {
  const matcher = {
    labels: [],
    plain: new Search(),
    stems: new Map(),
    accents: null,
    limited: [], // labels with URL or language limits
    active: null, // the last page's activeLabels
  };
  labels.forEach((label, li) => {
    const groups = label.all || [];
    const window = label.window ?? 'sentence';
    const compiled = {
      id: label.id,
      groups: groups.length,
      highlight: Number(label.highlight || 0),
      window: window === 'sentence' ? null : Number(window),
      languages: new Set((label.languages || []).map((x) => String(x).toLowerCase())),
      include: label.include || [],
      exclude: label.exclude || [],
    };
    matcher.labels.push(compiled);
    if (compiled.include.length || compiled.exclude.length || compiled.languages.size) {
      matcher.limited.push(li);
    }
    [...groups, label.not || []].forEach((aliases, gi) => {
      for (const alias of aliases) addAlias(matcher, compiled, li, gi, alias);
    });
  });
  for (const search of [matcher.plain, ...matcher.stems.values(), matcher.accents]) {
    if (search) search.build();
  }
  matcher.patterns = matcher.plain.patterns;
  matcher.entries = matcher.plain.entries;
  return matcher;
}

function labelApplies(label, url, primary) {
  if (label.include.length && !urlMatches(label.include, url)) return false;
  if (label.exclude.length && urlMatches(label.exclude, url)) return false;
  return !(label.languages.size && primary && !label.languages.has(primary));
}

/**
 * Which labels apply to a page (`url`, primary language `primary`): only labels with URL or
 * language limits are checked, and the answer is kept for the next call with the same page.
 */
function activeLabels(matcher, url, primary) {
  const last = matcher.active;
  if (last !== null && last.url === url && last.primary === primary) return last;
  const flags = new Uint8Array(matcher.labels.length).fill(1);
  let count = flags.length - matcher.limited.length;
  for (const li of matcher.limited) {
    flags[li] = labelApplies(matcher.labels[li], url, primary) ? 1 : 0;
    count += flags[li];
  }
  matcher.active = { url, primary, flags, any: count > 0 };
  return matcher.active;
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
 * `langs` (pageText's `langs`: [{start, end, lang}] runs) gives each element's own language;
 * with it, labels and aliases are filtered per occurrence.
 */
export function matchClaims(matcher, text, url, { lang, langs } = {}) {
  const runs =
    langs == null
      ? null
      : langs.map((r) => ({ start: r.start, end: r.end, lang: primaryLanguage(r.lang) }));
  const filterLang = runs === null ? primaryLanguage(lang) : null;
  const { flags: active, any: anyActive } = activeLabels(matcher, url, filterLang);
  const any = matcher.plain.patterns.length || matcher.stems.size || matcher.accents;
  if (!anyActive || !any) return [];
  const norm = normalizedPage(text);
  const hits = findOccurrences(matcher, pageView(text, norm, primaryLanguage(lang), runs), active);
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
