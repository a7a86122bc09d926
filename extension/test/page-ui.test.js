// The UI wiring (content/page-ui.js) on a linkedom page: which events open and close the card,
// what Edit and Delete send, when the banner and editor are built. The card, banner and editor
// themselves are replaced by recording fakes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { MSG } from '../src/shared/messages.js';
import { MessageError } from '../src/shared/messaging.js';
import { createRegistry } from '../src/content/marks.js';
import { createPageUi, documentLinks } from '../src/content/page-ui.js';
import { passageLink } from '../src/content/text-fragment.js';

const HTML =
  '<html><head></head><body><p id="p">Llama 4 is <footnote-mark id="m"><i id="inner">open</i> source</footnote-mark>' +
  ' and <footnote-mark id="fake">planted</footnote-mark>.</p><button id="elsewhere">x</button></body></html>';

const PASSAGE_BOX = { left: 10, top: 100, bottom: 120 };
const record = (key) => ({ key, id: `https://svc/api/annotations/${key}`, followId: 'svc:s1' });

/** A fake UI piece (card, banner or editor) that records what it was asked. */
function fakePiece(document, tag, log, extra = {}) {
  const host = document.createElement(tag);
  const piece = {
    host,
    anchor: null,
    open: false,
    show(...args) {
      log.push([tag, 'show', ...args]);
      piece.anchor = args[0];
      piece.open = true;
    },
    hide() {
      log.push([tag, 'hide']);
      piece.anchor = null;
      piece.open = false;
    },
    hideSoon: () => log.push([tag, 'hideSoon']),
    isOpen: () => piece.open,
    contains: (node) => node === host,
    focusFirst: () => log.push([tag, 'focusFirst']),
    flash: (text) => log.push([tag, 'flash', text]),
    ...extra,
  };
  return piece;
}

/**
 * The UI on a fake page. With `lazy`, its pieces are not at hand: they come from `loadParts()`,
 * which resolves only when the test calls `lazy.arrive()` (as the injected bundle would).
 */
function setUp({ answer = () => ({ ok: true }), selection = null, lazy = null } = {}) {
  const { document, window, Event } = parseHTML(HTML);
  globalThis.Node = window.Node; // marks.js reads Node.ELEMENT_NODE
  const $ = (id) => document.getElementById(id);
  const registry = createRegistry();
  registry.marks.add($('m'));
  registry.keysOf.set($('m'), ['k1']);
  const log = [];
  const requests = [];
  const built = {};
  const session = {
    recordsAt: (mark) => (mark === $('m') ? [record('k1')] : []),
    withoutMarks: (work) => {
      log.push(['session', 'withoutMarks']);
      return work();
    },
    render: () => log.push(['session', 'render']),
  };
  if (selection?.getRangeAt) {
    // A selection of page text: inside the paragraph, with a box and words.
    const described = selection.getRangeAt;
    selection.getRangeAt = () => ({ commonAncestorContainer: $('p'), ...described() });
    if (!Object.hasOwn(selection, 'toString')) selection.toString = () => 'open source';
  }
  document.getSelection = () => selection;
  const parts = partsOf();
  const ui = createPageUi({
    document,
    registry,
    session,
    request: async (type, payload = {}) => {
      requests.push({ type, ...payload });
      return answer({ type, ...payload });
    },
    pageUrl: () => 'https://example.org/article',
    ...(lazy ? { loadParts: () => lazy.load(parts) } : { parts }),
  });
  function partsOf() {
    return {
      createCard: (actions, options) =>
        (built.card = fakePiece(document, 'footnote-card', log, { actions, options })),
      createBanner: (actions, options) =>
        (built.banner = fakePiece(document, 'footnote-banner', log, { actions, options })),
      createEditor: (options) =>
        (built.editor = fakePiece(document, 'footnote-editor', log, {
          options,
          open: (args) => log.push(['footnote-editor', 'open', args]),
        })),
      offerFollow: (options) => log.push(['offerFollow', options]),
      captureSelection: (root, range) => ({ root, range }),
      createAdder: (actions) =>
        (built.adder = fakePiece(document, 'footnote-adder', log, { actions })),
      copyText: async (_document, text) => log.push(['copy', text]) > 0,
      createPassageHighlight: () => ({
        show: () => log.push(['passage', 'show']) && PASSAGE_BOX,
        clear: () => log.push(['passage', 'clear']),
        rect: () => PASSAGE_BOX,
      }),
      describeCaptured: (root, captured) => captured.range.described,
      passageLink,
    };
  }
  const fire = (target, type, props = {}) => {
    const event = new Event(type, { bubbles: true, cancelable: true });
    Object.assign(event, props);
    target.dispatchEvent(event);
    return event;
  };
  return { document, $, registry, ui, log, requests, built, fire };
}

