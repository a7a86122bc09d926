// Build-time: the snowball-stemmers 0.6.0 file cut down to the stemmers the engine uses. The
// package is one file with 24 languages (about 850 kB) and no way to import one, so the build
// keeps its shared base classes, the English, French and German stemmers and `newStemmer`, and
// drops the rest. extension/test/stemmer-subset.test.js runs tests/vectors/stems.json through the
// cut file, so a package whose layout moved fails there rather than stemming wrongly.

/** The languages the engine stems (match/stems.js ALGORITHMS). */
export const KEPT_STEMMERS = ['english', 'french', 'german'];

const STEMMER_START = /^ {4}var ([a-z]+)Stemmer = function \(_SnowballStemmer\d*\) \{$/gm;
const NEW_STEMMER = /^ {4}function newStemmer\(lng\) \{$/m;

/** `source` (the package's file) with only the `keep` stemmers; throws if its layout changed. */
export function trimStemmers(source, keep = KEPT_STEMMERS) {
  const starts = [...source.matchAll(STEMMER_START)].map((m) => ({ name: m[1], at: m.index }));
  const tail = NEW_STEMMER.exec(source);
  if (!starts.length || !tail || !keep.every((name) => starts.some((s) => s.name === name))) {
    throw new Error('snowball-stemmers: unexpected layout; update extension/stemmer-subset.mjs');
  }
  const blocks = starts.map((s, k) => ({
    name: s.name,
    text: source.slice(s.at, k + 1 < starts.length ? starts[k + 1].at : tail.index),
  }));
  const kept = new Set(keep);
  const map = keep.map((name) => `            ${name}: ${name}Stemmer`).join(',\n');
  const rest = source
    .slice(tail.index)
    .replace(/var stemMap = \{[^}]*\};/, `var stemMap = {\n${map}\n        };`)
    .replace(/return \[[^\]]*\];/, `return ${JSON.stringify(keep)};`);
  return (
    source.slice(0, starts[0].at) +
    blocks
      .filter((b) => kept.has(b.name))
      .map((b) => b.text)
      .join('') +
    rest
  );
}
