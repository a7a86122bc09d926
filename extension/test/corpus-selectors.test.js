// XPath, CSS, Range and Fragment selectors built from each corpus page (linkedom), true and stale:
// the JavaScript twin of tests/python/test_corpus_selectors.py (same picking and variants; the
// docstring there explains them). Skips when ../shared (the corpus) is absent.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { describeQuote, normalize, originalSpan } from '../src/match/index.js';
import { unitsToCodePoints } from '../src/match/offsets.js';
import { anchorTarget, elementSpan, loadPage } from '../src/match/selectors.js';
import { findTextFragment, parseTextDirective } from '../src/match/text-fragment.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READABILITY = join(
  process.env.FOOTNOTE_SHARED || join(REPO, '..', 'shared'),
  'corpus',
  'readability',
);
const SKIP = !existsSync(READABILITY) && `${READABILITY} is absent`;
const TEXT_ELEMENTS = new Set(['p', 'li', 'blockquote', 'h2', 'h3', 'td', 'dd']);
const MAX_ELEMENTS = 10;
const ALNUM = /[\p{L}\p{N}]/u;
const KINDS = [
  'XPathSelector',
  'CssSelector',
  'RangeSelector',
  'FragmentSelector (id)',
  'FragmentSelector (text)',
];
const VARIANTS = ['true', 'neighbour', 'reader', 'edited', 'gone'];

const flat = (text) =>
  normalize(text)
    .text.replace(/\n/g, ' ')
    .replace(/^ +| +$/g, '');
const isElement = (node) => node.nodeType === 1;
const nameOf = (node) => String(node.localName).toLowerCase();
const elementChildren = (node) => Array.from(node.childNodes).filter(isElement);

function* walk(node) {
  for (const child of Array.from(node.childNodes || [])) {
    yield child;
    yield* walk(child);
  }
}

function chain(node) {
  const out = [];
  for (let n = node; n && isElement(n); n = n.parentNode) out.push(n);
  return out.reverse();
}

const sameName = (node) =>
  elementChildren(node.parentNode).filter((c) => nameOf(c) === nameOf(node));
const position = (node) => sameName(node).indexOf(node) + 1;
const xpath = (node) =>
  chain(node)
    .map((n) => `/${nameOf(n)}[${position(n)}]`)
    .join('');
const css = (node) =>
  chain(node)
    .map((n) => `${nameOf(n)}:nth-of-type(${position(n)})`)
    .join(' > ');

function neighbour(node) {
  const same = sameName(node);
  const i = same.indexOf(node);
  if (i + 1 < same.length) return same[i + 1];
  return i ? same[i - 1] : null;
}

/** (element, code-point offset in its text content) of a page offset, as Hypothesis records. */
function point(dom, offset, side) {
  const seg = dom.page.segments.find(
    (s) =>
      (s.start <= offset && offset < s.start + s.length) ||
      (side === 'end' && offset === s.start + s.length),
  );
  if (!seg) return null;
  const parent = seg.node.parentNode;
  let seen = 0;
  for (const n of walk(parent)) {
    if (n.nodeType !== 3) continue;
    if (n === seg.node) return [parent, seen + unitsToCodePoints(n.data, offset - seg.start)];
    seen += unitsToCodePoints(n.data, n.data.length);
  }
  return null;
}

const encode = (term) => encodeURIComponent(term).replace(/-/g, '%2D');

function textFragment(dom, start, end) {
  const exact = dom.text.slice(start, end);
  const before = (dom.text.slice(Math.max(0, start - 60), start).match(/\S+/g) ?? []).slice(-3);
  const after = (dom.text.slice(end, end + 60).match(/\S+/g) ?? []).slice(0, 3);
  for (const [prefix, suffix] of [
    [null, null],
    [before, after],
  ]) {
    let value =
      ':~:text=' + (prefix?.length ? encode(prefix.join(' ')) + '-,' : '') + encode(exact);
    if (suffix?.length) value += ',-' + encode(suffix.join(' '));
    const directive = parseTextDirective(value);
    const span = directive && findTextFragment(dom.text, directive);
    if (span && span[0] === start && span[1] === end) return value;
  }
  return null;
}

function typo(text) {
  const mid = Math.floor(text.length / 2);
  return text.slice(0, mid) + (text[mid] !== 'x' ? 'x' : 'y') + text.slice(mid + 1);
}

