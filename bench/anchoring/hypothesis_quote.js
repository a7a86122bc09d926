// Quote anchoring the way the Hypothesis client does it with approx-string-match, re-implemented
// from the description of its match-quote approach (no code copied): exact occurrences first,
// otherwise Myers' approximate search allowing min(256, quote.length / 2) errors; each candidate is
// scored by how well the quote, the prefix, the suffix and the position hint agree, with weights
// 50, 20, 20 and 2; the best candidate wins, however low its score.
import approxSearch from 'approx-string-match';

const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

function occurrences(text, pattern, maxErrors) {
  const exact = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    exact.push({ start: at, end: at + pattern.length, errors: 0 });
  }
  return exact.length > 0 ? exact : approxSearch(text, pattern, maxErrors);
}

function similarity(text, pattern) {
  if (pattern.length === 0 || text.length === 0) return 0;
  const found = occurrences(text, pattern, pattern.length);
  let fewest = pattern.length;
  for (const candidate of found) fewest = Math.min(fewest, candidate.errors);
  return 1 - fewest / pattern.length;
}

/** Best place of `quote` in `text` as {start, end, score}, or null when nothing is close enough. */
export function matchQuote(text, quote, { prefix, suffix, hint } = {}) {
  if (quote.length === 0) return null;
  const candidates = occurrences(text, quote, Math.min(256, quote.length / 2));
  let best = null;
  for (const candidate of candidates) {
    const quoteScore = 1 - candidate.errors / quote.length;
    const prefixScore = prefix
      ? similarity(
          text.slice(Math.max(0, candidate.start - prefix.length), candidate.start),
          prefix,
        )
      : 1;
    const suffixScore = suffix
      ? similarity(text.slice(candidate.end, candidate.end + suffix.length), suffix)
      : 1;
    const positionScore =
      hint === undefined ? 1 : 1 - Math.abs(candidate.start - hint) / text.length;
    const score =
      (QUOTE_WEIGHT * quoteScore +
        PREFIX_WEIGHT * prefixScore +
        SUFFIX_WEIGHT * suffixScore +
        POSITION_WEIGHT * positionScore) /
      TOTAL_WEIGHT;
    if (best === null || score > best.score) {
      best = { start: candidate.start, end: candidate.end, score };
    }
  }
  return best;
}

/** Describe text[start, end) as the client does: the quote and 32 characters of context. */
export function describeQuote(text, start, end) {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - 32), start),
    suffix: text.slice(end, end + 32),
    start,
    end,
  };
}

/** Anchor a described quote: the position selector if its text still matches, else the quote. */
export function anchorQuote(text, selector) {
  if (text.slice(selector.start, selector.end) === selector.exact) {
    return { start: selector.start, end: selector.end, score: 1 };
  }
  return matchQuote(text, selector.exact, {
    prefix: selector.prefix,
    suffix: selector.suffix,
    hint: selector.start,
  });
}
