/**
 * The content script: reads the page text, asks the background what this page shows (matching
 * runs there, on the locally stored sets: nothing leaves the browser), draws marks, cards and
 * banners, follows late content, and hosts the editor. It never fetches anything itself.
 *
 * This file only boots and wires: the page's state is page-session.js, late content is
 * late-content.js, the card, banner and editor wiring is page-ui.js. The code of the card,
 * banner, editor, panel and DOM selector engine is loaded on first need (bundles.js).
 */
import { webext } from '../shared/webext.js';
import { DISMISSED_KEY, HIDDEN_LABELS_KEY, MSG } from '../shared/messages.js';
import { failureReply, request } from '../shared/messaging.js';
import { loadBundle } from './bundles.js';
import { watchLateContent } from './late-content.js';
import { createRegistry } from './marks.js';
import { createPageSession } from './page-session.js';
import { createPageUi } from './page-ui.js';

const LOADED = Symbol.for('footnote.content-script');

function start() {
  // The three parts call one another; each is created before anything runs.
  let lateContent = null;
  let ui = null;
  const paused = (work) => (lateContent ? lateContent.paused(work) : work());
  const registry = createRegistry({ around: paused });
  // Labels the reader hid on this site: {[site]: {[record key]: stamp}} in extension storage.
  const site = location.hostname;
  const hiddenLabels = {
    load: async () =>
      (await webext.storage.local.get(HIDDEN_LABELS_KEY))[HIDDEN_LABELS_KEY]?.[site] ?? {},
    save: async (map) => {
      const all = (await webext.storage.local.get(HIDDEN_LABELS_KEY))[HIDDEN_LABELS_KEY] ?? {};
      if (Object.keys(map).length) all[site] = map;
      else delete all[site];
      await webext.storage.local.set({ [HIDDEN_LABELS_KEY]: all });
    },
  };
  const session = createPageSession({
    document,
    request,
    registry,
    paused,
    hiddenHere: hiddenLabels.load,
    anchoring: () => loadBundle('anchoring', request),
    view: {
      hideCard: () => ui.hideCard(),
      holdCard: () => ui.holdCard(),
      restoreCard: (held) => ui.restoreCard(held),
      showBanners: (records) => ui.showBanners(records),
      offerFollow: (reply) => ui.offerFollow(reply),
    },
  });
  const dismissals = {
    load: async () => (await webext.storage.local.get(DISMISSED_KEY))[DISMISSED_KEY] ?? {},
    save: (map) => webext.storage.local.set({ [DISMISSED_KEY]: map }),
  };
  ui = createPageUi({ document, registry, session, request, dismissals, hiddenLabels });
  const render = () => session.render().then(() => ui.refreshPanel());
  lateContent = watchLateContent({
    document,
    isOurs: ui.isOurs,
    onContent: (roots) => session.renderLate(roots),
  });

  webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== webext.runtime.id) return false;
    if (message?.type === MSG.GET_PAGE_STATE) {
      sendResponse(session.summary());
      return false;
    }
    if (message?.type === MSG.SET_HIDDEN) {
      const wanted = message.hidden === 'toggle' ? !session.summary().hidden : message.hidden;
      sendResponse({ hidden: session.setHidden(wanted) });
      return false;
    }
    if (message?.type === MSG.OPEN_PANEL) {
      ui.openPanel().then(
        () => sendResponse({ opened: true }),
        (error) => sendResponse(failureReply(error)),
      );
      return true;
    }
    if (message?.type === MSG.REVEAL) {
      sendResponse({ shown: ui.reveal(String(message.key), Number(message.index) || 0) });
      return false;
    }
    if (message?.type === MSG.OPEN_EDITOR) {
      ui.openEditorOnSelection().then(
        (opened) => sendResponse({ opened }),
        (error) => sendResponse(failureReply(error)),
      );
      return true;
    }
    return false;
  });

  webext.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.revision) render();
  });

  render();
}

if (!globalThis[LOADED] && document.documentElement instanceof HTMLElement) {
  globalThis[LOADED] = true;
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
