// Page script for the anchoring benchmark, injected into source.html and expected.html.
import { buildTextModel, rangeSpan, spanRange } from './text_model.js';
import { applyEdit, pickQuotes } from './quotes.js';
import { contenders } from './contenders.js';

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
      selectors,
    });
  }
  return { quotes, skipped };
}

function judge(model, range, truth) {
  if (range === null) return 'orphan';
  if (truth === 'absent') return 'wrong';
  const [start, end] = rangeSpan(model, range);
  const overlap = Math.max(0, Math.min(end, truth[1]) - Math.max(start, truth[0]));
  const union = Math.max(end, truth[1]) - Math.min(start, truth[0]);
  if (union > 0 && overlap / union >= RIGHT_OVERLAP) return 'right';
  // The same place with a boundary character or two trimmed off (a trailing dash, a quote mark).
  const nearEdges =
    Math.abs(start - truth[0]) <= EDGE_SLACK && Math.abs(end - truth[1]) <= EDGE_SLACK;
  return overlap > 0 && nearEdges ? 'right' : 'wrong';
}

/** Anchor every quote on this (target) page with each contender in `order`; time each. */
async function anchorPage({ quotes, order }) {
  const root = document.body;
  const ranges = {};
  const timings = {};
  const errors = {};
  for (const name of order) {
    const contender = contenders.find((c) => c.name === name);
    const found = [];
    let failed = 0;
    const started = performance.now();
    const state = contender.prepare(root);
    for (const quote of quotes) {
      let range;
      try {
        range = contender.anchor(state, quote.selectors[name]);
        if (range instanceof Promise) range = await range;
      } catch {
        range = null;
        failed += 1;
      }
      found.push(range);
    }
    timings[name] = performance.now() - started;
    ranges[name] = found;
    errors[name] = failed;
  }
  const model = buildTextModel(root);
  const outcomes = {};
  const wrong = {};
  for (const name of order) {
    outcomes[name] = ranges[name].map((range, i) => judge(model, range, quotes[i].truth));
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
  return { timings, outcomes, errors, wrong };
}

globalThis.FootnoteBench = {
  modelText,
  describePage,
  anchorPage,
  contenders: contenders.map((c) => c.name),
};
