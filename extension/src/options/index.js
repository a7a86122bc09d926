/** The options page: service URL, sign in, following sets (service, share link, static file). */
import { el } from '../shared/dom.js';
import { LOCAL_ENABLED_KEY, MSG } from '../shared/messages.js';
import { request } from '../shared/messaging.js';
import { setSwitch } from '../shared/set-switch.js';
import { webext } from '../shared/webext.js';
import { ROLE, SYNC, SYNC_PROBLEMS, describeStatus } from '../shared/vocabulary.js';
import { createLocalNotes } from './local-notes.js';

const $ = (id) => document.getElementById(id);

function say(text, bad = false) {
  $('message').textContent = text;
  $('message').className = bad ? 'bad' : '';
}

let serviceUrl = '';
const localNotes = createLocalNotes({
  request,
  say,
  serviceName: () => {
    try {
      return new URL(serviceUrl).host;
    } catch {
      return 'the service';
    }
  },
});

function formWork(form, work) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      say(await work(new FormData(form)));
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
      await refresh();
    }
  });
}

function followItem(follow) {
  const toggle = setSwitch(follow, (e) => say(e.message, true));
  const unfollow = el('button', { type: 'button', class: 'danger', text: 'Unfollow' });
  unfollow.addEventListener('click', async () => {
    await request(MSG.UNFOLLOW, { followId: follow.id }).catch((e) => say(e.message, true));
    await refresh();
  });
  const where =
    follow.kind === 'static' ? 'set file' : follow.shareToken ? 'share link' : 'service';
  const role = follow.role ? `, ${follow.role}` : '';
  const synced = follow.lastSync
    ? ` · last synced ${new Date(follow.lastSync).toLocaleString()}`
    : '';
  return el('li', { 'data-follow-id': follow.id, 'data-status': follow.status ?? SYNC.PENDING }, [
    el('label', { class: 'switch' }, [toggle, 'Show']),
    el('span', { class: 'title', text: follow.title ?? follow.id }),
    el('span', { class: 'hint', text: `${where}${role}` }),
    unfollow,
    el('span', {
      class: SYNC_PROBLEMS.has(follow.status) ? 'status bad' : 'status',
      text: `${describeStatus(follow.status ?? SYNC.PENDING)}${synced}`,
    }),
  ]);
}

/** Redraws the page from the background's state; a failure is said, never thrown. */
async function refresh() {
  let state;
  try {
    state = await request(MSG.GET_STATE);
  } catch (error) {
    say(`Footnote could not read its settings: ${error.message}`, true);
    return;
  }
  const { settings, follows } = state;
  serviceUrl = settings.serviceUrl;
  if (document.activeElement !== $('service-url')) $('service-url').value = settings.serviceUrl;
  $('signed-in').hidden = !settings.signedIn;
  $('sign-in-form').hidden = settings.signedIn;
  $('username').textContent = settings.username ?? '';
  $('hide-not-helpful').checked = settings.hideNotHelpful === true;
  const list = Object.values(follows).sort((a, b) => (a.followedAt ?? 0) - (b.followedAt ?? 0));
  $('follows').replaceChildren(
    ...(list.length
      ? list.map(followItem)
      : [el('li', { class: 'hint', text: 'No sets followed yet.' })]),
  );
  await localNotes.refresh();
}

formWork($('service-form'), async (data) => {
  await request(MSG.SET_SERVICE_URL, { serviceUrl: data.get('serviceUrl') });
  return 'Service URL saved.';
});
formWork($('sign-in-form'), async (data) => {
  await request(MSG.SIGN_IN, { username: data.get('username'), password: data.get('password') });
  $('sign-in-password').value = '';
  return `Signed in as ${data.get('username')}.`;
});
formWork($('share-form'), async (data) => {
  const reply = await request(MSG.FOLLOW_SHARE_LINK, { link: data.get('link') });
  $('share-link').value = '';
  return `Following “${reply.follow.title}” (${reply.follow.role ?? ROLE.VIEWER}): ${describeStatus(reply.status)}.`;
});
formWork($('static-form'), async (data) => {
  const reply = await request(MSG.FOLLOW_STATIC, { url: data.get('url') });
  $('static-url').value = '';
  return `Following the set file “${reply.follow.title}”: ${describeStatus(reply.status)}.`;
});
$('hide-not-helpful').addEventListener('change', async (event) => {
  try {
    await request(MSG.SET_PREFERENCES, { hideNotHelpful: event.target.checked });
    say(
      event.target.checked
        ? 'Annotations rated not helpful are hidden.'
        : 'Annotations rated not helpful are shown.',
    );
  } catch (error) {
    say(error.message, true);
  }
});
$('sign-out').addEventListener('click', async () => {
  try {
    await request(MSG.SIGN_OUT);
    say('Signed out.');
  } catch (error) {
    say(error.message, true);
  }
  await refresh();
});
$('sync-now').addEventListener('click', async () => {
  say('Syncing…');
  try {
    await request(MSG.SYNC_NOW);
    say('Synced.');
  } catch (error) {
    say(error.message, true);
  }
  await refresh();
});
$('load-sets').addEventListener('click', async () => {
  try {
    const { sets } = await request(MSG.LIST_SERVICE_SETS);
    const { follows } = await request(MSG.GET_STATE);
    const followed = new Set(Object.values(follows).map((f) => f.setId));
    $('service-sets').replaceChildren(
      ...sets.map((set) => {
        const button = el('button', {
          type: 'button',
          text: followed.has(set.id) ? 'Following' : 'Follow',
        });
        button.disabled = followed.has(set.id);
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            const reply = await request(MSG.FOLLOW_SET, { setId: set.id, title: set.title });
            button.textContent = 'Following';
            say(`Following “${set.title}”: ${describeStatus(reply.status)}.`);
          } catch (error) {
            button.disabled = false;
            say(error.message, true);
          }
          await refresh();
        });
        const detail = `${set.visibility ?? ''}${set.role ? `, ${set.role}` : ''} · ${set.annotationCount ?? 0} annotations`;
        return el('li', { 'data-set-id': set.id }, [
          el('span', { class: 'title', text: set.title }),
          el('span', { class: 'hint', text: detail }),
          button,
        ]);
      }),
    );
    if (!sets.length) say('No sets found on the service.');
  } catch (error) {
    say(error.message, true);
  }
});
webext.storage.onChanged.addListener((changes, area) => {
  const local = changes['set:local'] || changes[LOCAL_ENABLED_KEY];
  if (area === 'local' && (changes.follows || changes.settings || local)) refresh();
});
refresh();
