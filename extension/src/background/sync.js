/**
 * Syncing followed sets: service sets with `changes?since=` + ETag, static set files with
 * conditional GETs. Every result is written to storage at once; nothing is kept in globals.
 */
import { fetchChanges } from './service-api.js';
import { parseStaticDocument, setDataFromItems } from './static-sets.js';
import { LOST_ACCESS, SYNC } from '../shared/vocabulary.js';
import {
  applyChanges,
  emptySetData,
  maxAgeSeconds,
  nextStaticFetch,
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

async function syncStaticFollow(follow, { force }) {
  const now = Date.now();
  if (!force && follow.nextFetch && now < follow.nextFetch && follow.status === SYNC.OK)
    return SYNC.OK;
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
    let parsed = parseStaticDocument(await response.json());
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

/** Syncs one follow; `force` refetches static files before their next due time. */
export async function syncFollow(followId, { force = false } = {}) {
  const follow = await getFollow(followId);
  if (!follow) return NOT_FOLLOWED;
  if (follow.kind === 'static') return syncStaticFollow(follow, { force });
  return syncServiceFollow(follow, await getSettings());
}

/** Syncs every follow, one after another (a handful of small requests). */
export async function syncAll({ force = false } = {}) {
  const results = {};
  for (const followId of Object.keys(await getFollows())) {
    results[followId] = await syncFollow(followId, { force });
  }
  return results;
}
