// Page script for the claims benchmark: the engine's automaton against one regex per alias.
import { compileLabels, matchClaims } from '../../extension/src/match/claims.js';
import { pageText } from '../../extension/src/match/page-text.js';
import { compileRegexes, regexClaims } from './baseline.js';

function timed(fn) {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/** Compile the labels both ways, then time matching this page's text `repeats` times each. */
function runPage({ labels, repeats, url }) {
  const page = pageText(document);
  const [matcher, compileMs] = timed(() => compileLabels(labels));
  const [regexes, regexCompileMs] = timed(() => compileRegexes(labels));
  const automatonMs = [];
  const regexMs = [];
  let hits = [];
  let expected = [];
  for (let r = 0; r < repeats; r += 1) {
    // The engine keeps the last page's normalised text; start each run cold, like the baseline.
    matchClaims(matcher, `cold start ${r}`, url);
    let ms;
    [hits, ms] = timed(() => matchClaims(matcher, page.text, url, { lang: page.lang }));
    automatonMs.push(ms);
    [expected, ms] = timed(() => regexClaims(regexes, page.text, page.lang));
    regexMs.push(ms);
  }
  const key = (h) => `${h.id}@${h.start}-${h.end}`;
  const ours = new Set(hits.map(key));
  const theirs = new Set(expected.map(key));
  const onlyAutomaton = [...ours].filter((k) => !theirs.has(k));
  const onlyRegex = [...theirs].filter((k) => !ours.has(k));
  return {
    chars: page.text.length,
    lang: page.lang,
    hits: hits.length,
    labelsHit: new Set(hits.map((h) => h.id)).size,
    compileMs,
    regexCompileMs,
    automatonMs,
    regexMs,
    onlyAutomaton: onlyAutomaton.slice(0, 5),
    onlyRegex: onlyRegex.slice(0, 5),
    same: onlyAutomaton.length === 0 && onlyRegex.length === 0,
  };
}

globalThis.FootnoteClaimsBench = { runPage };
