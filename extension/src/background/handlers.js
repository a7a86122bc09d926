/**
 * One handler per message name. Each returns a promise of a JSON-able reply; an error it throws
 * becomes the dispatcher's failure reply (shared/messaging.js), which the sender's `request` rejects.
 */
import { webext } from '../shared/webext.js';
import { MSG } from '../shared/messages.js';
import { ROLE, SYNC, canWriteAs } from '../shared/vocabulary.js';
import { buildPageIndex, canEdit, compileIndex, matchPage } from './page-index.js';
import * as api from './service-api.js';
import {
  getFollow,
  getFollows,
  getRevision,
  getSetData,
  getSetDatas,
  getSettings,
  putSetData,
  removeFollow,
  updateFollow,
  updateSettings,
} from './store.js';
import { annotationKey, removeAnnotation, upsertAnnotation } from './sync-merge.js';
import { serviceFollowId, staticFollowId, syncAll, syncFollow, tokenFor } from './sync.js';

// A cache, not state: the compiled automaton for the current storage revision. When the worker is
// stopped it is simply rebuilt from storage on the next page.
let compiledCache = { revision: -1, compiled: null };

async function compiledIndex() {
  const revision = await getRevision();
  if (compiledCache.revision !== revision) {
    const follows = await getFollows();
    const setDatas = await getSetDatas(Object.keys(follows));
    compiledCache = { revision, compiled: compileIndex(buildPageIndex(follows, setDatas)) };
  }
  return compiledCache.compiled;
}

function parseShareLink(text) {
  const trimmed = String(text ?? '').trim();
  const match = /^(https?:\/\/.+?)\/s\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/.exec(trimmed);
  if (match) return { service: match[1], shareToken: match[2] };
  if (/^fns_[A-Za-z0-9_-]+$/.test(trimmed)) return { service: null, shareToken: trimmed };
  throw new Error('Paste a share link such as http://127.0.0.1:5000/s/fns_…');
}

async function followServiceSet({ setId, title, shareToken = null, role = null, service = null }) {
  const settings = await getSettings();
  const followId = serviceFollowId(setId);
  const existing = await getFollow(followId);
  await updateFollow(followId, {
    kind: 'service',
    service: service ?? settings.serviceUrl,
    setId,
    title: title ?? existing?.title ?? setId,
    shareToken: shareToken ?? existing?.shareToken ?? null,
    role: role ?? existing?.role ?? null,
    enabled: existing?.enabled ?? true,
    version: 0,
    etag: null,
    status: SYNC.PENDING,
    followedAt: existing?.followedAt ?? Date.now(),
  });
  const status = await syncFollow(followId, { force: true });
  return { followId, status, follow: await getFollow(followId) };
}

async function followShareLink(link) {
  const settings = await getSettings();
  const parsed = parseShareLink(link);
  const service = parsed.service ?? settings.serviceUrl;
  const resolved = await api.resolveShare(service, parsed.shareToken);
  return followServiceSet({
    setId: resolved.set.id,
    title: resolved.set.title,
    shareToken: parsed.shareToken,
    role: resolved.role,
    service,
  });
}

async function followStatic(url) {
  const parsed = new URL(String(url ?? '').trim());
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error('A set file URL must be http(s)');
  const followId = staticFollowId(parsed.href);
  await updateFollow(followId, {
    kind: 'static',
    url: parsed.href,
    title: parsed.href,
    role: ROLE.VIEWER,
    enabled: true,
    status: SYNC.PENDING,
    followedAt: Date.now(),
  });
  const status = await syncFollow(followId, { force: true });
  return { followId, status, follow: await getFollow(followId) };
}

/** Sets this reader may write to: followed editor/owner sets and, when signed in, their own. */
async function writableSets() {
  const settings = await getSettings();
  const byId = new Map();
  for (const follow of Object.values(await getFollows())) {
    if (canEdit(follow) && follow.status !== SYNC.REVOKED && follow.status !== SYNC.NO_ACCESS) {
      byId.set(follow.setId, { setId: follow.setId, title: follow.title, followId: follow.id });
    }
  }
  if (settings.token) {
    try {
      for (const set of await api.listSets(settings.serviceUrl, settings.token)) {
        if (canWriteAs(set.role) && !byId.has(set.id)) {
          byId.set(set.id, { setId: set.id, title: set.title, followId: serviceFollowId(set.id) });
        }
      }
    } catch {
      // Offline: the followed sets above are still offered.
    }
  }
  return [...byId.values()];
}

async function writeContext(setId) {
  const settings = await getSettings();
  const follow = await getFollow(serviceFollowId(setId));
  const service = follow?.service ?? settings.serviceUrl;
  const token = follow ? tokenFor(follow, settings) : settings.token;
  if (!token) throw new Error('Sign in (or follow an editor share link) to write to this set');
  return { follow, service, token };
}

async function saveAnnotation({ setId, annotation }) {
  const { follow, service, token } = await writeContext(setId);
  const saved = await api.createAnnotation(service, setId, annotation, token);
  if (follow) {
    await putSetData(follow.id, upsertAnnotation(await getSetData(follow.id), saved));
  } else {
    await followServiceSet({ setId, title: null, role: ROLE.EDITOR });
  }
  return { annotation: saved };
}

