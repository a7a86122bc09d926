/**
 * The background worker. Every listener is registered synchronously at the top level, so a worker
 * woken by an event finds its handler; all state lives in chrome.storage.local.
 */
import { webext } from '../shared/webext.js';
import {
  COMMAND_ANNOTATE,
  COMMAND_TOGGLE_HIDDEN,
  CONTEXT_MENU_ID,
  MSG,
  PRIVILEGED,
  SYNC_ALARM,
  SYNC_PERIOD_MINUTES,
} from '../shared/messages.js';
import { failureReply, requestTab } from '../shared/messaging.js';
import { handlers } from './handlers.js';
import { syncAll } from './sync.js';

function isExtensionPage(sender) {
  return (
    sender.id === webext.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(webext.runtime.getURL(''))
  );
}

/**
 * The one dispatcher: checks the sender may send this message and runs its handler. A refusal or
 * a failed handler is answered with `failureReply`, which `request` (shared/messaging.js) rejects.
 */
export function dispatch(message, sender) {
  const refuse = (why) => Promise.resolve(failureReply(why));
  if (sender.id !== webext.runtime.id) return refuse('Unknown sender');
  const handler = message && Object.hasOwn(handlers, message.type) ? handlers[message.type] : null;
  if (!handler) return refuse(`Unknown message ${String(message?.type)}`);
  if (PRIVILEGED.has(message.type) && !isExtensionPage(sender)) {
    return refuse(`${message.type} is only for the extension's own pages`);
  }
  return Promise.resolve()
    .then(() => handler(message, sender))
    .catch(failureReply);
}

async function setUp() {
  await webext.alarms.create(SYNC_ALARM, {
    periodInMinutes: SYNC_PERIOD_MINUTES,
    delayInMinutes: 1,
  });
  await webext.contextMenus.removeAll();
  webext.contextMenus.create({
    id: CONTEXT_MENU_ID,
    title: 'Annotate with Footnote',
    contexts: ['selection'],
  });
}

/** Asks a tab's content script to do something; a tab without one (a browser page) is skipped. */
async function tellTab(tabId, type, payload) {
  if (tabId === undefined || tabId < 0) return;
  try {
    await requestTab(tabId, type, payload);
  } catch {
    // No content script on this tab: nothing to annotate or hide there.
  }
}

const openEditor = (tabId) => tellTab(tabId, MSG.OPEN_EDITOR);
const COMMANDS = {
  [COMMAND_ANNOTATE]: openEditor,
  [COMMAND_TOGGLE_HIDDEN]: (tabId) => tellTab(tabId, MSG.SET_HIDDEN, { hidden: 'toggle' }),
};

webext.runtime.onInstalled.addListener(() => {
  setUp().then(() => syncAll({ force: true }));
});

webext.runtime.onStartup.addListener(() => {
  setUp().then(() => syncAll());
});

webext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) syncAll();
});

webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  dispatch(message, sender).then(sendResponse);
  return true;
});

webext.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === CONTEXT_MENU_ID) openEditor(tab?.id);
});

webext.commands.onCommand.addListener((command, tab) => {
  const run = COMMANDS[command];
  if (!run) return;
  if (tab?.id !== undefined) {
    run(tab.id);
    return;
  }
  webext.tabs.query({ active: true, currentWindow: true }).then(([active]) => run(active?.id));
});