/** Parts that load when the test says so, counting the loads. */
function lazyParts() {
  const lazy = { loads: 0, waiting: [] };
  lazy.load = (parts) => {
    lazy.loads += 1;
    return new Promise((resolve) => lazy.waiting.push(() => resolve(parts)));
  };
  lazy.arrive = async () => {
    for (const resolve of lazy.waiting.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return lazy;
}

describe('the pieces load on first use', () => {
  test('nothing is loaded until a mark is hovered; its card opens when the code arrives', async () => {
    const lazy = lazyParts();
    const { $, log, built, fire } = setUp({ lazy });
    assert.equal(lazy.loads, 0);
    fire($('fake'), 'mouseover');
    assert.equal(lazy.loads, 0, 'a page-made mark loads nothing');
    fire($('inner'), 'mouseover');
    fire($('m'), 'mouseover');
    assert.equal(lazy.loads, 1, 'loaded once, however many events ask');
    assert.equal(built.card, undefined);
    await lazy.arrive();
    assert.deepEqual(log, [['footnote-card', 'show', $('m'), [record('k1')], null]]);
    fire($('m'), 'mouseover');
    assert.equal(lazy.loads, 1, 'then used as it is');
  });

  test('a card whose mark the pointer left before the code arrived stays closed', async () => {
    const lazy = lazyParts();
    const { $, log, fire } = setUp({ lazy });
    fire($('m'), 'mouseover');
    fire($('inner'), 'mouseout', { relatedTarget: $('m') }); // still inside the mark
    fire($('m'), 'mouseout', { relatedTarget: $('p') });
    await lazy.arrive();
    assert.deepEqual(log, []);
  });

  test('Enter on a mark opens its card and moves into it once the code is here', async () => {
    const lazy = lazyParts();
    const { $, log, fire } = setUp({ lazy });
    fire($('m'), 'focusin'); // focus asks for the card first, Enter while its code loads
    fire($('m'), 'keydown', { key: 'Enter' });
    await lazy.arrive();
    assert.deepEqual(
      log.map((e) => e.slice(0, 2)),
      [
        ['footnote-card', 'show'],
        ['footnote-card', 'focusFirst'],
      ],
    );
  });

  test('banners load the code only when there is one to show', async () => {
    const lazy = lazyParts();
    const { ui, log } = setUp({ lazy });
    await ui.showBanners([]);
    await ui.offerFollow({ serviceUrl: 'http://127.0.0.1:5000' }); // no follow hook on this page
    assert.equal(lazy.loads, 0);
    const shown = ui.showBanners([record('b1')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await lazy.arrive();
    await shown;
    assert.deepEqual(log, [['footnote-banner', 'show', [record('b1')]]]);
  });
});

describe('the card', () => {
  test('opens on hovering our mark (or anything inside it), built on first use', () => {
    const { $, log, built, fire } = setUp();
    assert.equal(built.card, undefined);
    fire($('inner'), 'mouseover');
    assert.deepEqual(log, [['footnote-card', 'show', $('m'), [record('k1')], null]]);
  });

  test('a page-made <footnote-mark> opens nothing', () => {
    const { $, log, built, fire } = setUp();
    fire($('fake'), 'mouseover');
    fire($('fake'), 'focusin');
    fire($('fake'), 'keydown', { key: 'Enter' });
    assert.deepEqual(log, []);
    assert.equal(built.card, undefined);
  });

  test('leaving the mark hides it soon, unless the pointer moves into the card', () => {
    const { $, log, built, fire } = setUp();
    fire($('m'), 'mouseover');
    fire($('m'), 'mouseout', { relatedTarget: built.card.host });
    assert.ok(!log.some(([, what]) => what === 'hideSoon'));
    fire($('m'), 'mouseout', { relatedTarget: $('p') });
    assert.deepEqual(log.at(-1), ['footnote-card', 'hideSoon']);
  });

  test('keyboard: focus opens it, Enter moves into it, Escape closes it', () => {
    const { $, log, fire } = setUp();
    fire($('m'), 'focusin');
    assert.deepEqual(log.at(-1).slice(0, 2), ['footnote-card', 'show']);
    const enter = fire($('m'), 'keydown', { key: 'Enter' });
    assert.ok(enter.defaultPrevented);
    assert.deepEqual(
      log.slice(-2).map((e) => e[1]),
      ['show', 'focusFirst'],
    );
    fire($('m'), 'keydown', { key: 'Escape' });
    assert.deepEqual(log.at(-1), ['footnote-card', 'hide']);
  });

  test('Escape in the card returns focus to the mark without reopening the card', () => {
    const { $, log, built, fire } = setUp();
    fire($('m'), 'focusin');
    const shown = log.length;
    built.card.options.onClosed($('m')); // the card closed on Escape and focused its mark
    fire($('m'), 'focusin');
    assert.equal(log.length, shown, 'that focus opens nothing');
    fire($('m'), 'focusin');
    assert.deepEqual(log.at(-1).slice(0, 2), ['footnote-card', 'show'], 'the next focus does');
  });

  test('arrow keys walk the occurrences and carry the one Tab stop along', () => {
    const { document, $, registry, log, fire } = setUp();
    const second = document.createElement('footnote-mark');
    $('p').append(second);
    registry.marks.add(second);
    registry.keysOf.set(second, ['k1']);
    registry.drawn.set('k1', new Set([second, $('m')]));
    registry.tabStops.set('k1', $('m'));
    $('m').setAttribute('tabindex', '0');
    second.setAttribute('tabindex', '-1');
    const focused = [];
    for (const mark of [$('m'), second]) {
      mark.focus = () => focused.push(mark);
      mark.scrollIntoView = () => {};
    }
    const right = fire($('m'), 'keydown', { key: 'ArrowRight' });
    assert.ok(right.defaultPrevented);
    assert.deepEqual(focused, [second]);
    assert.equal(second.getAttribute('tabindex'), '0');
    assert.equal($('m').getAttribute('tabindex'), '-1');
    fire(second, 'keydown', { key: 'ArrowRight' }); // wraps round to the first
    assert.deepEqual(focused, [second, $('m')]);
    fire($('m'), 'focusin');
    assert.deepEqual(log.at(-1).slice(-1), [{ index: 0, count: 2 }]);
  });

  test('focus moving elsewhere on the page closes an open card', () => {
    const { $, log, fire } = setUp();
    fire($('elsewhere'), 'focusin');
    assert.deepEqual(log, [], 'no card yet: nothing to close');
    fire($('m'), 'mouseover');
    fire($('elsewhere'), 'focusin');
    assert.deepEqual(log.at(-1), ['footnote-card', 'hide']);
  });

  test('Edit closes the card and opens the editor on the record', () => {
    const { $, log, built, fire } = setUp();
    fire($('m'), 'mouseover');
    built.card.actions.onEdit(record('k1'));
    assert.deepEqual(log.slice(-2), [
      ['footnote-card', 'hide'],
      ['footnote-editor', 'open', { record: record('k1') }],
    ]);
  });

  test('Delete asks the background and closes the card', async () => {
    const { $, log, requests, built, fire } = setUp();
    fire($('m'), 'mouseover');
    await built.card.actions.onDelete(record('k1'));
    assert.deepEqual(requests, [
      { type: MSG.DELETE_ANNOTATION, followId: 'svc:s1', id: record('k1').id },
    ]);
    assert.deepEqual(log.at(-1), ['footnote-card', 'hide']);
    assert.equal(built.banner, undefined);
  });

  test('a failed Delete is said in the banner', async () => {
    const { $, log, built, fire } = setUp({
      answer: () => {
        throw new MessageError('You may not edit this set', 403);
      },
    });
    fire($('m'), 'mouseover');
    await built.card.actions.onDelete(record('k1'));
    assert.deepEqual(log.at(-1), [
      'footnote-banner',
      'flash',
      'Footnote could not delete: You may not edit this set',
    ]);
  });
});

describe('isOurs', () => {
  test('our UI hosts, marks, badges and what is inside a mark; not the page', () => {
    const { document, $, registry, ui, fire, built } = setUp();
    fire($('m'), 'mouseover');
    const badge = document.createElement('footnote-badge');
    registry.badges.add(badge);
    for (const node of [built.card.host, $('m'), $('inner'), $('inner').firstChild, badge]) {
      assert.ok(ui.isOurs(node), node.nodeName);
    }
    for (const node of [$('p'), $('fake'), document.body, null]) {
      assert.ok(!ui.isOurs(node), String(node?.nodeName));
    }
  });
});

describe('banners', () => {
  test('built only when there is something to show; told once there is nothing left', async () => {
    const { log, ui, built } = setUp();
    await ui.showBanners([]);
    assert.equal(built.banner, undefined);
    await ui.showBanners([record('b1')]);
    await ui.showBanners([]);
    assert.deepEqual(log, [
      ['footnote-banner', 'show', [record('b1')]],
      ['footnote-banner', 'show', []],
    ]);
  });
});

describe('banner dismissals', () => {
  test('a hidden banner stays hidden until its annotation changes', async () => {
    const { log, ui, built } = setUp();
    const old = { ...record('b1'), modified: '2026-01-01' };
    await ui.showBanners([old, record('b2')]);
    // The fake banner was built with createBanner(actions, options): the × calls onDismiss.
    await built.banner.options.onDismiss([old]);
    await ui.showBanners([old, record('b2')]);
    assert.deepEqual(log.at(-1), ['footnote-banner', 'show', [record('b2')]]);
    const changed = { ...old, modified: '2026-02-02' };
    await ui.showBanners([changed]);
    assert.deepEqual(log.at(-1), ['footnote-banner', 'show', [changed]]);
  });
});

describe('follow button', () => {
  test('gets the service and followed sets, and follows through the background', async () => {
    const { log, ui, requests } = setUp();
    await ui.offerFollow({ serviceUrl: 'http://127.0.0.1:5000' });
    const [, options] = log[0];
    assert.equal(options.serviceUrl, 'http://127.0.0.1:5000');
    assert.deepEqual(options.followedSetIds, []);
    await options.follow({ setId: 's1', shareToken: '', title: 'Desk' });
    assert.deepEqual(requests, [
      { type: MSG.FOLLOW_FROM_PAGE, setId: 's1', shareToken: '', title: 'Desk' },
    ]);
  });
});

describe('the selection adder', () => {
  const quote = { type: 'TextQuoteSelector', exact: 'open source' };
  const selected = () => ({
    isCollapsed: false,
    rangeCount: 1,
    getRangeAt: () => ({
      described: { quote, selectors: [quote] },
      getBoundingClientRect: () => PASSAGE_BOX,
    }),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  test('a finished selection shows it at the selection; Note opens the editor on it', async () => {
    const { document, log, built, fire } = setUp({ selection: selected() });
    fire(document.body, 'mouseup');
    await settle();
    assert.deepEqual(log.at(-1), ['footnote-adder', 'show', PASSAGE_BOX]);
    built.adder.actions.onLabel();
    const opened = log.find(([tag, what]) => tag === 'footnote-editor' && what === 'open');
    assert.equal(opened[2].kind, 'claim');
    assert.deepEqual(opened[2].anchorRect(), PASSAGE_BOX);
  });

  test('Copy link copies a text-fragment link to the passage', async () => {
    const { document, log, built, fire } = setUp({ selection: selected() });
    fire(document.body, 'mouseup');
    await settle();
    const said = await built.adder.actions.onCopyLink();
    assert.equal(said, 'Link copied');
    assert.deepEqual(log.at(-1), ['copy', 'https://example.org/article#:~:text=open%20source']);
  });

  test('no selection, or one in a form field: no adder', async () => {
    const { document, log, fire } = setUp({ selection: { isCollapsed: true, rangeCount: 0 } });
    fire(document.body, 'mouseup');
    await settle();
    assert.ok(!log.some(([tag]) => tag === 'footnote-adder'));
  });
});

describe('the editor', () => {
  test('nothing selected: no editor', async () => {
    const { ui, built } = setUp({ selection: { isCollapsed: true, rangeCount: 1 } });
    assert.equal(await ui.openEditorOnSelection(), false);
    assert.equal(built.editor, undefined);
  });

  test('a selection opens it with the quote, selectors and document links, read without marks', async () => {
    const quote = { type: 'TextQuoteSelector', exact: 'open source' };
    const range = { described: { quote, selectors: [quote] } };
    const { document, log, ui, built } = setUp({
      selection: { isCollapsed: false, rangeCount: 1, getRangeAt: () => range },
    });
    const link = document.createElement('link');
    link.setAttribute('rel', 'canonical');
    link.setAttribute('href', 'https://example.org/canonical');
    document.head.append(link);
    assert.equal(await ui.openEditorOnSelection(), true);
    const follows = log.at(-1)[2].anchorRect;
    assert.deepEqual(follows(), PASSAGE_BOX, 'the editor follows the passage as it moves');
    log.at(-1)[2].anchorRect = PASSAGE_BOX;
    assert.deepEqual(log, [
      ['session', 'withoutMarks'],
      ['session', 'render'],
      ['passage', 'show'],
      [
        'footnote-editor',
        'open',
        {
          quote,
          target: { source: 'https://example.org/article', selector: [quote] },
          documentLinks: [{ rel: 'canonical', href: 'https://example.org/canonical' }],
          anchorRect: PASSAGE_BOX,
          kind: null,
        },
      ],
    ]);
    built.editor.options.onClosed();
    assert.deepEqual(log.at(-1), ['passage', 'clear'], 'closing the editor ends the highlight');
  });

  test('a selection without page text redraws but opens nothing', async () => {
    const { log, ui } = setUp({
      selection: { isCollapsed: false, rangeCount: 1, getRangeAt: () => ({ described: null }) },
    });
    assert.equal(await ui.openEditorOnSelection(), false);
    assert.deepEqual(log, [
      ['session', 'withoutMarks'],
      ['session', 'render'],
    ]);
  });

  test('the editor saves, updates and lists sets through the background; saving redraws', async () => {
    const { $, log, ui, requests, built, fire } = setUp({
      answer: () => ({ sets: [] }),
      selection: {
        isCollapsed: false,
        rangeCount: 1,
        getRangeAt: () => ({ described: { quote: {}, selectors: [] } }),
      },
    });
    fire($('m'), 'mouseover');
    await ui.openEditorOnSelection();
    const { options } = built.editor;
    await options.listWritableSets();
    await options.save('s1', { kind: 'note' });
    await options.update(record('k1'), { tags: ['a'] });
    assert.deepEqual(requests, [
      { type: MSG.WRITABLE_SETS },
      { type: MSG.SAVE_ANNOTATION, setId: 's1', annotation: { kind: 'note' } },
      {
        type: MSG.UPDATE_ANNOTATION,
        followId: 'svc:s1',
        id: record('k1').id,
        change: { tags: ['a'] },
      },
    ]);
    log.length = 0;
    options.onSaved({});
    assert.deepEqual(log, [['session', 'render']]);
  });
});

describe('documentLinks', () => {
  test('canonical and og:url, http(s) only', () => {
    const { document } = parseHTML(
      '<html><head><link rel="alternate canonical" href="https://example.org/a">' +
        '<meta property="og:url" content="javascript:alert(1)"></head><body></body></html>',
    );
    assert.deepEqual(documentLinks(document), [
      { rel: 'canonical', href: 'https://example.org/a' },
    ]);
    const { document: plain } = parseHTML('<html><head></head><body></body></html>');
    assert.deepEqual(documentLinks(plain), []);
  });
});