async function updateAnnotationHandler({ followId, id, change }) {
  const follow = await getFollow(followId);
  if (!follow || !canEdit(follow)) throw new Error('You may not edit this set');
  const settings = await getSettings();
  const key = annotationKey(id);
  const saved = await api.updateAnnotation(follow.service, key, change, tokenFor(follow, settings));
  await putSetData(followId, upsertAnnotation(await getSetData(followId), saved));
  return { annotation: saved };
}

async function deleteAnnotationHandler({ followId, id }) {
  const follow = await getFollow(followId);
  if (!follow || !canEdit(follow)) throw new Error('You may not edit this set');
  const settings = await getSettings();
  await api.deleteAnnotation(follow.service, annotationKey(id), tokenFor(follow, settings));
  await putSetData(followId, removeAnnotation(await getSetData(followId), id));
  return { deleted: id };
}

async function setBadge(tabId, count) {
  if (tabId === undefined) return;
  await webext.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  await webext.action.setBadgeBackgroundColor({ tabId, color: '#8a4b00' });
}

async function followFromPage(message, sender) {
  const settings = await getSettings();
  const origin = new URL(settings.serviceUrl).origin;
  if (!sender.url || new URL(sender.url).origin !== origin)
    throw new Error('Not the configured service');
  if (message.shareToken) return followShareLink(`${origin}/s/${message.shareToken}`);
  return followServiceSet({
    setId: String(message.setId),
    title: String(message.title ?? '') || null,
  });
}

/** The handlers, by message name. `sender` is the runtime.onMessage sender. */
export const handlers = {
  [MSG.PAGE_DATA]: async (message) => {
    const result = matchPage(await compiledIndex(), {
      url: String(message.url),
      lang: message.lang ? String(message.lang) : '',
      text: String(message.text ?? ''),
      mode: message.mode === 'claims' ? 'claims' : 'full',
    });
    if (message.mode === 'claims') return result;
    const settings = await getSettings();
    const followedSetIds = Object.values(await getFollows())
      .filter((f) => f.kind === 'service')
      .map((f) => f.setId);
    return { ...result, serviceUrl: settings.serviceUrl, followedSetIds };
  },
  [MSG.PAGE_COUNT]: async (message, sender) => {
    await setBadge(sender.tab?.id, Number(message.count) || 0);
    return { ok: true };
  },
  [MSG.WRITABLE_SETS]: async () => ({ sets: await writableSets() }),
  // The panel's code is injected on first open only (pages that never open it do not parse it).
  [MSG.LOAD_PANEL]: async (message, sender) => {
    if (sender.tab?.id === undefined) throw new Error('Only a page can load the panel');
    await webext.scripting.executeScript({
      target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
      files: ['panel.js'],
    });
    return { loaded: true };
  },
  [MSG.SAVE_ANNOTATION]: (message) => saveAnnotation(message),
  [MSG.UPDATE_ANNOTATION]: (message) => updateAnnotationHandler(message),
  [MSG.DELETE_ANNOTATION]: (message) => deleteAnnotationHandler(message),
  [MSG.FOLLOW_FROM_PAGE]: (message, sender) => followFromPage(message, sender),
  [MSG.GET_STATE]: async () => ({
    settings: redact(await getSettings()),
    follows: await getFollows(),
  }),
  [MSG.SET_SERVICE_URL]: async (message) => {
    const url = new URL(String(message.serviceUrl));
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error('The service URL must be http(s)');
    const serviceUrl = url.href.replace(/\/+$/, '');
    return { settings: redact(await updateSettings({ serviceUrl })) };
  },
  [MSG.SIGN_IN]: async (message) => {
    const settings = await getSettings();
    const token = await api.signIn(
      settings.serviceUrl,
      String(message.username),
      String(message.password),
    );
    await updateSettings({ token, username: String(message.username) });
    await syncAll({ force: true });
    return { settings: redact(await getSettings()) };
  },
  [MSG.SIGN_OUT]: async () => {
    const settings = await getSettings();
    if (settings.token) await api.signOut(settings.serviceUrl, settings.token).catch(() => null);
    return { settings: redact(await updateSettings({ token: null, username: null })) };
  },
  [MSG.LIST_SERVICE_SETS]: async () => {
    const settings = await getSettings();
    return { sets: await api.listSets(settings.serviceUrl, settings.token) };
  },
  [MSG.FOLLOW_SET]: (message) =>
    followServiceSet({ setId: String(message.setId), title: message.title ?? null }),
  [MSG.FOLLOW_SHARE_LINK]: (message) => followShareLink(message.link),
  [MSG.FOLLOW_STATIC]: (message) => followStatic(message.url),
  [MSG.UNFOLLOW]: async (message) => {
    await removeFollow(String(message.followId));
    return { ok: true };
  },
  [MSG.SET_ENABLED]: async (message) => {
    const followId = String(message.followId);
    if (!(await getFollow(followId))) throw new Error('Not following that set');
    return { follow: await updateFollow(followId, { enabled: Boolean(message.enabled) }) };
  },
  [MSG.SYNC_NOW]: async () => ({ results: await syncAll({ force: true }) }),
};

function redact(settings) {
  return {
    serviceUrl: settings.serviceUrl,
    username: settings.username,
    signedIn: Boolean(settings.token),
  };
}
