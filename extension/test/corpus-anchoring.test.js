// Quotes described on each corpus page's source.html and re-anchored on its expected.html, parsed
// with linkedom: the JavaScript twin of tests/python/test_corpus_anchoring.py (same picking rules).
// Skips when ../shared (the corpus) is absent.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { SHORT_QUOTE } from '../src/match/anchor.js';
import {
  anchorQuote,
  describeQuote,
  normalize,
  originalSpan,
  pageText,
} from '../src/match/index.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READABILITY = join(
  process.env.FOOTNOTE_SHARED || join(REPO, '..', 'shared'),
  'corpus',
  'readability',
);
const SKIP = !existsSync(READABILITY) && `${READABILITY} is absent`;
const MAX_SENTENCES = 20;
const MAX_SPANS = 10;
const ALNUM = /^[\p{L}\p{N}]$/u;

const flat = (text) =>
  normalize(text)
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');

function pickQuotes(text) {
  const sentences = [];
  let pos = 0;
  const splitter = /(?<=[.!?。！？])\s+|\n/gu;
  for (const m of (text + '\n').matchAll(splitter)) {
    const raw = text.slice(pos, m.index);
    const lead = raw.length - raw.trimStart().length;
    const s = pos + lead;
    const e = pos + raw.trimEnd().length;
    if (e - s >= 40 && e - s <= 300) sentences.push([s, e]);
    pos = m.index + m[0].length;
  }
  const stride = Math.max(1, Math.floor(sentences.length / MAX_SENTENCES));
  const picked = sentences.filter((_, i) => i % stride === 0).slice(0, MAX_SENTENCES);
  const words = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length]);
  const spans = [];
  if (words.length > 8) {
    const step = Math.max(1, Math.floor((words.length - 8) / MAX_SPANS));
    for (let k = 0; k < words.length - 8 && spans.length < MAX_SPANS; k += step) {
      const [s, e] = [words[k][0], words[k + 7][1]];
      if (!text.slice(s, e).includes('\n') && e - s >= 30) spans.push([s, e]);
    }
  }
  return picked.concat(spans);
}

const shift = (word) =>
  Array.from(word, (c) => (ALNUM.test(c) ? String.fromCodePoint(c.codePointAt(0) + 1) : c)).join(
    '',
  );

function tokens(quote) {
  const parts = quote.split(' ');
  if (parts.length >= 6) return parts;
  const out = [];
  for (let i = 0; i < quote.length; i += 2) out.push(quote.slice(i, i + 2));
  return out;
}

function lookalike(quote, every) {
  const toks = tokens(quote);
  const changed = new Set(
    toks.map((t, i) => (i % every === 1 && /[\p{L}\p{N}]/u.test(t) ? i : -1)).filter((i) => i >= 0),
  );
  if (changed.size < 3) return null;
  const out = toks.map((t, i) => (changed.has(i) ? shift(t) : t));
  return quote.split(' ').length >= 6 ? out.join(' ') : out.join('');
}

function typo(quote) {
  const mid = Math.floor(quote.length / 2);
  const [a, b] = [quote[mid], quote[mid + 1]];
  if (a !== b && ALNUM.test(a) && ALNUM.test(b)) {
    return quote.slice(0, mid) + b + a + quote.slice(mid + 2);
  }
  return quote.slice(0, mid) + (a !== 'x' ? 'x' : 'y') + quote.slice(mid + 1);
}

function insertWord(quote) {
  let mid = quote.indexOf(' ', Math.floor(quote.length / 2));
  if (mid < 0) mid = Math.floor(quote.length / 2);
  return quote.slice(0, mid) + ' really' + quote.slice(mid);
}

const overlap = (a, b) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

function textOf(path) {
  return pageText(parseHTML(readFileSync(path, 'utf8')).document).text;
}

