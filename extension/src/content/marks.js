/**
 * Highlights: wraps matched text in <footnote-mark> elements (inline styles with !important, so the
 * page's CSS cannot restyle them) and takes them out again, merging the text nodes back.
 * Only elements this script created count as marks: a page that plants its own <footnote-mark>
 * elements gets no card and no say.
 */
import { rangeSegments } from '../match/index.js';
import { KIND } from '../shared/vocabulary.js';
import { kindName, lookOf } from './look.js';

/** Node.DOCUMENT_POSITION_FOLLOWING (spelled out: some DOM implementations lack the constant). */
const FOLLOWING = 4;

const BADGE_STYLE =
  'font: 700 10px/1 system-ui, sans-serif; color: #fff; border-radius: 3px; padding: 2px 4px;' +
  ' margin-left: 2px; vertical-align: super; text-transform: uppercase; letter-spacing: .03em;' +
  ' white-space: nowrap;';

/** Registry of what this script drew. `around(work)` runs DOM changes (the content script pauses
 * its MutationObserver there); `onDrawn()` is called after marks were added lazily. */
export function createRegistry({ around = (work) => work(), onDrawn = () => {} } = {}) {
  return {
    marks: new Set(), // every <footnote-mark> we created
    keysOf: new WeakMap(), // mark → record keys it shows
    badges: new Set(), // verdict badges we created
    tabStops: new Map(), // record key → its one mark in the Tab order (the others: tabindex -1)
    drawn: new Map(), // record key → Set of marks
    found: new Set(), // record keys hit on this page (drawn now or when scrolled near)
    pending: new Map(), // element → text-node work waiting until the element nears the viewport
    observer: null,
    around,
    onDrawn,
  };
}

/** The mark of ours that contains a node, if any (page-made look-alikes are ignored). */
export function ourMarkAround(registry, node) {
  let current = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
  while (current) {
    if (current.localName === 'footnote-mark' && registry.marks.has(current)) return current;
    current = current.parentElement;
  }
  return null;
}

function skippable(node) {
  const parent = node.parentElement;
  if (!parent) return true;
  return Boolean(
    parent.closest(
      'textarea, input, select, option, script, style, [contenteditable=""], [contenteditable="true"]',
    ),
  );
}

/** Merges hits that overlap into groups, so no text is wrapped twice. */
export function groupHits(hits) {
  const sorted = [...hits]
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const groups = [];
  for (const hit of sorted) {
    const last = groups[groups.length - 1];
    if (last && hit.start < last.end) {
      last.end = Math.max(last.end, hit.end);
      if (!last.keys.includes(hit.key)) last.keys.push(hit.key);
    } else {
      groups.push({ start: hit.start, end: hit.end, keys: [hit.key] });
    }
  }
  return groups;
}

const markCss = new Map();

/** The inline style of a mark of this look, built once per look. */
function markStyle(main) {
  const look = lookOf(main);
  const key = `${main.kind === KIND.NOTE ? 'note' : 'label'}|${look.color}|${look.tint}`;
  if (!markCss.has(key)) {
    // The properties a page could use to hide, move or disguise a mark, each pinned with
    // !important (inline !important beats every page stylesheet). Not `all: unset`: that writes
    // hundreds of longhands per mark and made style recalculation on big pages far slower.
    const declarations = {
      display: 'inline',
      position: 'static',
      float: 'none',
      visibility: 'visible',
      opacity: '1',
      transform: 'none',
      filter: 'none',
      'clip-path': 'none',
      margin: '0',
      padding: '0',
      'background-color': look.tint,
      'background-image': 'none',
      border: 'none',
      'border-bottom':
        main.kind === KIND.NOTE ? `2px dotted ${look.color}` : `2px solid ${look.color}`,
      'border-radius': '2px',
      cursor: 'help',
      color: 'inherit',
      font: 'inherit',
      'text-decoration': 'inherit',
      'pointer-events': 'auto',
    };
    markCss.set(
      key,
      Object.entries(declarations)
        .map(([name, value]) => `${name}: ${value} !important`)
        .join('; '),
    );
  }
  return markCss.get(key);
}

