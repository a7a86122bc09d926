/**
 * Static sets with differential updates (docs/static-sets.md): the manifest, snapshot and patch
 * files `footnote publish` writes. Pure (no browser API): reading the files, deciding what to
 * fetch next and merging with the sync merge. Fetching lives in sync.js.
 */
import { applyChanges, emptySetData } from './sync-merge.js';

export const MANIFEST_TYPE = 'FootnoteStaticSet';
export const SNAPSHOT_TYPE = 'FootnoteStaticSnapshot';
export const PATCH_TYPE = 'FootnoteStaticPatch';
export const FORMAT_VERSION = 1;
/** A reader this many publishes behind takes the snapshot instead of walking on. */
export const MAX_PATCH_HOPS = 100;
/** Allowance for the publisher's clock running ahead of the reader's (ms). */
export const CLOCK_SKEW_MS = 60 * 60 * 1000;
const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;

/** Whether a parsed JSON document is a static set manifest (and not a single W3C file). */
export function isStaticManifest(doc) {
  return Boolean(doc && typeof doc === 'object' && doc.type === MANIFEST_TYPE);
}

function version(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} has no valid version`);
  return value;
}

function relative(value, baseUrl, what) {
  if (typeof value !== 'string' || !value) throw new Error(`${what} names no file`);
  let url;
  try {
    url = new URL(value, baseUrl);
  } catch {
    throw new Error(`${what} names no valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${what} names a non-http(s) file`);
  return url.href;
}

function publishedMs(doc) {
  const ms = Date.parse(doc?.published ?? '');
  return Number.isNaN(ms) ? 0 : ms;
}

/** Whether a parsed JSON document is a patch (a host may answer 200 with a page instead of 404). */
export function isStaticPatch(doc) {
  return Boolean(doc && typeof doc === 'object' && doc.type === PATCH_TYPE);
}

/** Reads a manifest fetched from `manifestUrl`; paths in it are relative to that URL. */
export function parseManifest(doc, manifestUrl) {
  if (!isStaticManifest(doc)) throw new Error('Not a Footnote static set manifest');
  if (doc.formatVersion !== FORMAT_VERSION)
    throw new Error(`Unsupported static set format ${doc.formatVersion}`);
  const retention = Number.isFinite(doc.patchRetentionSeconds)
    ? doc.patchRetentionSeconds
    : DEFAULT_RETENTION_SECONDS;
  return {
    version: version(doc.version, 'The manifest'),
    title: typeof doc.set?.title === 'string' ? doc.set.title : null,
    snapshotUrl: relative(doc.snapshot, manifestUrl, 'The manifest'),
    nextUrl: relative(doc.next, manifestUrl, 'The manifest'),
    retentionMs: retention * 1000,
  };
}

/**
 * Reads a snapshot: the whole set at one version. Returns the stored set data and what the
 * follow keeps (version, next patch URL, when that version was published).
 */
export function readSnapshot(doc, manifestUrl) {
  if (doc?.type !== SNAPSHOT_TYPE || doc.since !== 0)
    throw new Error('Not a Footnote static set snapshot');
  return {
    setData: applyChanges(emptySetData(), { since: 0, annotations: doc.annotations ?? [] }),
    version: version(doc.version, 'The snapshot'),
    nextUrl: relative(doc.next, manifestUrl, 'The snapshot'),
    publishedAt: publishedMs(doc),
    title: typeof doc.set?.title === 'string' ? doc.set.title : null,
  };
}

/**
 * Applies one patch to the set data held at `heldVersion`. Returns null when the patch does not
 * continue from that version (a broken chain: the reader takes the snapshot).
 */
export function applyPatch(setData, heldVersion, doc, manifestUrl) {
  if (doc?.type !== PATCH_TYPE || doc.since !== heldVersion) return null;
  if (!Number.isSafeInteger(doc.version) || doc.version <= heldVersion) return null;
  return {
    setData: applyChanges(setData, {
      since: doc.since,
      annotations: doc.annotations ?? [],
      deleted: doc.deleted ?? [],
    }),
    version: doc.version,
    nextUrl: relative(doc.next, manifestUrl, 'The patch'),
    publishedAt: publishedMs(doc),
    title: typeof doc.set?.title === 'string' ? doc.set.title : null,
  };
}

/**
 * Whether a 404 for the next patch may mean the patch expired rather than "no update yet".
 * A patch is kept `retention` after it is written, and it is written after the held version was
 * published; so until `confirmedAt + retention` (less the clock allowance) a 404 is certain.
 */
export function patchMayHaveExpired(follow, nowMs) {
  const retention = follow.patchRetentionMs ?? DEFAULT_RETENTION_SECONDS * 1000;
  const allowance = Math.min(CLOCK_SKEW_MS, retention / 2);
  return nowMs >= (follow.confirmedAt ?? 0) + retention - allowance;
}

/**
 * What a fresh manifest says to a reader whose next patch answered 404: `current` (nothing was
 * published since; a 404 is trusted again from now) or `snapshot` (its patch is gone, or the
 * folder was started again).
 */
export function afterMissingPatch(manifest, heldVersion) {
  return manifest.version === heldVersion ? 'current' : 'snapshot';
}
