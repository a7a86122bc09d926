/**
 * Pure sync logic (no browser API): merging a `changes?since=` response into the stored set,
 * and turning HTTP outcomes into a follow's status. node:test covers all of it.
 */
import { SYNC } from '../shared/vocabulary.js';

/** The stable key of an annotation: its last path segment, whether the id is a URL or bare. */
export function annotationKey(id) {
  const text = String(id ?? '');
  const trimmed = text.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash === -1 ? trimmed : trimmed.slice(slash + 1);
}

/** An empty stored set. */
export function emptySetData() {
  return { annotations: {} };
}

/**
 * Applies a changes response to stored set data and returns the new data (the input is not changed).
 * Upserts every annotation by key and removes every tombstone; `since === 0` replaces the set.
 * Tombstone ids are URL ids like live annotations' or, from an older service, bare ids: both
 * reduce to the same key.
 */
export function applyChanges(setData, changes) {
  const base = changes.since === 0 || !setData ? {} : { ...setData.annotations };
  for (const annotation of changes.annotations ?? []) {
    base[annotationKey(annotation.id)] = annotation;
  }
  for (const tombstone of changes.deleted ?? []) {
    delete base[annotationKey(tombstone.id)];
  }
  return { annotations: base };
}

/** Puts one annotation (just saved or edited by this reader) into stored set data. */
export function upsertAnnotation(setData, annotation) {
  const annotations = { ...(setData?.annotations ?? {}) };
  annotations[annotationKey(annotation.id)] = annotation;
  return { annotations };
}

/** Removes one annotation from stored set data. */
export function removeAnnotation(setData, id) {
  const annotations = { ...(setData?.annotations ?? {}) };
  delete annotations[annotationKey(id)];
  return { annotations };
}

/**
 * What a sync's HTTP status means for the follow. `ok` keeps syncing; `revoked`, `no-access`,
 * `signed-out` and `gone` are shown to the reader and stop the set from drawing; `offline` and
 * `error` keep the last synced copy in use (shared/vocabulary.js lists them all).
 */
export function statusForHttp(httpStatus, { viaShareLink = false, hadToken = false } = {}) {
  if (httpStatus === 200 || httpStatus === 304) return SYNC.OK;
  if (httpStatus === 401) {
    if (viaShareLink) return SYNC.REVOKED;
    return hadToken ? SYNC.SIGNED_OUT : SYNC.NO_ACCESS;
  }
  if (httpStatus === 403 || httpStatus === 404) return SYNC.NO_ACCESS;
  if (httpStatus === 410) return SYNC.GONE;
  return SYNC.ERROR;
}

/** Parses `Cache-Control` and returns max-age in seconds, or null. */
export function maxAgeSeconds(cacheControl) {
  if (!cacheControl) return null;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) : null;
}

/**
 * When a static set file may be fetched again: after the reader's update interval, or later when
 * the server's `max-age` says the copy stays fresh longer.
 */
export function nextStaticFetch(fetchedAtMs, maxAge, intervalMinutes) {
  const intervalMs = intervalMinutes * 60_000;
  const freshMs = maxAge === null || maxAge === undefined ? 0 : maxAge * 1000;
  return fetchedAtMs + Math.max(intervalMs, freshMs);
}

/**
 * Wraps `run(key, options)` so that one call at a time runs per key: a call made while another
 * runs for the same key joins it, so the install sync, the alarm, "Sync now" and a new follow
 * never fetch the same set twice at once. A forced call that finds an unforced one running waits
 * for it and then runs, since the unforced one may have skipped a set that was not yet due.
 */
export function oneAtATime(run) {
  const running = new Map();
  return function call(key, options = {}) {
    const current = running.get(key);
    const force = Boolean(options.force);
    if (current && (current.force || !force)) return current.promise;
    const after = current ? current.promise.catch(() => undefined) : Promise.resolve();
    const promise = after
      .then(() => run(key, options))
      .finally(() => {
        if (running.get(key)?.promise === promise) running.delete(key);
      });
    running.set(key, { promise, force });
    return promise;
  };
}