function mainRecord(records) {
  return records.find((r) => r.kind === KIND.CLAIM) ?? records[0];
}

function makeBadge(main) {
  const look = lookOf(main);
  // A closed shadow root with inline styles only: no stylesheet to parse per badge, and the word
  // stays out of the page's text (textContent, copy and paste) and out of the page's reach.
  const host = document.createElement('footnote-badge');
  const root = host.attachShadow({ mode: 'closed' });
  host.style.cssText =
    'display: inline !important; position: static !important; visibility: visible !important';
  const badge = document.createElement('span');
  badge.textContent = look.label;
  badge.style.cssText = `${BADGE_STYLE} background: ${look.color};`;
  root.append(badge);
  host.setAttribute('aria-hidden', 'true');
  return host;
}

/** What one record is, in words a reader hears first: "Disputed claim", "Note". */
export function describeRecord(record) {
  if (record.kind === KIND.NOTE) return kindName(record);
  if (record.kind === KIND.CLAIM && record.verdict) return `${lookOf(record).label} claim`;
  return kindName(record);
}

/** The accessible name of a mark: what it says about the words, then the words. */
export function ariaLabel(text, records) {
  const what = [...new Set(records.map(describeRecord))].join(' and ');
  const words = text.replace(/\s+/g, ' ').trim();
  return `${what}: ${words}. Press Enter for details`;
}

/** Puts a mark in the Tab order for the keys that have no Tab stop yet; -1 when all have one. */
function claimTabStop(registry, mark, keys) {
  let stop = false;
  for (const key of keys) {
    const current = registry.tabStops.get(key);
    if (!current || !current.isConnected) {
      registry.tabStops.set(key, mark);
      stop = true;
    }
  }
  mark.setAttribute('tabindex', stop ? '0' : '-1');
}

/** Makes `mark` the Tab stop of `key` (the previous stop of that key leaves the Tab order). */
export function moveTabStop(registry, key, mark) {
  const previous = registry.tabStops.get(key);
  registry.tabStops.set(key, mark);
  mark.setAttribute('tabindex', '0');
  if (previous && previous !== mark) {
    const stillStop = (registry.keysOf.get(previous) ?? []).some(
      (k) => registry.tabStops.get(k) === previous,
    );
    if (!stillStop) previous.setAttribute('tabindex', '-1');
  }
}

function wrapNode(registry, { node, segments, groups, records }) {
  if (!node.isConnected || skippable(node) || ourMarkAround(registry, node)) return;
  segments.sort((a, b) => b.start - a.start);
  for (const segment of segments) {
    if (segment.end > node.data.length) continue;
    let target = node;
    if (segment.end < target.data.length) target.splitText(segment.end);
    if (segment.start > 0) target = target.splitText(segment.start);
    const group = groups[segment.index];
    const groupRecords = group.keys.map((k) => records[k]);
    const main = mainRecord(groupRecords);
    const mark = document.createElement('footnote-mark');
    mark.style.cssText = markStyle(main);
    claimTabStop(registry, mark, group.keys);
    mark.setAttribute('role', 'button');
    mark.setAttribute('aria-haspopup', 'dialog');
    mark.setAttribute('aria-label', ariaLabel(target.data, groupRecords));
    target.parentNode.insertBefore(mark, target);
    mark.append(target);
    registry.marks.add(mark);
    registry.keysOf.set(mark, group.keys);
    for (const key of group.keys) {
      if (!registry.drawn.has(key)) registry.drawn.set(key, new Set());
      registry.drawn.get(key).add(mark);
    }
    // The verdict badge after the end of every drawn hit of a label with a verdict: on every
    // occurrence or none, so the verdict never rests on colour alone on some of them.
    if (segment.last && main.kind === KIND.CLAIM && main.verdict) {
      const badge = makeBadge(main);
      mark.append(badge);
      registry.badges.add(badge);
    }
  }
}

function wrapWork(registry, element) {
  const work = registry.pending.get(element) ?? [];
  registry.pending.delete(element);
  registry.observer?.unobserve(element);
  for (const item of work) wrapNode(registry, item);
}

