// A compact Aho-Corasick automaton over UTF-16 code units: typed arrays, a dense table for the
// root's transitions and sibling lists below it, so 50,000 patterns build in milliseconds. The
// root's children (where most text lands after one character, and where failure links lead)
// also get full transition rows over the patterns' own characters, so the search neither scans
// their long sibling lists nor follows their failure links.

/** Dense rows are skipped when they would take more entries than this. */
const MAX_DENSE_ENTRIES = 1_000_000;

export class AhoCorasick {
  /**
   * @param {string[]} patterns distinct, non-empty strings
   * @param {number} maxDense at most this many dense-row entries (tests lower it)
   */
  constructor(patterns, maxDense = MAX_DENSE_ENTRIES) {
    let total = 1;
    for (const p of patterns) total += p.length;
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    this.rootNext = new Int32Array(65536).fill(-1);
    this.firstChild = new Int32Array(total).fill(-1);
    this.nextSibling = new Int32Array(total).fill(-1);
    this.label = new Uint16Array(total);
    this.fail = new Int32Array(total);
    this.out = new Int32Array(total).fill(-1);
    this.dict = new Int32Array(total).fill(-1);
    this.size = 1;
    const rootChildren = [];
    patterns.forEach((pattern, index) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let next = this.child(node, c);
        if (next < 0) {
          next = this.size++;
          this.label[next] = c;
          if (node === 0) {
            this.rootNext[c] = next;
            rootChildren.push(next);
          } else {
            this.nextSibling[next] = this.firstChild[node];
            this.firstChild[node] = next;
          }
        }
        node = next;
      }
      this.out[node] = index;
    });
    this.buildLinks(rootChildren);
    this.buildDenseRows(patterns, rootChildren, maxDense);
  }

  /**
   * Transition rows (final states, by character class) of the nodes near the root, shallowest
   * first, as many whole levels as fit in `maxDense` entries.
   */
  buildDenseRows(patterns, rootChildren, maxDense) {
    this.classOf = new Uint16Array(65536);
    const codes = [0];
    for (const pattern of patterns) {
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        if (!this.classOf[c]) {
          this.classOf[c] = codes.length;
          codes.push(c);
        }
      }
    }
    const width = codes.length;
    this.width = width;
    this.denseIndex = new Int32Array(this.size).fill(-1);
    // Breadth-first levels: a node's failure link is shallower, so its row is ready first.
    const order = [];
    let level = rootChildren;
    while (level.length && (order.length + level.length) * width <= maxDense) {
      order.push(...level);
      const below = [];
      for (const u of level) {
        for (let v = this.firstChild[u]; v >= 0; v = this.nextSibling[v]) below.push(v);
      }
      level = below;
    }
    this.rows = new Int32Array(order.length * width);
    order.forEach((v, d) => {
      this.denseIndex[v] = d;
      const base = d * width;
      const f = this.fail[v];
      const fallback = f === 0 ? -1 : this.denseIndex[f] * width;
      for (let k = 1; k < width; k++) {
        const c = codes[k];
        const w = this.child(v, c);
        if (w >= 0) this.rows[base + k] = w;
        else if (fallback < 0) this.rows[base + k] = Math.max(this.rootNext[c], 0);
        else this.rows[base + k] = this.rows[fallback + k];
      }
    });
  }

  child(node, c) {
    if (node === 0) return this.rootNext[c];
    for (let k = this.firstChild[node]; k >= 0; k = this.nextSibling[k]) {
      if (this.label[k] === c) return k;
    }
    return -1;
  }

  buildLinks(rootChildren) {
    const queue = new Int32Array(this.size);
    let head = 0;
    let tail = 0;
    for (const v of rootChildren) {
      this.fail[v] = 0;
      queue[tail++] = v;
    }
    while (head < tail) {
      const u = queue[head++];
      for (let v = this.firstChild[u]; v >= 0; v = this.nextSibling[v]) {
        const c = this.label[v];
        let f = this.fail[u];
        let w = this.child(f, c);
        while (w < 0 && f !== 0) {
          f = this.fail[f];
          w = this.child(f, c);
        }
        const target = w >= 0 ? w : 0;
        this.fail[v] = target;
        this.dict[v] = this.out[target] >= 0 ? target : this.dict[target];
        queue[tail++] = v;
      }
    }
  }

  /** Calls onMatch(patternIndex, start, end) for every occurrence of every pattern in text. */
  search(text, onMatch) {
    const { rootNext, denseIndex, rows, width, classOf, fail } = this;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let v = node;
      for (;;) {
        if (v === 0) {
          node = Math.max(rootNext[c], 0);
          break;
        }
        const d = denseIndex[v];
        if (d >= 0) {
          const k = classOf[c];
          node = k ? rows[d * width + k] : 0;
          break;
        }
        const w = this.child(v, c);
        if (w >= 0) {
          node = w;
          break;
        }
        v = fail[v];
      }
      for (let k = this.out[node] >= 0 ? node : this.dict[node]; k > 0; k = this.dict[k]) {
        const index = this.out[k];
        onMatch(index, i + 1 - this.lengths[index], i + 1);
      }
    }
  }
}
