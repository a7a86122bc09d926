// A compact Aho-Corasick automaton over UTF-16 code units: typed arrays, a dense table for the
// root's transitions and sibling lists below it, so 50,000 patterns build in milliseconds.

export class AhoCorasick {
  /** @param {string[]} patterns distinct, non-empty strings */
  constructor(patterns) {
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
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.child(node, c);
      while (next < 0 && node !== 0) {
        node = this.fail[node];
        next = this.child(node, c);
      }
      node = next < 0 ? 0 : next;
      for (let k = this.out[node] >= 0 ? node : this.dict[node]; k > 0; k = this.dict[k]) {
        const index = this.out[k];
        onMatch(index, i + 1 - this.lengths[index], i + 1);
      }
    }
  }
}
