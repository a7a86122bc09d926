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

const HTML =
  '<html><head></head><body><p id="p">Llama 4 is <footnote-mark id="m"><i id="inner">open</i> source</footnote-mark>' +
  ' and <footnote-mark id="fake">planted</footnote-mark>.</p><button id="elsewhere">x</button></body></html>';

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

function setUp({ answer = () => ({ ok: true }), selection = null } = {}) {
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
  document.getSelection = () => selection;
  const ui = createPageUi({
    document,
    registry,
    session,
    request: async (type, payload = {}) => {
      requests.push({ type, ...payload });
      return answer({ type, ...payload });
    },
    pageUrl: () => 'https://example.org/article',
    parts: {
      createCard: (actions) =>
        (built.card = fakePiece(document, 'footnote-card', log, { actions })),
      createBanner: (actions) =>
        (built.banner = fakePiece(document, 'footnote-banner', log, { actions })),
      createEditor: (options) =>
        (built.editor = fakePiece(document, 'footnote-editor', log, {
          options,
          open: (args) => log.push(['footnote-editor', 'open', args]),
        })),
      offerFollow: (options) => log.push(['offerFollow', options]),
      captureSelection: (root, range) => ({ root, range }),
      describeCaptured: (root, captured) => captured.range.described,
    },
  });
  const fire = (target, type, props = {}) => {
    const event = new Event(type, { bubbles: true, cancelable: true });
    Object.assign(event, props);
    target.dispatchEvent(event);
    return event;
  };
  return { document, $, registry, ui, log, requests, built, fire };
}

describe('the card', () => {
  test('opens on hovering our mark (or anything inside it), built on first use', () => {
    const { $, log, built, fire } = setUp();
    assert.equal(built.card, undefined);
    fire($('inner'), 'mouseover');
    assert.deepEqual(log, [['footnote-card', 'show', $('m'), [record('k1')]]]);
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
  test('built only when there is something to show; told once there is nothing left', () => {
    const { log, ui, built } = setUp();
    ui.showBanners([]);
    assert.equal(built.banner, undefined);
    ui.showBanners([record('b1')]);
    ui.showBanners([]);
    assert.deepEqual(log, [
      ['footnote-banner', 'show', [record('b1')]],
      ['footnote-banner', 'show', []],
    ]);
  });
});

describe('follow button', () => {
  test('gets the service and followed sets, and follows through the background', async () => {
    const { log, ui, requests } = setUp();
    ui.offerFollow({ serviceUrl: 'http://127.0.0.1:5000' });
    const [, options] = log[0];
    assert.equal(options.serviceUrl, 'http://127.0.0.1:5000');
    assert.deepEqual(options.followedSetIds, []);
    await options.follow({ setId: 's1', shareToken: '', title: 'Desk' });
    assert.deepEqual(requests, [
      { type: MSG.FOLLOW_FROM_PAGE, setId: 's1', shareToken: '', title: 'Desk' },
    ]);
  });
});

describe('the editor', () => {
  test('nothing selected: no editor', () => {
    const { ui, built } = setUp({ selection: { isCollapsed: true, rangeCount: 1 } });
    assert.equal(ui.openEditorOnSelection(), false);
    assert.equal(built.editor, undefined);
  });

  test('a selection opens it with the quote, selectors and document links, read without marks', () => {
    const quote = { type: 'TextQuoteSelector', exact: 'open source' };
    const range = { described: { quote, selectors: [quote] } };
    const { document, log, ui } = setUp({
      selection: { isCollapsed: false, rangeCount: 1, getRangeAt: () => range },
    });
    const link = document.createElement('link');
    link.setAttribute('rel', 'canonical');
    link.setAttribute('href', 'https://example.org/canonical');
    document.head.append(link);
    assert.equal(ui.openEditorOnSelection(), true);
    assert.deepEqual(log, [
      ['session', 'withoutMarks'],
      ['session', 'render'],
      [
        'footnote-editor',
        'open',
        {
          quote,
          target: { source: 'https://example.org/article', selector: [quote] },
          documentLinks: [{ rel: 'canonical', href: 'https://example.org/canonical' }],
        },
      ],
    ]);
  });

  test('a selection without page text redraws but opens nothing', () => {
    const { log, ui } = setUp({
      selection: { isCollapsed: false, rangeCount: 1, getRangeAt: () => ({ described: null }) },
    });
    assert.equal(ui.openEditorOnSelection(), false);
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
    ui.openEditorOnSelection();
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
