/**
 * Syncing followed sets: service sets with `changes?since=` + ETag, static set files with
 * conditional GETs, and published static sets (docs/static-sets.md) patch by patch. Every result
 * is written to storage at once; nothing is kept in globals.
 */
import { fetchChanges } from './service-api.js';
import { parseStaticDocument, setDataFromItems } from './static-sets.js';
import {
  MAX_PATCH_HOPS,
  afterMissingPatch,
  applyPatch,
  isStaticManifest,
  isStaticPatch,
  parseManifest,
  patchMayHaveExpired,
  readSnapshot,
} from './static-patches.js';
import { LOST_ACCESS, SYNC } from '../shared/vocabulary.js';
import {
  applyChanges,
  emptySetData,
  maxAgeSeconds,
  nextStaticFetch,
  oneAtATime,
  statusForHttp,
} from './sync-merge.js';
import {
  getFollow,
  getFollows,
  getSetData,
  getSettings,
  putSetData,
  updateFollow,
} from './store.js';

/** How often a static set file is checked unless its max-age says later (minutes). */
export const STATIC_INTERVAL_MINUTES = 60;
const MAX_STATIC_PAGES = 200;
/** A static follow that reads a published folder's patches (docs/static-sets.md). */
export const PATCH_MODE = 'patches';
/** What syncFollow answers when there is no such follow (not a status a follow ever has). */
export const NOT_FOLLOWED = 'missing';

/** The id of a followed service set. */
export function serviceFollowId(setId) {
  return `svc:${setId}`;
}

/** The id of a followed static set file. */
export function staticFollowId(url) {
  return `url:${url}`;
}

/** The token a follow reads with: its share token, else the reader's own on the same service. */
export function tokenFor(follow, settings) {
  if (follow.shareToken) return follow.shareToken;
  if (settings.token && sameService(follow.service, settings.serviceUrl)) return settings.token;
  return null;
}

function sameService(a, b) {
  return String(a ?? '').replace(/\/+$/, '') === String(b ?? '').replace(/\/+$/, '');
}

async function recordFailure(followId, status, detail) {
  const change = { status, statusDetail: detail, lastAttempt: Date.now() };
  if (LOST_ACCESS.has(status)) {
    // The reader may no longer read this set: stop drawing it, say why, keep the follow.
    change.version = 0;
    change.etag = null;
    await putSetData(followId, emptySetData());
  }
  await updateFollow(followId, change);
}

async function syncServiceFollow(follow, settings) {
  const token = tokenFor(follow, settings);
  let result;
  try {
    result = await fetchChanges(
      follow.service,
      follow.setId,
      follow.version ?? 0,
      follow.etag,
      token,
    );
  } catch (error) {
    await updateFollow(follow.id, {
      status: SYNC.OFFLINE,
      statusDetail: String(error),
      lastAttempt: Date.now(),
    });
    return SYNC.OFFLINE;
  }
  const status = statusForHttp(result.status, {
    viaShareLink: Boolean(follow.shareToken),
    hadToken: Boolean(token),
  });
  if (status !== SYNC.OK) {
    await recordFailure(follow.id, status, `HTTP ${result.status}`);
    return status;
  }
  const now = Date.now();
  if (result.status === 304) {
    await updateFollow(follow.id, {
      status: SYNC.OK,
      statusDetail: null,
      lastSync: now,
      lastAttempt: now,
    });
    return SYNC.OK;
  }
  const body = result.body;
  const fromScratch = (follow.version ?? 0) === 0 || body.since === 0;
  const current = fromScratch ? emptySetData() : await getSetData(follow.id);
  await putSetData(
    follow.id,
    applyChanges(current, { ...body, since: fromScratch ? 0 : body.since }),
  );
  await updateFollow(follow.id, {
    status: SYNC.OK,
    statusDetail: null,
    version: body.version,
    etag: result.etag,
    title: body.set?.title ?? follow.title,
    role: follow.shareToken ? follow.role : (body.set?.role ?? follow.role ?? null),
    // Who may reply on the set (page-index.js, replyAccess) follows its settings.
    visibility: body.set?.visibility ?? follow.visibility ?? null,
    openReplies: body.set?.openReplies ?? follow.openReplies ?? false,
    lastSync: now,
    lastAttempt: now,
  });
  return SYNC.OK;
}

