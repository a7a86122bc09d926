// The text engine (docs/matching.md): page text, normalisation, claim patterns, quote anchoring.
// No browser API here: it runs on the live DOM, on linkedom and under node --test.

export { anchorQuote, describeQuote, mergeSelectors, prepare } from './anchor.js';
export { compileLabels, matchClaims } from './claims.js';
export { normalize, originalSpan } from './normalize.js';
export { codePointsToUnits, unitsToCodePoints } from './offsets.js';
export { pageText, rangeSegments } from './page-text.js';
export { anchorTarget, loadPage, textOnlyPage } from './selectors.js';
export { selectorList } from './structural.js';
export { sentenceSpans } from './sentences.js';
export { urlMatches } from './urls.js';
