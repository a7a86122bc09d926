/**
 * One handler per message name. Each returns a promise of a JSON-able reply; an error it throws
 * becomes the dispatcher's failure reply (shared/messaging.js), which the sender's `request` rejects.
 */
import { webext } from '../shared/webext.js';
import { BUNDLES, MSG } from '../shared/messages.js';
import { ROLE, SYNC, canWriteAs } from '../shared/vocabulary.js';
import {
  buildPageIndex,
  canEdit,
  compileIndex,
  languageRuns,
  matchPage,
  toReply,
} from './page-index.js';
import * as api from './service-api.js';
import {
  bumpRevision,
  getFollow,
  getFollows,
  getRevision,
  getSetData,
  getSetDatas,
  getSettings,
  getRatings,
  putRating,
  putSetData,
  QUIET_REVISION,
  removeFollow,
  updateFollow,
  updateSettings,
} from './store.js';
import { annotationKey, removeAnnotation, upsertAnnotation } from './sync-merge.js';
import { serviceFollowId, staticFollowId, syncAll, syncFollow, tokenFor } from './sync.js';
import {
  LOCAL_FOLLOW_ID,
  LOCAL_SET_ID,
  LOCAL_TITLE,
  deleteLocal,
  isLocalEnabled,
  isLocalFollow,
  listLocal,
  localCollection,
  localFollow,
  localState,
  saveLocal,
  setLocalEnabled,
  updateLocal,
  uploadLocal,
} from './local-set.js';

// A cache, not state: the compiled automaton for the current storage revision. When the worker is
// stopped it is simply rebuilt from storage on the next page.
let compiledCache = { stamp: '', compiled: null };