async function fetchStaticPage(url, conditional) {
  const headers = { Accept: 'application/ld+json, application/json' };
  if (conditional?.etag) headers['If-None-Match'] = conditional.etag;
  if (conditional?.lastModified) headers['If-Modified-Since'] = conditional.lastModified;
  return fetch(url, { headers, credentials: 'omit', cache: 'no-store' });
}

async function fetchJson(url, conditional) {
  const response = await fetchStaticPage(url, conditional);
  if (response.status === 304 || !response.ok) return { response, doc: null };
  return { response, doc: await response.json() };
}

/** Replaces the set with the snapshot the manifest names (a 404 there: the manifest once more). */
async function takeSnapshot(follow, now, timing, manifestReply = null) {
  let { response, doc } = manifestReply ?? (await fetchJson(follow.url, null));
  for (let attempt = 0; ; attempt += 1) {
    if (response.status === 404) {
      await recordFailure(follow.id, SYNC.GONE, `HTTP ${response.status}`);
      // Start again from the URL: a 404 for a patch must not read as "current" for an empty set.
      await updateFollow(follow.id, { ...timing, mode: null, nextPatch: null });
      return SYNC.GONE;
    }
    if (!response.ok) throw new Error(`the manifest answered ${response.status}`);
    const manifest = parseManifest(doc, follow.url);
    const snapshot = await fetchJson(manifest.snapshotUrl, null);
    if (snapshot.response.status === 404 && attempt === 0) {
      ({ response, doc } = await fetchJson(follow.url, null)); // republished meanwhile
      continue;
    }
    if (!snapshot.response.ok) throw new Error(`the snapshot answered ${snapshot.response.status}`);
    const read = readSnapshot(snapshot.doc, follow.url);
    await putSetData(follow.id, read.setData);
    await updateFollow(follow.id, {
      ...timing,
      mode: PATCH_MODE,
      status: SYNC.OK,
      statusDetail: null,
      title: read.title ?? manifest.title ?? follow.title ?? follow.url,
      version: read.version,
      nextPatch: read.nextUrl,
      confirmedAt: read.publishedAt,
      patchRetentionMs: manifest.retentionMs,
      etag: response.headers.get('ETag'),
      lastModified: response.headers.get('Last-Modified'),
      lastSync: now,
    });
    return SYNC.OK;
  }
}

/**
 * Walks the patch chain from the version held: 200 applies a patch and goes on to the one it
 * names, 404 means "no update yet" (checked against the manifest once the patch may have
 * expired); a broken or too long chain, or a newer manifest behind a 404, takes the snapshot.
 */
async function syncPatchedFollow(follow, now, timing) {
  let held = {
    setData: null,
    version: follow.version,
    nextUrl: follow.nextPatch,
    confirmedAt: follow.confirmedAt,
    title: follow.title,
  };
  const save = async (change) => {
    if (held.setData) await putSetData(follow.id, held.setData);
    const { version, nextUrl, confirmedAt, title } = held;
    await updateFollow(follow.id, {
      ...timing,
      version,
      nextPatch: nextUrl,
      confirmedAt,
      title,
      ...change,
    });
  };
  let notAPatch = false;
  for (let hops = 0; ; hops += 1) {
    if (hops >= MAX_PATCH_HOPS) return takeSnapshot(follow, now, timing);
    const response = await fetchStaticPage(held.nextUrl, null);
    if (response.status === 404) break;
    if (!response.ok) {
      await save({ status: SYNC.ERROR, statusDetail: `patch answered HTTP ${response.status}` });
      return SYNC.ERROR;
    }
    const doc = await response.json().catch(() => null);
    if (!isStaticPatch(doc)) {
      // A host answering 200 with a page for a missing file: a 404 that must be checked.
      notAPatch = true;
      break;
    }
    held.setData ??= await getSetData(follow.id);
    const applied = applyPatch(held.setData, held.version, doc, follow.url);
    if (!applied) return takeSnapshot(follow, now, timing);
    held = {
      setData: applied.setData,
      version: applied.version,
      nextUrl: applied.nextUrl,
      confirmedAt: applied.publishedAt,
      title: applied.title ?? held.title,
    };
  }
  if (notAPatch || patchMayHaveExpired({ ...follow, confirmedAt: held.confirmedAt }, now)) {
    const manifestReply = await fetchJson(follow.url, follow);
    const { response, doc } = manifestReply;
    if (response.status === 304) held.confirmedAt = now;
    else if (response.ok) {
      if (afterMissingPatch(parseManifest(doc, follow.url), held.version) !== 'current')
        return takeSnapshot(follow, now, timing, manifestReply);
      held.confirmedAt = now;
      held.validators = {
        etag: response.headers.get('ETag'),
        lastModified: response.headers.get('Last-Modified'),
      };
    } else return takeSnapshot(follow, now, timing, manifestReply);
  }
  await save({ ...held.validators, status: SYNC.OK, statusDetail: null, lastSync: now });
  return SYNC.OK;
}

