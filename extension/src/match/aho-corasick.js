// A compact Aho-Corasick automaton over UTF-16 code units in typed arrays, so 50,000 patterns
// build in milliseconds. Nodes are numbered breadth first: a node's children have consecutive
// numbers (their labels lie side by side, one short scan), a failure link always leads to a
// smaller number, and the nodes nearest the root (where most text lands, and where failure links
// lead) are the first numbers, with full transition rows over the patterns' own characters, so
// the search neither scans their children nor follows their failure links. The search is bound
// by memory reads, so each step reads as few arrays as it can.

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
    // The trie first with sibling lists (numbered in insertion order)…
    const rootNext = new Int32Array(65536).fill(-1);
    const firstChild = new Int32Array(total).fill(-1);
    const nextSibling = new Int32Array(total).fill(-1);
    const label = new Uint16Array(total);
    const out = new Int32Array(total).fill(-1);
    const rootChildren = [];
    let size = 1;
    patterns.forEach((pattern, index) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let next = -1;
        if (node === 0) next = rootNext[c];
        else {
          for (let k = firstChild[node]; k >= 0; k = nextSibling[k]) {
            if (label[k] === c) {
              next = k;
              break;
            }
          }
        }
        if (next < 0) {
          next = size++;
          label[next] = c;
          if (node === 0) {
            rootNext[c] = next;
            rootChildren.push(next);
          } else {
            nextSibling[next] = firstChild[node];
            firstChild[node] = next;
          }
        }
        node = next;
      }
      out[node] = index;
    });
    // …then numbered breadth first: the children of node v are first[v] .. first[v + 1] - 1.
    const order = new Int32Array(size);
    const number = new Int32Array(size);
    this.first = new Int32Array(size + 1);
    let tail = 0;
    order[tail++] = 0;
    for (const v of rootChildren) {
      number[v] = tail;
      order[tail++] = v;
    }
    this.first[0] = 1;
    for (let head = 1; head < size; head++) {
      this.first[head] = tail;
      for (let v = firstChild[order[head]]; v >= 0; v = nextSibling[v]) {
        number[v] = tail;
        order[tail++] = v;
      }
    }
    this.first[size] = size;
    this.size = size;
    this.label = new Uint16Array(size);
    this.out = new Int32Array(size);
    for (let v = 1; v < size; v++) {
      this.label[v] = label[order[v]];
      this.out[v] = out[order[v]];
    }
    this.out[0] = -1;
    this.rootNext = rootNext;
    for (let c = 0; c < 65536; c++) if (rootNext[c] >= 0) rootNext[c] = number[rootNext[c]];
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    this.buildLinks();
    this.buildDenseRows(patterns, maxDense);
  }

  child(node, c) {
    if (node === 0) return this.rootNext[c];
    const { label } = this;
    for (let k = this.first[node], end = this.first[node + 1]; k < end; k++) {
      if (label[k] === c) return k;
    }
    return -1;
  }

  buildLinks() {
    const { size, first, label, out } = this;
    this.fail = new Int32Array(size);
    this.dict = new Int32Array(size).fill(-1);
    // emits[v]: v or a node on its failure chain ends a pattern.
    this.emits = new Uint8Array(size);
    // Breadth first is numeric order: a node's failure link is set before its children's.
    for (let u = 0; u < size; u++) {
      for (let v = first[u]; v < first[u + 1]; v++) {
        let target = 0;
        if (u !== 0) {
          const c = label[v];
          let f = this.fail[u];
          let w = this.child(f, c);
          while (w < 0 && f !== 0) {
            f = this.fail[f];
            w = this.child(f, c);
          }
          target = w >= 0 ? w : 0;
        }
        this.fail[v] = target;
        this.dict[v] = out[target] >= 0 ? target : this.dict[target];
        this.emits[v] = out[v] >= 0 || this.dict[v] > 0 ? 1 : 0;
      }
    }
  }

  /**
   * Transition rows (final states, by character class) of the first nodes, as many as fit in
   * `maxDense` entries: `rows[v * width + classOf[c]]`, for 0 < v < dense.
   */
  buildDenseRows(patterns, maxDense) {
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
    this.dense = Math.max(1, Math.min(this.size, Math.floor(maxDense / width)));
    this.rows = new Int32Array(this.dense * width);
    for (let v = 1; v < this.dense; v++) {
      const base = v * width;
      const f = this.fail[v];
      for (let k = 1; k < width; k++) {
        const c = codes[k];
        const w = this.child(v, c);
        if (w >= 0) this.rows[base + k] = w;
        else if (f === 0) this.rows[base + k] = Math.max(this.rootNext[c], 0);
        else this.rows[base + k] = this.rows[f * width + k];
      }
    }
  }

  /** Calls onMatch(patternIndex, start, end) for every occurrence of every pattern in text. */
  search(text, onMatch) {
    const { rootNext, dense, rows, width, classOf, fail, first, label, emits, out, dict } = this;
    const lengths = this.lengths;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let v = node;
      for (;;) {
        if (v === 0) {
          node = rootNext[c];
          if (node < 0) node = 0;
          break;
        }
        if (v < dense) {
          const k = classOf[c];
          node = k ? rows[v * width + k] : 0;
          break;
        }
        let w = -1;
        for (let k = first[v], end = first[v + 1]; k < end; k++) {
          if (label[k] === c) {
            w = k;
            break;
          }
        }
        if (w >= 0) {
          node = w;
          break;
        }
        v = fail[v];
      }
      if (emits[node] === 0) continue;
      for (let k = out[node] >= 0 ? node : dict[node]; k > 0; k = dict[k]) {
        const index = out[k];
        onMatch(index, i + 1 - lengths[index], i + 1);
      }
    }
  }
}