function observer(registry) {
  if (!registry.observer) {
    registry.observer = new IntersectionObserver(
      (entries) => {
        const ready = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
        if (!ready.length) return;
        registry.around(() => {
          for (const element of ready) wrapWork(registry, element);
        });
        registry.onDrawn();
      },
      // Draw what is on screen or within one screen of it; the rest waits until it comes near,
      // so a page with hundreds of hits costs the main thread only what the reader can see.
      { rootMargin: '100% 0px' },
    );
  }
  return registry.observer;
}

/**
 * Draws groups of hits on a page read by the engine's pageText: marks near the viewport at once
 * (on the observer's first callback), the others as they come near. Text nodes already inside one
 * of our marks, or no longer in the document, are left alone. Returns the record keys hit.
 */
export function drawHits(registry, page, hits, records) {
  const groups = groupHits(hits.filter((h) => records[h.key]));
  const byNode = new Map();
  groups.forEach((group, index) => {
    const segments = rangeSegments(page, group.start, group.end).filter((s) => s.end > s.start);
    segments.forEach((segment, i) => {
      if (!byNode.has(segment.node)) byNode.set(segment.node, []);
      byNode.get(segment.node).push({ ...segment, index, last: i === segments.length - 1 });
    });
    for (const key of group.keys) registry.found.add(key);
  });
  const watcher = observer(registry);
  for (const [node, segments] of byNode) {
    const container = node.parentElement;
    if (!container) continue;
    if (!registry.pending.has(container)) {
      registry.pending.set(container, []);
      watcher.observe(container);
    }
    registry.pending.get(container).push({ node, segments, groups, records });
  }
  return new Set(groups.flatMap((g) => g.keys));
}

/**
 * Every occurrence of one annotation as marks in document order, drawing the ones still waiting
 * for the viewport first (next/previous must reach the whole page, not only what was scrolled by).
 */
export function occurrencesOf(registry, key) {
  const waiting = [...registry.pending].filter(([, work]) =>
    work.some((item) => item.segments.some((s) => item.groups[s.index].keys.includes(key))),
  );
  if (waiting.length) {
    registry.around(() => {
      for (const [element] of waiting) wrapWork(registry, element);
    });
  }
  return [...(registry.drawn.get(key) ?? [])]
    .filter((mark) => mark.isConnected)
    .sort((a, b) => (a.compareDocumentPosition(b) & FOLLOWING ? -1 : 1));
}

function mergeText(node) {
  if (!node || node.nodeType !== Node.TEXT_NODE || !node.parentNode) return;
  let current = node;
  while (current.previousSibling?.nodeType === Node.TEXT_NODE) {
    const previous = current.previousSibling;
    previous.appendData(current.data);
    current.remove();
    current = previous;
  }
  while (current.nextSibling?.nodeType === Node.TEXT_NODE) {
    const next = current.nextSibling;
    current.appendData(next.data);
    next.remove();
  }
}

/** Removes marks (all, or those showing any of `keys`) and merges their text back into the page. */
export function removeMarks(registry, keys = null) {
  if (keys === null) {
    registry.observer?.disconnect();
    registry.pending.clear();
    registry.found.clear();
  }
  const doomed = [...registry.marks].filter(
    (mark) => keys === null || (registry.keysOf.get(mark) ?? []).some((k) => keys.has(k)),
  );
  for (const mark of doomed) {
    for (const badge of registry.badges) {
      if (badge.parentNode === mark) {
        badge.remove();
        registry.badges.delete(badge);
      }
    }
    registry.marks.delete(mark);
    for (const key of registry.keysOf.get(mark) ?? []) {
      registry.drawn.get(key)?.delete(mark);
      if (registry.tabStops.get(key) === mark) {
        registry.tabStops.delete(key);
        const next = [...(registry.drawn.get(key) ?? [])].find((m) => !doomed.includes(m));
        if (next) moveTabStop(registry, key, next);
      }
    }
    const parent = mark.parentNode;
    if (!parent) continue;
    const first = mark.firstChild;
    const last = mark.lastChild;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    mergeText(first);
    if (last !== first) mergeText(last);
  }
  for (const [key, marks] of registry.drawn) {
    if (marks.size === 0) registry.drawn.delete(key);
  }
}