async function syncStaticFollow(follow, { force }) {
  const now = Date.now();
  if (!force && follow.nextFetch && now < follow.nextFetch && follow.status === SYNC.OK)
    return SYNC.OK;
  if (follow.mode === PATCH_MODE && follow.nextPatch) {
    const timing = {
      lastAttempt: now,
      nextFetch: nextStaticFetch(now, null, follow.intervalMinutes ?? STATIC_INTERVAL_MINUTES),
    };
    try {
      return await syncPatchedFollow(follow, now, timing);
    } catch (error) {
      const offline = error instanceof TypeError; // fetch's network failure
      await updateFollow(follow.id, {
        ...timing,
        status: offline ? SYNC.OFFLINE : SYNC.ERROR,
        statusDetail: String(error.message ?? error),
      });
      return offline ? SYNC.OFFLINE : SYNC.ERROR;
    }
  }
  let response;
  try {
    response = await fetchStaticPage(follow.url, follow);
  } catch (error) {
    await updateFollow(follow.id, {
      status: SYNC.OFFLINE,
      statusDetail: String(error),
      lastAttempt: now,
    });
    return SYNC.OFFLINE;
  }
  const maxAge = maxAgeSeconds(response.headers.get('Cache-Control'));
  const timing = {
    lastAttempt: now,
    maxAge,
    nextFetch: nextStaticFetch(now, maxAge, follow.intervalMinutes ?? STATIC_INTERVAL_MINUTES),
  };
  if (response.status === 304) {
    await updateFollow(follow.id, {
      ...timing,
      status: SYNC.OK,
      statusDetail: null,
      lastSync: now,
    });
    return SYNC.OK;
  }
  // A static file that is no longer there is "gone", whatever the server's status says.
  const status = response.status === 404 ? SYNC.GONE : statusForHttp(response.status);
  if (status !== SYNC.OK) {
    await recordFailure(follow.id, status, `HTTP ${response.status}`);
    await updateFollow(follow.id, timing);
    return status;
  }
  try {
    const doc = await response.json();
    if (isStaticManifest(doc)) return await takeSnapshot(follow, now, timing, { response, doc });
    let parsed = parseStaticDocument(doc);
    const items = [...parsed.items];
    const title = parsed.title;
    for (let pages = 0; parsed.next && pages < MAX_STATIC_PAGES; pages += 1) {
      const next = await fetchStaticPage(new URL(parsed.next, follow.url).href, null);
      if (!next.ok) throw new Error(`page ${parsed.next} answered ${next.status}`);
      parsed = parseStaticDocument(await next.json());
      items.push(...parsed.items);
    }
    await putSetData(follow.id, setDataFromItems(items, follow.id));
    await updateFollow(follow.id, {
      ...timing,
      status: SYNC.OK,
      statusDetail: null,
      title: title ?? follow.title ?? follow.url,
      etag: response.headers.get('ETag'),
      lastModified: response.headers.get('Last-Modified'),
      lastSync: now,
    });
    return SYNC.OK;
  } catch (error) {
    await updateFollow(follow.id, {
      ...timing,
      status: SYNC.ERROR,
      statusDetail: String(error.message ?? error),
    });
    return SYNC.ERROR;
  }
}

/**
 * Syncs one follow; `force` refetches static files before their next due time. Calls for the
 * same follow while one runs join it (`oneAtATime`): a follow made while the install sync runs
 * fetches its set once.
 */
export const syncFollow = oneAtATime(async (followId, { force = false } = {}) => {
  const follow = await getFollow(followId);
  if (!follow) return NOT_FOLLOWED;
  if (follow.kind === 'static') return syncStaticFollow(follow, { force });
  return syncServiceFollow(follow, await getSettings());
});

/** Syncs every follow, one after another (a handful of small requests). */
export async function syncAll({ force = false } = {}) {
  const results = {};
  for (const followId of Object.keys(await getFollows())) {
    results[followId] = await syncFollow(followId, { force });
  }
  return results;
}
