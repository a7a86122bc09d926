// The late-content observer (content/late-content.js): which changes count, the debounce, and the
// pause around Footnote's own DOM changes. A linkedom document gives the nodes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import {
  LATE_CONTENT_DELAY_MS,
  changedElements,
  outermost,
  watchLateContent,
} from '../src/content/late-content.js';

function page() {
  const { document, window } = parseHTML(
    '<html><body><main id="main"><p id="p">Text <b id="b">bold</b></p></main>' +
      '<footnote-card id="card"></footnote-card></body></html>',
  );
  const $ = (id) => document.getElementById(id);
  return { document, window, $ };
}

/** A MutationObserver stand-in: `fire(records)` calls the callback; it records its calls. */
class FakeObserver {
  static last = null;
  constructor(callback) {
    this.callback = callback;
    this.calls = [];
    FakeObserver.last = this;
  }
  observe(target, options) {
    this.calls.push(['observe', target, options]);
  }
  disconnect() {
    this.calls.push(['disconnect']);
  }
  fire(records) {
    this.callback(records);
  }
}

/** A page watched through a FakeObserver on the test's mocked clock; `seen` gets the roots. */
function watched(t, { isOurs = () => false } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { document, $ } = page();
  const seen = [];
  const watch = watchLateContent({
    document,
    isOurs,
    onContent: (roots) => seen.push(roots),
    Observer: FakeObserver,
  });
  return { document, $, seen, watch, observer: FakeObserver.last };
}

const childList = (target, ...added) => ({ type: 'childList', target, addedNodes: added });
const characterData = (textNode) => ({ type: 'characterData', target: textNode, addedNodes: [] });

describe('changedElements', () => {
  test('added elements, the parent of added text, the element of changed text', () => {
    const { document, $ } = page();
    const div = document.createElement('div');
    const text = document.createTextNode('more');
    const changed = changedElements(
      [childList($('main'), div, text), characterData($('b').firstChild)],
      () => false,
    );
    assert.deepEqual(changed, [div, $('main'), $('b')]);
  });

  test("Footnote's own hosts and marks, and changes inside them, do not count", () => {
    const { document, $ } = page();
    const ours = new Set([$('card')]);
    const isOurs = (node) => ours.has(node);
    const mark = document.createElement('footnote-mark');
    ours.add(mark);
    const changed = changedElements(
      [childList($('card'), document.createElement('div')), childList($('p'), mark)],
      isOurs,
    );
    assert.deepEqual(changed, []);
  });

  test('a change on a detached text node is ignored', () => {
    const { document } = page();
    assert.deepEqual(
      changedElements([characterData(document.createTextNode('x'))], () => false),
      [],
    );
  });
});

describe('outermost', () => {
  test('keeps only nodes no other listed node contains', () => {
    const { $ } = page();
    assert.deepEqual(outermost([$('b'), $('p'), $('card')]), [$('p'), $('card')]);
    assert.deepEqual(outermost([]), []);
  });
});

describe('watchLateContent', () => {
  test('observes the body for added nodes and text changes', (t) => {
    const { document, observer } = watched(t);
    assert.deepEqual(observer.calls, [
      ['observe', document.body, { childList: true, subtree: true, characterData: true }],
    ]);
  });

  test(`waits until the page is quiet for ${LATE_CONTENT_DELAY_MS} ms, then hands over the outermost roots`, (t) => {
    const { document, $, seen, observer } = watched(t);
    const section = document.createElement('section');
    $('main').append(section);
    observer.fire([childList($('p'), $('b'))]);
    t.mock.timers.tick(LATE_CONTENT_DELAY_MS - 1);
    observer.fire([childList($('main'), section)]);
    t.mock.timers.tick(LATE_CONTENT_DELAY_MS - 1);
    assert.deepEqual(seen, [], 'every change restarts the wait');
    t.mock.timers.tick(1);
    assert.deepEqual(seen, [[$('b'), section]]);
    t.mock.timers.tick(LATE_CONTENT_DELAY_MS * 2);
    assert.equal(seen.length, 1, 'nothing pending, nothing handed over');
  });

  test('roots removed before the wait is over are dropped; nested roots collapse', (t) => {
    const { document, $, seen, observer } = watched(t);
    const gone = document.createElement('aside');
    $('main').append(gone);
    observer.fire([childList($('main'), gone), childList($('p'), $('b'), $('p'))]);
    gone.remove();
    t.mock.timers.tick(LATE_CONTENT_DELAY_MS);
    assert.deepEqual(seen, [[$('p')]]);
  });

  test('changes that are all ours start no wait', (t) => {
    const { document, $, seen, observer } = watched(t, { isOurs: () => true });
    observer.fire([childList($('p'), document.createElement('i'))]);
    t.mock.timers.tick(LATE_CONTENT_DELAY_MS * 2);
    assert.deepEqual(seen, []);
  });

  test('paused(work) disconnects around the work, even when it throws, and returns its value', (t) => {
    const { watch, observer } = watched(t);
    observer.calls.length = 0;
    assert.equal(
      watch.paused(() => {
        observer.calls.push(['work']);
        return 42;
      }),
      42,
    );
    assert.throws(() =>
      watch.paused(() => {
        throw new Error('boom');
      }),
    );
    assert.deepEqual(
      observer.calls.map((c) => c[0]),
      ['disconnect', 'work', 'observe', 'disconnect', 'observe'],
    );
  });

  test("with linkedom's MutationObserver: content added to the page is handed over", async () => {
    const { document, window, $ } = page();
    const seen = [];
    const watch = watchLateContent({
      document,
      isOurs: () => false,
      onContent: (roots) => seen.push(roots),
      delay: 5,
      Observer: window.MutationObserver,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
    const article = document.createElement('article');
    article.textContent = 'Llama 4 is open source.';
    $('main').append(article);
    await settle();
    watch.paused(() => $('main').append(document.createElement('div')));
    await settle();
    watch.stop();
    assert.equal(seen.length, 1, 'our own change is not handed over');
    assert.equal(seen[0].length, 1);
    assert.ok(seen[0][0] === article);
  });
});
