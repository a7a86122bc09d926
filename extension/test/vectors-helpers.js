// Loads the shared vectors (tests/vectors/*.json) and converts JavaScript's UTF-16 offsets to the
// code points the vectors (and Python) use.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unitsToCodePoints } from '../src/match/index.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadVectors(name) {
  return JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', `${name}.json`), 'utf8'));
}

/** A {start, end} in UTF-16 units of `text` as code points. */
export function toCodePoints(text, span) {
  return {
    ...span,
    start: unitsToCodePoints(text, span.start),
    end: unitsToCodePoints(text, span.end),
  };
}

/** The normalisation maps indexed and valued in code points (index: normalised text). */
export function codePointMaps(input, norm) {
  const map = [];
  const ends = [];
  for (let i = 0; i < norm.text.length;) {
    map.push(unitsToCodePoints(input, norm.map[i]));
    ends.push(unitsToCodePoints(input, norm.ends[i]));
    i += norm.text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  map.push(unitsToCodePoints(input, norm.map[norm.text.length]));
  ends.push(unitsToCodePoints(input, norm.ends[norm.text.length]));
  return { map, ends };
}