async function compiledIndex() {
  const settings = await getSettings();
  const options = { hideNotHelpful: settings.hideNotHelpful === true, signedIn: !!settings.token };
  const stamp = JSON.stringify([await getRevision(), await getRevision(QUIET_REVISION), options]);
  if (compiledCache.stamp !== stamp) {
    // The local set is drawn like a followed set; it is not in `follows`, so sync never sees it.
    const local = localFollow({ enabled: await isLocalEnabled() });
    const follows = { ...(await getFollows()), [LOCAL_FOLLOW_ID]: local };
    const setDatas = await getSetDatas(Object.keys(follows));
    compiledCache = { stamp, compiled: compileIndex(buildPageIndex(follows, setDatas, options)) };
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

/**
 * Sets this reader may write to: followed editor/owner sets and, when signed in, their own, each
 * with the service it lives on; then the local set (this browser only), which is the only one
 * when signed out with no editor share link.
 */
async function writableSets({ serviceOnly = false } = {}) {
  const settings = await getSettings();
  const byId = new Map();
  for (const follow of Object.values(await getFollows())) {
    if (canEdit(follow) && follow.status !== SYNC.REVOKED && follow.status !== SYNC.NO_ACCESS) {
      byId.set(follow.setId, {
        setId: follow.setId,
        title: follow.title,
        followId: follow.id,
        service: follow.service ?? settings.serviceUrl,
      });
    }
  }
  if (settings.token) {
    try {
      for (const set of await api.listSets(settings.serviceUrl, settings.token)) {
        if (canWriteAs(set.role) && !byId.has(set.id)) {
          byId.set(set.id, {
            setId: set.id,
            title: set.title,
            followId: serviceFollowId(set.id),
            service: settings.serviceUrl,
          });
        }
      }
    } catch {
      // Offline: the followed sets above are still offered.
    }
  }
  const sets = [...byId.values()];
  if (serviceOnly) return sets;
  // The first set is the editor's default: a service set when there is one (signed in, or an
  // editor share link followed), else this browser.
  sets.push({
    setId: LOCAL_SET_ID,
    title: LOCAL_TITLE,
    followId: LOCAL_FOLLOW_ID,
    local: true,
    enabled: await isLocalEnabled(), // switched off, the editor says its note will not show
  });
  return sets;
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
  if (setId === LOCAL_SET_ID) return { annotation: await saveLocal(annotation) };
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
  if (isLocalFollow(followId)) return { annotation: await updateLocal(id, change) };
  const follow = await getFollow(followId);
  if (!follow || !canEdit(follow)) throw new Error('You may not edit this set');
  const settings = await getSettings();
  const key = annotationKey(id);
  const saved = await api.updateAnnotation(follow.service, key, change, tokenFor(follow, settings));
  await putSetData(followId, upsertAnnotation(await getSetData(followId), saved));
  return { annotation: saved };
}

async function deleteAnnotationHandler({ followId, id }) {
  if (isLocalFollow(followId)) {
    await deleteLocal(id);
    return { deleted: id };
  }
  const follow = await getFollow(followId);
  if (!follow || !canEdit(follow)) throw new Error('You may not edit this set');
  const settings = await getSettings();
  await api.deleteAnnotation(follow.service, annotationKey(id), tokenFor(follow, settings));
  await putSetData(followId, removeAnnotation(await getSetData(followId), id));
  return { deleted: id };
}

/** A followed service set and the token a reply to it may use (an editor link or the account). */
async function talkContext(followId, { account = false } = {}) {
  const follow = await getFollow(String(followId));
  if (!follow || follow.kind !== 'service') throw new Error('Not a followed set on a service');
  const settings = await getSettings();
  const sameService =
    String(follow.service ?? '').replace(/\/+$/, '') ===
    String(settings.serviceUrl ?? '').replace(/\/+$/, '');
  const token = account ? (sameService ? settings.token : null) : tokenFor(follow, settings);
  if (!token) throw new Error('Sign in on the Footnote options page first');
  return { follow, token };
}

async function replyHandler({ followId, id, text }) {
  const body = String(text ?? '').trim();
  if (!body) throw new Error('Write a reply first');
  const { follow, token } = await talkContext(followId);
  const reply = await api.createReply(follow.service, annotationKey(id), body, token);
  // The card shows the reply at once; other pages see it when they next draw.
  const data = upsertAnnotation(await getSetData(follow.id), reply);
  await putSetData(follow.id, data, { redraw: false });
  return { reply: toReply(reply) };
}

/** Remembers (or forgets) the reader's own rating, so a card shows it without a request. */
async function remember(id, rating) {
  await putRating(
    String(id),
    rating ? { helpful: rating.helpful, reason: rating.reason ?? null } : null,
  );
  return { rating: rating ? { helpful: rating.helpful, reason: rating.reason ?? null } : null };
}

async function rateHandler({ followId, id, helpful, reason }) {
  const { follow, token } = await talkContext(followId, { account: true });
  const rating = { helpful: helpful === true, reason: helpful === true ? null : (reason ?? null) };
  const saved = await api.putRating(follow.service, annotationKey(id), rating, token);
  return remember(id, saved ?? rating);
}

async function reportHandler({ followId, id, sentence, reason }, sender) {
  const { follow, token } = await talkContext(followId, { account: true });
  // The page is the one the card is on: the sender's own address, not one the message names.
  const url = String(sender.url ?? sender.tab?.url ?? '').split('#')[0];
  if (!/^https?:\/\//.test(url)) throw new Error('Only web pages can be reported');
  const report = await api.createReport(
    follow.service,
    annotationKey(id),
    { url, sentence: String(sentence ?? ''), reason: reason ?? null },
    token,
  );
  return { report };
}

/** Footnote's JSON-LD context on the configured service (named, never fetched by the extension). */
async function footnoteContext() {
  return `${(await getSettings()).serviceUrl.replace(/\/+$/, '')}/ns/footnote.jsonld`;
}

/**
 * Upload: the local set goes into one service set the reader can edit, through the service's
 * W3C import; the set is then followed (or synced) so its copy is drawn instead of the local one.
 */
async function uploadLocalSet({ setId }) {
  const target = (await writableSets({ serviceOnly: true })).find((s) => s.setId === setId);
  if (!target) throw new Error('Choose a set you can edit on the service');
  const { follow, service, token } = await writeContext(setId);
  const result = await uploadLocal(
    (collection) => api.importW3C(service, setId, collection, token),
    { contextUrl: await footnoteContext() },
  );
  if (result.uploaded) {
    if (follow) await syncFollow(follow.id, { force: true });
    else await followServiceSet({ setId, title: target.title, role: ROLE.EDITOR });
  }
  return { ...result, set: { setId, title: target.title } };
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
      langs: languageRuns(message.langs),
      text: String(message.text ?? ''),
      mode: message.mode === 'claims' ? 'claims' : 'full',
    });
    // The reader's own ratings, remembered locally, go onto copies of the records they rate
    // (late content too: its records replace the page's).
    const ratings = await getRatings();
    const records = Object.fromEntries(
      Object.entries(result.records).map(([key, record]) => [
        key,
        record && ratings[record.id] ? { ...record, myRating: ratings[record.id] } : record,
      ]),
    );
    if (message.mode === 'claims') return { ...result, records };
    const settings = await getSettings();
    const followedSetIds = Object.values(await getFollows())
      .filter((f) => f.kind === 'service')
      .map((f) => f.setId);
    return { ...result, records, serviceUrl: settings.serviceUrl, followedSetIds };
  },
  [MSG.PAGE_COUNT]: async (message, sender) => {
    await setBadge(sender.tab?.id, Number(message.count) || 0);
    return { ok: true };
  },
  [MSG.WRITABLE_SETS]: async () => ({ sets: await writableSets() }),
  // The content script's lazy bundles (shared/messages.js BUNDLES): injected on first need only.
  [MSG.LOAD_BUNDLE]: async (message, sender) => {
    if (sender.tab?.id === undefined) throw new Error('Only a page can load a bundle');
    if (!Object.hasOwn(BUNDLES, message.name)) throw new Error(`No bundle ${message.name}`);
    await webext.scripting.executeScript({
      target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
      files: [BUNDLES[message.name]],
    });
    return { loaded: true };
  },
  [MSG.SAVE_ANNOTATION]: (message) => saveAnnotation(message),
  [MSG.UPDATE_ANNOTATION]: (message) => updateAnnotationHandler(message),
  [MSG.DELETE_ANNOTATION]: (message) => deleteAnnotationHandler(message),
  [MSG.FOLLOW_FROM_PAGE]: (message, sender) => followFromPage(message, sender),
  [MSG.REPLY]: (message) => replyHandler(message),
  [MSG.RATE]: (message) => rateHandler(message),
  [MSG.UNRATE]: async ({ followId, id }) => {
    const { follow, token } = await talkContext(followId, { account: true });
    await api.deleteRating(follow.service, annotationKey(id), token);
    return remember(id, null);
  },
  [MSG.REPORT]: (message, sender) => reportHandler(message, sender),
  [MSG.OPEN_OPTIONS]: async () => {
    // A tab of its own (openOptionsPage does nothing visible in headless Chromium).
    await webext.tabs.create({ url: webext.runtime.getURL('options.html') });
    return { ok: true };
  },
  [MSG.SET_PREFERENCES]: async (message) => {
    const settings = await updateSettings({ hideNotHelpful: message.hideNotHelpful === true });
    await bumpRevision(); // what is drawn changes on every open page
    return { settings: redact(settings) };
  },
  [MSG.GET_STATE]: async () => ({
    settings: redact(await getSettings()),
    follows: await getFollows(),
    local: await localState(), // not a follow: listed with its own switch, never unfollowed
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
    await bumpRevision(); // cards now offer rating and replying
    return { settings: redact(await getSettings()) };
  },
  [MSG.SIGN_OUT]: async () => {
    const settings = await getSettings();
    if (settings.token) await api.signOut(settings.serviceUrl, settings.token).catch(() => null);
    const cleared = await updateSettings({ token: null, username: null });
    await putRating(null, null); // another account's ratings are not this reader's
    await bumpRevision();
    return { settings: redact(cleared) };
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
    if (isLocalFollow(followId)) return { follow: await setLocalEnabled(Boolean(message.enabled)) };
    if (!(await getFollow(followId))) throw new Error('Not following that set');
    return { follow: await updateFollow(followId, { enabled: Boolean(message.enabled) }) };
  },
  [MSG.SYNC_NOW]: async () => ({ results: await syncAll({ force: true }) }),
  [MSG.LOCAL_LIST]: async () => {
    const annotations = await listLocal();
    return {
      annotations,
      // Where Upload may go (signed in, or an editor share link); asking sends no note.
      uploadTargets: annotations.length ? await writableSets({ serviceOnly: true }) : [],
      signedIn: Boolean((await getSettings()).token),
      local: await localState(), // its switch
    };
  },
  [MSG.LOCAL_DELETE]: async (message) => {
    await deleteLocal(String(message.id));
    return { deleted: String(message.id) };
  },
  [MSG.LOCAL_EXPORT]: async () => ({
    collection: localCollection(await listLocal(), {
      contextUrl: await footnoteContext(),
      id: `urn:uuid:${crypto.randomUUID()}`,
      now: new Date().toISOString(),
    }),
  }),
  [MSG.LOCAL_UPLOAD]: (message) => uploadLocalSet({ setId: String(message.setId ?? '') }),
};

function redact(settings) {
  return {
    serviceUrl: settings.serviceUrl,
    username: settings.username,
    signedIn: Boolean(settings.token),
    hideNotHelpful: settings.hideNotHelpful === true,
  };
}
