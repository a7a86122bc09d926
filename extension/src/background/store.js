/**
 * The extension's storage, all in chrome.storage.local (the worker keeps nothing in globals):
 *   settings          {serviceUrl, token, username, hideNotHelpful}
 *   ratings           {[annotation id]: {helpful, reason}}   this reader's own ratings, remembered
 *                     so a card can show them without asking the service
 *   follows           {[followId]: follow}       one entry per followed set (service or static file)
 *   set:<followId>    {annotations: {[key]: annotation as the API returns it}}
 *   revision          a counter bumped on every change that can alter what pages show
 */
import { webext } from '../shared/webext.js';
import { DEFAULT_SERVICE_URL, KEYS } from '../shared/messages.js';

const REVISION = 'revision';
const QUIET_REVISION = 'quietRevision';

/** The reader's settings, with defaults filled in. */
export async function getSettings() {
  const stored = (await webext.storage.local.get(KEYS.SETTINGS))[KEYS.SETTINGS] ?? {};
  return { serviceUrl: DEFAULT_SERVICE_URL, token: null, username: null, ...stored };
}

/** Merges a change into the settings. */
export async function updateSettings(change) {
  const settings = { ...(await getSettings()), ...change };
  await webext.storage.local.set({ [KEYS.SETTINGS]: settings });
  return settings;
}

/** Every follow, keyed by follow id. */
export async function getFollows() {
  return (await webext.storage.local.get(KEYS.FOLLOWS))[KEYS.FOLLOWS] ?? {};
}

/** One follow or null. */
export async function getFollow(followId) {
  return (await getFollows())[followId] ?? null;
}

/** Follow fields that change what pages show; other fields (sync times, ETags) do not redraw. */
const DRAWN_FIELDS = ['enabled', 'status', 'title', 'role', 'kind', 'openReplies', 'visibility'];

/** Merges a change into one follow (creating it); bumps the revision when pages must redraw. */
export async function updateFollow(followId, change) {
  const follows = await getFollows();
  const before = follows[followId];
  follows[followId] = { ...(before ?? {}), ...change, id: followId };
  await webext.storage.local.set({ [KEYS.FOLLOWS]: follows });
  if (!before || DRAWN_FIELDS.some((field) => before[field] !== follows[followId][field])) {
    await bumpRevision();
  }
  return follows[followId];
}

/** Removes a follow and its stored annotations. */
export async function removeFollow(followId) {
  const follows = await getFollows();
  delete follows[followId];
  await webext.storage.local.set({ [KEYS.FOLLOWS]: follows });
  await webext.storage.local.remove(KEYS.setData(followId));
  await bumpRevision();
}

/** The stored annotations of one follow. */
export async function getSetData(followId) {
  const key = KEYS.setData(followId);
  return (await webext.storage.local.get(key))[key] ?? { annotations: {} };
}

/**
 * Stores the annotations of one follow and bumps the revision. With `redraw: false` (a reply the
 * card already shows) open pages are left as they are: only the quiet revision, which the
 * background's compiled index also watches, goes up, so the next page sees the change.
 */
export async function putSetData(followId, data, { redraw = true } = {}) {
  await webext.storage.local.set({ [KEYS.setData(followId)]: data });
  if (redraw) await bumpRevision();
  else
    await webext.storage.local.set({ [QUIET_REVISION]: (await getRevision(QUIET_REVISION)) + 1 });
}

/** Stored annotations of several follows at once. */
export async function getSetDatas(followIds) {
  const keys = followIds.map(KEYS.setData);
  const stored = keys.length ? await webext.storage.local.get(keys) : {};
  return Object.fromEntries(
    followIds.map((id) => [id, stored[KEYS.setData(id)] ?? { annotations: {} }]),
  );
}

/** The reader's own ratings, remembered locally: {[annotation id]: {helpful, reason}}. */
export async function getRatings() {
  return (await webext.storage.local.get(KEYS.RATINGS))[KEYS.RATINGS] ?? {};
}

/**
 * Remembers one rating (`null` forgets it); `putRating(null, null)` forgets them all. Not a
 * redraw: the card that rated updates itself, and the next page reads the new value.
 */
export async function putRating(id, rating) {
  if (id === null) {
    await webext.storage.local.remove(KEYS.RATINGS);
    return;
  }
  const ratings = await getRatings();
  if (rating) ratings[id] = rating;
  else delete ratings[id];
  await webext.storage.local.set({ [KEYS.RATINGS]: ratings });
}

/** The change counter content scripts watch (or, given its key, the quiet one). */
export async function getRevision(key = REVISION) {
  return (await webext.storage.local.get(key))[key] ?? 0;
}

/** Tells every page to redraw (a setting that changes what is drawn). */
export async function bumpRevision() {
  await webext.storage.local.set({ [REVISION]: (await getRevision()) + 1 });
}

export { QUIET_REVISION, REVISION };
