// Page script for the anchoring benchmark, injected into source.html and expected.html.
import { buildTextModel, rangeSpan, spanRange } from './text_model.js';
import { applyEdit, pickQuotes } from './quotes.js';
import { contenders } from './contenders.js';
import { anchorQuote, pageText, prepare, rangeSegments } from '../../extension/src/match/index.js';

const RIGHT_OVERLAP = 0.8;
const WRONG_SHOWN = 10;
const EDGE_SLACK = 3;

/** The benchmark's collapsed text of this page (ground truth coordinates). */
function modelText() {
  return buildTextModel(document.body).text;
}

/** Pick quotes on this (source) page and describe each with every contender. */
async function describePage({ targetText, count, seed }) {
  const root = document.body;
  const model = buildTextModel(root);
  const picks = pickQuotes(model, targetText, count, seed);
  const quotes = [];
  let skipped = 0;
  for (const pick of picks) {
    const range = spanRange(model, pick.start, pick.end);
    const selectors = {};
    try {
      for (const contender of contenders) {
        const selector = await contender.describe(root, range);
        selectors[contender.name] = {
          ...selector,
          exact: applyEdit(selector.exact, pick.edit),
        };
      }
    } catch (error) {
      skipped += 1;
      console.warn(`quote skipped: ${error}`);
      continue;
    }
    quotes.push({
      quote: pick.quote,
      truth: pick.truth,
      edit: pick.edit === null ? 'none' : pick.edit.type,
      occurrences: pick.occurrences,
      // An inserted word may be taken into the range (or not): it may widen one edge that much.
      slack: EDGE_SLACK + (pick.edit?.type === 'insert' ? pick.edit.text.length + 1 : 0),
      selectors,
    });
  }
  return { quotes, skipped };
}

function judge(model, range, { truth, slack }) {
  if (range === null) return 'orphan';
  if (truth === 'absent') return 'wrong';
  const [start, end] = rangeSpan(model, range);
  const overlap = Math.max(0, Math.min(end, truth[1]) - Math.max(start, truth[0]));
  const union = Math.max(end, truth[1]) - Math.min(start, truth[0]);
  if (union > 0 && overlap / union >= RIGHT_OVERLAP) return 'right';
  // The same place with a boundary character or two trimmed off (a trailing dash, a quote mark).
  const nearEdges = Math.abs(start - truth[0]) <= slack && Math.abs(end - truth[1]) <= slack;
  return overlap > 0 && nearEdges ? 'right' : 'wrong';
}

async function anchorAll(contender, root, quotes) {
  const found = [];
  let failed = 0;
  const started = performance.now();
  const state = contender.prepare(root);
  for (const quote of quotes) {
    let range;
    try {
      range = contender.anchor(state, quote.selectors[contender.name]);
      if (range instanceof Promise) range = await range;
    } catch {
      range = null;
      failed += 1;
    }
    found.push(range);
  }
  return { found, failed, ms: performance.now() - started };
}

/**
 * Anchor every quote on this (target) page with each contender in `order`, twice: cold (the
 * first code to run in a fresh page, as a content script would) and warm (the same again with
 * the contender's page caches cleared, as in a long-lived extension context). Time both.
 */
async function anchorPage({ quotes, order }) {
  const root = document.body;
  const ranges = {};
  const timings = {};
  const warmTimings = {};
  const errors = {};
  for (const name of order) {
    const contender = contenders.find((c) => c.name === name);
    const cold = await anchorAll(contender, root, quotes);
    contender.forget?.();
    const warm = await anchorAll(contender, root, quotes);
    timings[name] = cold.ms;
    warmTimings[name] = warm.ms;
    ranges[name] = cold.found;
    errors[name] = cold.failed;
  }
  const model = buildTextModel(root);
  const outcomes = {};
  const wrong = {};
  for (const name of order) {
    outcomes[name] = ranges[name].map((range, i) => judge(model, range, quotes[i]));
    wrong[name] = [];
    outcomes[name].forEach((outcome, i) => {
      if (outcome !== 'wrong' || wrong[name].length >= WRONG_SHOWN) return;
      const [start, end] = rangeSpan(model, ranges[name][i]);
      const truth = quotes[i].truth;
      const around = (s, e) => model.text.slice(Math.max(0, s - 40), e + 40);
      wrong[name].push({
        quote: i,
        edit: quotes[i].edit,
        selector: quotes[i].selectors[name],
        found: around(start, end),
        foundAt: [start, end],
        expected: truth === 'absent' ? 'absent' : around(truth[0], truth[1]),
        expectedAt: truth,
      });
    });
  }
  return { timings, warmTimings, outcomes, errors, wrong };
}

/** Where Footnote's time goes on this page: page text, normalisation, each kind of anchor. */
function profileFootnote({ quotes }) {
  const profile = { pageText: 0, prepare: 0, exact: 0, approximate: 0, orphan: 0, ranges: 0 };
  const counts = { exact: 0, approximate: 0, orphan: 0 };
  let started = performance.now();
  const page = pageText(document.body);
  profile.pageText = performance.now() - started;
  prepare(''); // the engine keeps the last page; start cold
  started = performance.now();
  prepare(page.text);
  profile.prepare = performance.now() - started;
  for (const quote of quotes) {
    started = performance.now();
    const found = anchorQuote(page.text, quote.selectors.Footnote);
    const kind = found === null ? 'orphan' : found.score === 1 ? 'exact' : 'approximate';
    profile[kind] += performance.now() - started;
    counts[kind] += 1;
    if (found !== null) {
      started = performance.now();
      rangeSegments(page, found.start, found.end);
      profile.ranges += performance.now() - started;
    }
  }
  return { profile, counts, chars: page.text.length };
}

globalThis.FootnoteBench = {
  profileFootnote,
  modelText,
  describePage,
  anchorPage,
  contenders: contenders.map((c) => c.name),
};