function runPage(name, tally) {
  const src = textOf(join(READABILITY, name, 'source.html'));
  const exp = textOf(join(READABILITY, name, 'expected.html'));
  const srcNorm = normalize(src);
  const srcFlat = srcNorm.text.replace(/\n/g, ' ');
  tally.pages += 1;
  pickQuotes(exp).forEach(([qs, qe], k) => {
    tally.quotes += 1;
    const quote = exp.slice(qs, qe);
    const qflat = flat(quote);
    const i = qflat ? srcFlat.indexOf(qflat) : -1;
    if (i < 0) return; // the text does not survive in both versions
    tally.surviving += 1;
    const selectors = describeQuote(src, ...originalSpan(srcNorm, i, i + qflat.length));
    let got = anchorQuote(exp, selectors);
    if (got === null) tally.orphaned += 1;
    else if (flat(exp.slice(got.start, got.end)) === qflat) tally.anchored += 1;
    else tally.wrong.push(`${name}: ${quote} -> ${exp.slice(got.start, got.end)}`);
    if (k % 3) return;
    for (const edit of [typo, insertWord]) {
      tally.edited += 1;
      const edited = [{ ...selectors[0], exact: edit(selectors[0].exact) }, selectors[1]];
      got = anchorQuote(exp, edited);
      if (got === null) tally.editedOrphaned.push(`${name}: ${edited[0].exact}`);
      else if (
        flat(exp.slice(got.start, got.end)) === qflat ||
        overlap([got.start, got.end], [qs, qe]) >= 0.9 * (qe - qs)
      ) {
        tally.recovered += 1;
      } else tally.wrong.push(`${name} edited: ${edited[0].exact} -> ${JSON.stringify(got)}`);
    }
    // The quote's text moved to the end of the page, as is and with a typo.
    const movedPage = exp.slice(0, qs) + exp.slice(qe) + '\n' + quote;
    const movedSpan = [movedPage.length - quote.length, movedPage.length];
    const typoed = [{ ...selectors[0], exact: typo(selectors[0].exact) }, selectors[1]];
    for (const [list, edited] of [
      [selectors, false],
      [typoed, true],
    ]) {
      const found = anchorQuote(movedPage, list);
      if (edited) tally.movedEdited += 1;
      else tally.moved += 1;
      if (found === null) {
        // Only a quote found once on the page counts: identical occurrences may orphan.
        const pageFlat = normalize(movedPage).text.replace(/\n/g, ' ');
        const once = pageFlat.indexOf(qflat) === pageFlat.lastIndexOf(qflat);
        if (!edited && once) tally.movedOrphaned.push(qflat);
        continue;
      }
      const span = [found.start, found.end];
      if (
        flat(movedPage.slice(span[0], span[1])) === qflat ||
        overlap(span, movedSpan) >= 0.9 * quote.length
      ) {
        if (edited) tally.movedRecovered += 1;
        else tally.movedAnchored += 1;
      } else tally.wrong.push(`${name} moved: ${quote} -> ${movedPage.slice(span[0], span[1])}`);
    }
    for (const [every, placed] of [
      [3, 'in place'],
      [4, 'elsewhere'],
    ]) {
      const fake = lookalike(quote, every);
      if (fake === null) continue;
      tally.lookalikes += 1;
      let page;
      let fakeSpan;
      if (placed === 'in place') {
        page = exp.slice(0, qs) + fake + exp.slice(qe);
        fakeSpan = [qs, qs + fake.length];
      } else {
        page = exp.slice(0, qs) + exp.slice(qe) + '\n' + fake;
        fakeSpan = [page.length - fake.length, page.length];
      }
      got = anchorQuote(page, selectors);
      if (got !== null && overlap([got.start, got.end], fakeSpan) > 0) {
        tally.lookalikesTaken.push(
          `${name} ${placed}: ${quote} -> ${page.slice(got.start, got.end)}`,
        );
      }
    }
  });
}

test('corpus quotes anchor on the reader view', { skip: SKIP }, () => {
  const tally = {
    pages: 0,
    quotes: 0,
    surviving: 0,
    anchored: 0,
    orphaned: 0,
    wrong: [],
    edited: 0,
    recovered: 0,
    editedOrphaned: [],
    lookalikes: 0,
    lookalikesTaken: [],
    moved: 0,
    movedAnchored: 0,
    movedOrphaned: [],
    movedEdited: 0,
    movedRecovered: 0,
  };
  const names = readdirSync(READABILITY)
    .filter((n) => statSync(join(READABILITY, n)).isDirectory())
    .sort();
  for (const name of names) runPage(name, tally);
  const share = tally.anchored / tally.surviving;
  console.log(
    `javascript corpus: ${tally.pages} pages, ${tally.quotes} quotes, ${tally.surviving} surviving, ` +
      `${tally.anchored} anchored (${(share * 100).toFixed(2)}%), ${tally.orphaned} orphaned, ` +
      `${tally.wrong.length} wrong; edited ${tally.recovered}/${tally.edited} recovered; ` +
      `lookalikes taken ${tally.lookalikesTaken.length}/${tally.lookalikes}; ` +
      `moved ${tally.movedAnchored}/${tally.moved} anchored, ` +
      `moved with a typo ${tally.movedRecovered}/${tally.movedEdited} recovered`,
  );
  assert.deepEqual(tally.wrong, []);
  assert.deepEqual(tally.lookalikesTaken, []);
  assert.equal(tally.pages, 91);
  assert.ok(tally.surviving >= 91 * 10);
  assert.ok(share >= 0.98, `anchored share ${share}`);
  assert.ok(tally.recovered >= 0.95 * tally.edited, tally.editedOrphaned.slice(0, 20).join('\n'));
  // A moved quote has lost its context: short ones need it (docs/matching.md §4.2) and may orphan,
  // never anchor elsewhere; every unique quote of SHORT_QUOTE characters or more must be found.
  console.log(`moved and orphaned: ${JSON.stringify(tally.movedOrphaned)}`);
  assert.deepEqual(
    tally.movedOrphaned.filter((q) => [...q].length >= SHORT_QUOTE),
    [],
  );
  assert.ok(tally.movedAnchored >= 0.99 * tally.moved);
});
