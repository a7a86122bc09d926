/**
 * The toolbar popup: what is on this page by set (one row per annotation with its count; a click
 * scrolls the page to it), orphans (acted on in the panel), a switch per set (yours apart from
 * those you only follow), "annotate selection" and "open panel".
 */
import { el } from '../shared/dom.js';
import { lookOf } from '../shared/look.js';
import { LOCAL_ENABLED_KEY, MSG } from '../shared/messages.js';
import { request, requestTab } from '../shared/messaging.js';
import { setSwitch } from '../shared/set-switch.js';
import { webext } from '../shared/webext.js';
import { SYNC, SYNC_PROBLEMS, describeStatus } from '../shared/vocabulary.js';
import { splitSets } from './sets.js';
import { countText } from '../content/panel-model.js';

const $ = (id) => document.getElementById(id);

async function activeTab() {
  // `?tab=<id>` lets the popup be opened in a tab of its own (tests, keyboard users) for another tab.
  const forced = Number(new URLSearchParams(location.search).get('tab'));
  if (forced) return webext.tabs.get(forced);
  const [tab] = await webext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** Shows what went wrong in the popup's status line. */
function sayFailure(what, error) {
  $('message').textContent = `${what}: ${error.message}`;
}

async function pageState(tab) {
  if (!tab?.id) return null;
  try {
    return await requestTab(tab.id, MSG.GET_PAGE_STATE);
  } catch {
    return null; // No content script on this tab: said as "Footnote does not run on this page".
  }
}

function snippet(text) {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

function pill(item) {
  const look = lookOf(item);
  const span = el('span', { class: 'pill', text: look.label });
  span.style.background = look.color;
  return span;
}

function renderHideButton(state) {
  const button = $('hide-all');
  button.hidden = !state;
  if (!state) return;
  button.setAttribute('aria-pressed', String(Boolean(state.hidden)));
  button.textContent = state.hidden ? 'Show Footnote on this page' : 'Hide Footnote on this page';
}

/** Scrolls the page to an annotation and focuses it, then gets out of the way. */
async function reveal(key) {
  const tab = await activeTab();
  try {
    const reply = await requestTab(tab.id, MSG.REVEAL, { key, index: 0 });
    if (!reply.shown) {
      $('message').textContent = 'That annotation is not drawn on the page right now.';
      return;
    }
    if (!forcedTab()) window.close();
  } catch (error) {
    sayFailure('Footnote could not show it', error);
  }
}

function forcedTab() {
  return Boolean(Number(new URLSearchParams(location.search).get('tab')));
}

function entryRow(item) {
  const words = item.quote ? `“${item.quote}”` : snippet(item.text ?? '');
  const button = el('button', { type: 'button', class: 'entry' }, [
    pill(item),
    el('span', { class: 'quote', text: words }),
    item.place === 'page' ? el('span', { class: 'count', text: countText(item.count) }) : null,
  ]);
  if (item.hidden) {
    button.disabled = true;
    button.append(el('span', { class: 'status', text: 'hidden on this site' }));
  } else button.addEventListener('click', () => reveal(item.key));
  return el('li', { 'data-key': item.key, 'data-count': item.count }, [
    button,
    item.quote && item.text ? el('span', { class: 'status', text: snippet(item.text) }) : null,
  ]);
}

function renderPage(state) {
  renderHideButton(state);
  if (!state) {
    $('page').replaceChildren(
      el('p', { class: 'hint', text: 'Footnote does not run on this page.' }),
    );
    $('count').textContent = '';
    return;
  }
  $('count').textContent = `(${state.count})`;
  const groups = Object.entries(state.bySet).map(([followId, group]) =>
    el('div', { class: 'group', 'data-follow-id': followId }, [
      el('h3', { text: group.title }),
      el('ul', { class: 'plain' }, group.items.map(entryRow)),
    ]),
  );
  $('page').replaceChildren(
    ...(groups.length
      ? groups
      : [el('p', { class: 'hint', text: 'Nothing from your sets on this page.' })]),
  );
  $('orphans-section').hidden = state.orphans.length === 0;
  $('orphans').replaceChildren(
    ...state.orphans.map((orphan) =>
      el('li', { 'data-key': orphan.key }, [
        el('span', { class: 'quote', text: orphan.exact ? `“${orphan.exact}”` : '' }),
        el('span', {
          class: 'status',
          text: `${orphan.setTitle}${orphan.text ? ` · ${orphan.text.slice(0, 120)}` : ''}`,
        }),
        orphan.reason ? el('span', { class: 'status', text: orphan.reason }) : null,
      ]),
    ),
  );
}

function renderSets(follows, local) {
  const { mine, followed } = splitSets(follows, local);
  $('sets').replaceChildren(
    ...(mine.length
      ? mine.map(setRow)
      : [el('li', { class: 'hint', text: 'None: sets you own or edit are listed here.' })]),
  );
  $('followed').replaceChildren(
    ...(followed.length
      ? followed.map(setRow)
      : [el('li', { class: 'hint', text: 'No sets followed yet: open Options to follow one.' })]),
  );
}

function setRow(follow) {
  const toggle = setSwitch(follow, (error) =>
    sayFailure(`Could not switch “${follow.title ?? follow.id}”`, error),
  );
  const bad = SYNC_PROBLEMS.has(follow.status);
  return el('li', { 'data-follow-id': follow.id, 'data-status': follow.status ?? SYNC.PENDING }, [
    el('label', { class: 'switch' }, [
      toggle,
      el('span', { class: 'title', text: follow.title ?? follow.id }),
    ]),
    follow.kind === 'local' ? el('span', { class: 'status', text: 'this browser only' }) : null,
    bad ? el('span', { class: 'status bad', text: describeStatus(follow.status) }) : null,
  ]);
}

async function refresh() {
  const tab = await activeTab();
  renderPage(await pageState(tab));
  try {
    const state = await request(MSG.GET_STATE);
    renderSets(state.follows ?? {}, state.local ?? null);
  } catch (error) {
    sayFailure('Footnote could not read your sets', error);
  }
}

$('annotate').addEventListener('click', async () => {
  const tab = await activeTab();
  try {
    const reply = await requestTab(tab.id, MSG.OPEN_EDITOR);
    if (reply.opened) window.close();
    else $('message').textContent = 'Select some text on the page first.';
  } catch {
    $('message').textContent = 'Footnote cannot annotate this page.';
  }
});
async function openPanel() {
  const tab = await activeTab();
  try {
    await requestTab(tab.id, MSG.OPEN_PANEL);
    if (!forcedTab()) window.close();
  } catch {
    $('message').textContent = 'Footnote does not run on this page.';
  }
}
$('open-panel').addEventListener('click', openPanel);
$('orphans-panel').addEventListener('click', openPanel);
$('hide-all').addEventListener('click', async () => {
  const tab = await activeTab();
  const hide = $('hide-all').getAttribute('aria-pressed') !== 'true';
  try {
    await requestTab(tab.id, MSG.SET_HIDDEN, { hidden: hide });
  } catch (error) {
    sayFailure('Footnote could not change this page', error);
  }
  refresh();
});
$('options').addEventListener('click', (event) => {
  event.preventDefault();
  webext.runtime.openOptionsPage();
  window.close();
});
webext.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.follows || changes.revision || changes[LOCAL_ENABLED_KEY]))
    setTimeout(refresh, 300);
});
refresh();
