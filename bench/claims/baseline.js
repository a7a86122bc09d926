// The naive claims baseline in JavaScript: one regular expression per alias over the normalised
// page text, then the same word-boundary and window rules as the engine (docs/matching.md §3).
import { SENTENCE_MAX, isWordCodePoint, normalizeAlias } from '../../extension/src/match/claims.js';
import { normalize, originalSpan } from '../../extension/src/match/normalize.js';
import { primaryLanguage } from '../../extension/src/match/page-text.js';
import { sentenceOf, sentenceStarts } from '../../extension/src/match/sentences.js';

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** Compile every alias of every label to its own regular expression. */
export function compileRegexes(labels) {
  return labels.map((label) => {
    if ((label.include || []).length || (label.exclude || []).length) {
      throw new Error('the regex baseline does not implement URL patterns');
    }
    const window = label.window ?? 'sentence';
    return {
      id: label.id,
      groups: (label.all || []).map((aliases) =>
        aliases
          .map((alias) => normalizeAlias(alias))
          .filter(({ norm }) => norm)
          .map(({ norm, openLeft, openRight }) => ({
            pattern: new RegExp(norm.replace(SPECIAL, '\\$&'), 'g'),
            openLeft,
            openRight,
          })),
      ),
      highlight: Number(label.highlight || 0),
      window: window === 'sentence' ? null : Number(window),
      languages: new Set((label.languages || []).map((x) => String(x).toLowerCase())),
    };
  });
}

function codePointBefore(text, i) {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2);
  }
  return low;
}

function occurrences(text, aliases) {
  const n = text.length;
  const found = [];
  for (const { pattern, openLeft, openRight } of aliases) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const leftOk =
        start === 0 ||
        !isWordCodePoint(codePointBefore(text, start)) ||
        !isWordCodePoint(text.codePointAt(start));
      const rightOk =
        end === n ||
        !isWordCodePoint(text.codePointAt(end)) ||
        !isWordCodePoint(codePointBefore(text, end));
      if ((leftOk || openLeft) && (rightOk || openRight)) found.push([start, end]);
      pattern.lastIndex = start + 1;
    }
  }
  return found;
}

function codePoints(text, lo, hi) {
  let count = 0;
  for (let i = lo; i < hi; i += 1) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > lo)) count += 1;
  }
  return count;
}

/** Label hits [{id, start, end}] found label by label, alias by alias. */
export function regexClaims(compiled, text, lang) {
  const norm = normalize(text);
  const flat = norm.text;
  const astral = /[\ud800-\udfff]/.test(flat);
  const primary = primaryLanguage(lang);
  let starts = null;
  const sentence = (pos) => {
    if (starts === null) starts = sentenceStarts(flat);
    return sentenceOf(starts, pos);
  };
  const results = [];
  compiled.forEach((label, li) => {
    if (label.languages.size && primary && !label.languages.has(primary)) return;
    if (!(label.highlight >= 0 && label.highlight < label.groups.length)) return;
    const groups = [];
    for (const aliases of label.groups) {
      const found = occurrences(flat, aliases);
      if (found.length === 0) return;
      groups.push(found);
    }
    const limit = label.window === null ? SENTENCE_MAX : label.window;
    const seen = new Set();
    const candidates = groups[label.highlight]
      .filter(([s, e]) => !seen.has(`${s}:${e}`) && seen.add(`${s}:${e}`))
      .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let takenEnd = -1;
    for (const h of candidates) {
      if (h[0] < takenEnd) continue;
      const ok = groups.every(
        (group, gi) =>
          gi === label.highlight ||
          group.some((x) => {
            if (x[0] < h[1] && h[0] < x[1]) return false;
            const lo = Math.min(x[0], h[0]);
            const hi = Math.max(x[1], h[1]);
            if ((astral ? codePoints(flat, lo, hi) : hi - lo) > limit) return false;
            return label.window !== null || sentence(lo) === sentence(hi - 1);
          }),
      );
      if (!ok) continue;
      takenEnd = h[1];
      const [start, end] = originalSpan(norm, h[0], h[1]);
      results.push([start, end, li]);
    }
  });
  results.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return results.map(([start, end, li]) => ({
    id: compiled[li].id,
    start,
    end,
  }));
}