const shift = (token) =>
  Array.from(token)
    .map((c) => (ALNUM.test(c) ? String.fromCodePoint(c.codePointAt(0) + 1) : c))
    .join('');

/** Every third word changed (pairs of characters in unspaced scripts), as in the Python twin. */
function lookalike(text) {
  const pairs = [];
  for (let i = 0; i < text.length; i += 2) pairs.push(text.slice(i, i + 2));
  for (const [toks, sep] of [
    [text.split(' '), ' '],
    [pairs, ''],
  ]) {
    const changed = toks.map((t, i) => i % 3 === 1 && ALNUM.test(t));
    const count = changed.filter(Boolean).length;
    const size = toks.reduce((n, t, i) => n + (changed[i] ? t.length : 0), 0);
    if (count >= 3 && size >= 0.25 * text.length) {
      return toks.map((t, i) => (changed[i] ? shift(t) : t)).join(sep);
    }
  }
  return null;
}

function pick(dom) {
  const found = [];
  for (const node of walk(dom.root.body ?? dom.root)) {
    if (!isElement(node) || !TEXT_ELEMENTS.has(nameOf(node))) continue;
    const span = elementSpan(dom, node);
    if (span && (dom.text.slice(span[0], span[1]).match(/\S+/g) ?? []).length >= 10) {
      found.push([node, span]);
    }
  }
  const stride = Math.max(1, Math.floor(found.length / MAX_ELEMENTS));
  return found.filter((_, i) => i % stride === 0).slice(0, MAX_ELEMENTS);
}

function selectorsFor(dom, node, start, end, stale) {
  const target = stale ? neighbour(node) : node;
  const out = {};
  if (!target) return out;
  out.XPathSelector = { type: 'XPathSelector', value: xpath(target) };
  out.CssSelector = { type: 'CssSelector', value: css(target) };
  const a = point(dom, start, 'start');
  const b = point(dom, end, 'end');
  if (a && b) {
    const ends = [
      [a, 'start'],
      [b, 'end'],
    ].map(([[element, offset], key]) => {
      const at = stale ? (neighbour(element) ?? element.parentNode) : element;
      return {
        type: 'XPathSelector',
        value: xpath(at),
        refinedBy: { type: 'TextPositionSelector', [key]: offset },
      };
    });
    out.RangeSelector = { type: 'RangeSelector', startSelector: ends[0], endSelector: ends[1] };
  }
  const holder = chain(target)
    .reverse()
    .find((n) => n.getAttribute('id'));
  if (holder)
    out['FragmentSelector (id)'] = { type: 'FragmentSelector', value: holder.getAttribute('id') };
  return out;
}

function judge(got, truth, whole, gone) {
  if (got === null) return 'orphan';
  if (gone || truth === null) return 'wrong';
  if (whole) return got.start <= truth[0] && truth[1] <= got.end ? 'right' : 'wrong';
  const overlap = Math.max(0, Math.min(got.end, truth[1]) - Math.max(got.start, truth[0]));
  return overlap >= 0.9 * (truth[1] - truth[0]) ? 'right' : 'wrong';
}

const normalized = new Map();

/** The quote's one occurrence on a page (null when absent or repeated). */
function truthOn(dom, quoteFlat) {
  if (!normalized.has(dom)) {
    normalized.clear();
    const norm = normalize(dom.text);
    normalized.set(dom, { norm, page: norm.text.replace(/\n/g, ' ') });
  }
  const { norm, page } = normalized.get(dom);
  const i = page.indexOf(quoteFlat);
  if (i < 0 || page.indexOf(quoteFlat, i + 1) >= 0) return null;
  return originalSpan(norm, i, i + quoteFlat.length);
}

const load = (path) => loadPage(parseHTML(readFileSync(path, 'utf8')).document);

