// The JavaScript half of bench/approx/run.py: anchors the quotes of a page written to JSON by the
// Python half and prints each result (offsets in code points) and its time. The page is prepared
// (normalised) before the clock starts, as in Python.
import { readFileSync } from 'node:fs';
import { anchorQuote, prepare, unitsToCodePoints } from '../../extension/src/match/index.js';

const { text, quotes } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
prepare(text);
const rows = quotes.map((quote) => {
  const started = performance.now();
  const found = anchorQuote(text, quote);
  const ms = performance.now() - started;
  const result = found && {
    start: unitsToCodePoints(text, found.start),
    end: unitsToCodePoints(text, found.end),
    score: found.score,
  };
  return { ms, result };
});
process.stdout.write(JSON.stringify(rows));
