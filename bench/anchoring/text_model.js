// The benchmark's own, engine-independent view of a page's text: visible text nodes in DOM order,
// white space collapsed to one space, a line break between blocks. Ground truth (where a quote
// really is) and every contender's answer are measured in this one coordinate system, so contenders
// that see different text (textContent, Footnote's page text) are judged alike.

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'HEAD']);
const INLINE = /^(inline|contents|ruby)/;
const SPACE = /\s/;

function isVisible(element, cache, useLayout) {
  let visible = cache.get(element);
  if (visible === undefined) {
    visible = true;
    for (let at = element; at !== null; at = at.parentElement) {
      if (SKIPPED.has(at.tagName)) {
        visible = false;
        break;
      }
    }
    if (visible && useLayout) {
      visible = element.checkVisibility({ visibilityProperty: true });
    }
    cache.set(element, visible);
  }
  return visible;
}

function blockOf(element, cache) {
  let block = cache.get(element);
  if (block === undefined) {
    block = element;
    while (block.parentElement !== null && INLINE.test(getComputedStyle(block).display)) {
      block = block.parentElement;
    }
    cache.set(element, block);
  }
  return block;
}

/**
 * Build the model of `root`: `text` (collapsed), per text node a map from its offsets to `text`
 * offsets, per `text` character the node and offset it came from, and the block spans.
 */
export function buildTextModel(root) {
  const visibleCache = new Map();
  const blockCache = new Map();
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  // A page that hides itself until its (blocked) scripts run is read without layout.
  const useLayout = typeof root.checkVisibility === 'function' && root.checkVisibility();
  const chars = [];
  const fromNode = [];
  const fromOffset = [];
  const nodes = [];
  const offsetMaps = new Map();
  const blocks = [];
  let lastWasSpace = true;
  let currentBlock = null;
  let blockStart = 0;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || !isVisible(parent, visibleCache, useLayout)) continue;
    const block = blockOf(parent, blockCache);
    if (block !== currentBlock) {
      if (chars.length > 0) {
        if (lastWasSpace) chars[chars.length - 1] = '\n';
        else {
          chars.push('\n');
          fromNode.push(nodes.length - 1);
          fromOffset.push(-1);
        }
      }
      if (currentBlock !== null) blocks.push({ start: blockStart, end: chars.length - 1 });
      currentBlock = block;
      blockStart = chars.length;
      lastWasSpace = true;
    }
    const index = nodes.length;
    nodes.push(node);
    const data = node.data;
    const map = new Int32Array(data.length + 1);
    for (let i = 0; i < data.length; i += 1) {
      map[i] = chars.length;
      const ch = data[i];
      if (SPACE.test(ch)) {
        if (lastWasSpace) continue;
        chars.push(' ');
        lastWasSpace = true;
      } else {
        chars.push(ch);
        lastWasSpace = false;
      }
      fromNode.push(index);
      fromOffset.push(i);
    }
    map[data.length] = chars.length;
    offsetMaps.set(node, map);
  }
  if (currentBlock !== null) blocks.push({ start: blockStart, end: chars.length });
  return {
    text: chars.join(''),
    nodes,
    offsetMaps,
    fromNode: Int32Array.from(fromNode),
    fromOffset: Int32Array.from(fromOffset),
    blocks,
    root,
  };
}

function firstModelNodeFrom(model, start) {
  if (start === null) return null;
  if (model.offsetMaps.has(start)) return start;
  const walker = model.root.ownerDocument.createTreeWalker(model.root, NodeFilter.SHOW_TEXT);
  walker.currentNode = start;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (model.offsetMaps.has(node)) return node;
  }
  return null;
}

function nodeAfter(node) {
  let at = node;
  while (at !== null && at.nextSibling === null) at = at.parentNode;
  return at === null ? null : at.nextSibling;
}

/** The model offset of a DOM boundary point (container, offset). */
export function boundaryOffset(model, container, offset) {
  const map = model.offsetMaps.get(container);
  if (map !== undefined) return map[Math.min(offset, map.length - 1)];
  let start;
  if (container.nodeType === Node.TEXT_NODE) start = nodeAfter(container);
  else
    start =
      offset < container.childNodes.length ? container.childNodes[offset] : nodeAfter(container);
  const node = firstModelNodeFrom(model, start);
  return node === null ? model.text.length : model.offsetMaps.get(node)[0];
}

/** A DOM Range as [start, end) in model offsets, with white space trimmed off both ends. */
export function rangeSpan(model, range) {
  let start = boundaryOffset(model, range.startContainer, range.startOffset);
  let end = boundaryOffset(model, range.endContainer, range.endOffset);
  while (start < end && SPACE.test(model.text[start])) start += 1;
  while (end > start && SPACE.test(model.text[end - 1])) end -= 1;
  return [start, end];
}

/** A DOM Range covering model offsets [start, end), which must start and end on visible text. */
export function spanRange(model, start, end) {
  const range = model.root.ownerDocument.createRange();
  range.setStart(model.nodes[model.fromNode[start]], model.fromOffset[start]);
  range.setEnd(model.nodes[model.fromNode[end - 1]], model.fromOffset[end - 1] + 1);
  return range;
}