function pageCases(src, reader) {
  const cases = [];
  for (const [node, [es, ee]] of pick(src)) {
    const words = [...src.text.slice(es, ee).matchAll(/\S+/g)]
      .filter((m) => ALNUM.test(m[0]))
      .slice(1, 9);
    const start = es + words[0].index;
    const last = words[words.length - 1];
    const end = es + last.index + last[0].length;
    const qflat = flat(src.text.slice(start, end));
    if (truthOn(src, qflat) === null) continue;
    const quote = describeQuote(src.text, start, end);
    const fragment = textFragment(src, start, end);
    const edited = [{ ...quote[0], exact: typo(quote[0].exact) }, quote[1]];
    const fake = lookalike(quote[0].exact);
    const gone = fake ? [{ ...quote[0], exact: fake }, quote[1]] : null;
    const trueSels = selectorsFor(src, node, start, end, false);
    const staleSels = selectorsFor(src, node, start, end, true);
    for (const [variant, page, sels0, withQuote] of [
      ['true', src, trueSels, quote],
      ['neighbour', src, staleSels, quote],
      ['edited', src, trueSels, edited],
      ...(gone ? [['gone', src, trueSels, gone]] : []),
      ['reader', reader, trueSels, quote],
    ]) {
      let sels = sels0;
      if (variant === 'neighbour') {
        // An id is not a path: an inserted sibling does not move it (see the Python twin).
        sels = Object.fromEntries(
          Object.entries(sels).filter(([k]) => k !== 'FragmentSelector (id)'),
        );
      } else if (fragment !== null) {
        const value = fragment.replace(encode(quote[0].exact), encode(withQuote[0].exact));
        sels = { ...sels, 'FragmentSelector (text)': { type: 'FragmentSelector', value } };
      }
      const truth = ['true', 'neighbour', 'edited'].includes(variant) ? [start, end] : null;
      cases.push([variant, page, sels, withQuote, truth, qflat]);
    }
  }
  return cases.sort((a, b) => (a[1] === reader) - (b[1] === reader));
}

test('corpus selectors never place an annotation wrong', { skip: SKIP }, () => {
  const table = new Map();
  const wrong = [];
  const pages = readdirSync(READABILITY)
    .filter((n) => statSync(join(READABILITY, n)).isDirectory())
    .sort();
  const limit = Number(process.env.FOOTNOTE_CORPUS_PAGES || pages.length);
  for (const name of pages.slice(0, limit)) {
    const src = load(join(READABILITY, name, 'source.html'));
    const reader = load(join(READABILITY, name, 'expected.html'));
    for (const [variant, page, sels, withQuote, truth0, qflat] of pageCases(src, reader)) {
      let truth = truth0;
      if (variant === 'reader') {
        truth = truthOn(reader, qflat);
        if (truth === null) continue;
      }
      for (const [kind, selector] of Object.entries(sels)) {
        for (const quoted of [true, false]) {
          if (!quoted && ['edited', 'gone'].includes(variant) && !kind.includes('(text)')) continue;
          const got = anchorTarget(page, [selector, ...(quoted ? withQuote : [])]);
          const whole = kind === 'FragmentSelector (id)' && !quoted && got !== null;
          const verdict = judge(got, truth, whole, variant === 'gone');
          const key = `${kind}|${quoted}|${variant}`;
          if (!table.has(key)) table.set(key, { right: 0, orphan: 0, wrong: 0 });
          table.get(key)[verdict] += 1;
          if (verdict === 'wrong') {
            const shown = got && page.text.slice(got.start, got.end).slice(0, 80);
            wrong.push(`${name} ${kind} ${variant} quote=${quoted}: ${qflat} -> ${shown}`);
          }
        }
      }
    }
  }
  const lines = [`javascript selectors on ${limit} pages (right / orphan / wrong)`];
  for (const kind of KINDS) {
    for (const quoted of [true, false]) {
      const cells = VARIANTS.map((v) => {
        const c = table.get(`${kind}|${quoted}|${v}`);
        return c ? `${v} ${c.right}/${c.orphan}/${c.wrong}` : '-';
      });
      lines.push(`${kind.padEnd(24)} ${quoted ? 'quote' : 'alone'}: ${cells.join('  ')}`);
    }
  }
  console.log(lines.join('\n'));
  assert.deepEqual(wrong.slice(0, 20), []);
  for (const kind of ['XPathSelector', 'CssSelector', 'RangeSelector']) {
    for (const v of VARIANTS) assert.equal(table.get(`${kind}|false|${v}`)?.right ?? 0, 0);
  }
  const trueQuoted = KINDS.map(
    (k) => table.get(`${k}|true|true`) ?? { right: 0, orphan: 0, wrong: 0 },
  );
  const right = trueQuoted.reduce((n, c) => n + c.right, 0);
  const all = trueQuoted.reduce((n, c) => n + c.right + c.orphan + c.wrong, 0);
  assert.ok(right >= 0.98 * all, `${right} / ${all}`);
});
