/**
 * The local set: notes (and claim labels) a reader keeps in this browser only, signed out or by
 * choice. They live in chrome.storage.local under `set:local` in the shape the API returns, so the
 * page index draws them like any followed set; nothing about them is sent anywhere until the
 * reader presses Upload (options page), which imports them into a set on the service as one W3C
 * AnnotationCollection (`POST /api/sets/<id>/import`) and then removes what was uploaded.
 * Like a followed set it has a switch: off, it is not drawn, and its notes stay where they are.
 */
import { LOCAL_ENABLED_KEY } from '../shared/messages.js';
import { KIND, ROLE, SYNC } from '../shared/vocabulary.js';
import { webext } from '../shared/webext.js';
import { bumpRevision, getSetData, putSetData } from './store.js';
import { annotationKey, removeAnnotation, upsertAnnotation } from './sync-merge.js';

export const LOCAL_FOLLOW_ID = 'local';
/** The editor's set chooser names the local set by this id. */
export const LOCAL_SET_ID = 'local';
export const LOCAL_TITLE = 'Local notes';
const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const W3C_FIELDS = ['motivation', 'body', 'target', 'document', 'created', 'modified'];
const FOOTNOTE_FIELDS = ['kind', 'verdict', 'sources', 'tags'];
/** Fields the editor may change on an existing annotation (as the API's PATCH). */
const EDITABLE = ['body', 'sources', 'tags', 'verdict', 'target'];

/**
 * The local set as a follow: drawn like a set the reader owns, never synced. `enabled` is the
 * reader's switch (`localEnabled` in storage); off, the page index leaves it out, as any set.
 */
export function localFollow({ enabled = true } = {}) {
  return {
    id: LOCAL_FOLLOW_ID,
    kind: 'local',
    title: LOCAL_TITLE,
    role: ROLE.OWNER,
    enabled: enabled !== false,
    status: SYNC.OK,
  };
}

/** Whether the reader shows the local set on pages (on unless switched off). */
export async function isLocalEnabled() {
  return (await webext.storage.local.get(LOCAL_ENABLED_KEY))[LOCAL_ENABLED_KEY] !== false;
}

/**
 * Switches the local set on or off, remembered, and redraws open pages when it changed. Its notes
 * are kept either way. Returns the local follow as it now is.
 */
export async function setLocalEnabled(enabled) {
  const was = await isLocalEnabled();
  await webext.storage.local.set({ [LOCAL_ENABLED_KEY]: Boolean(enabled) });
  if (was !== Boolean(enabled)) await bumpRevision();
  return localFollow({ enabled });
}

/** The local follow with its switch and how many notes it keeps (popup and options lists). */
export async function localState() {
  const { annotations } = await getSetData(LOCAL_FOLLOW_ID);
  return {
    ...localFollow({ enabled: await isLocalEnabled() }),
    count: Object.keys(annotations).length,
  };
}

/** True for the local set's follow id (cards, edits and deletes). */
export const isLocalFollow = (followId) => followId === LOCAL_FOLLOW_ID;

/**
 * A new local annotation from what the editor built: a `urn:uuid:` id (a W3C id that names no
 * server) and its dates. `now` is an ISO date, `uuid` a random UUID.
 */
export function newLocalAnnotation(annotation, { now, uuid }) {
  const kind = annotation.kind === KIND.CLAIM ? KIND.CLAIM : KIND.NOTE;
  const out = {
    id: `urn:uuid:${uuid}`,
    type: 'Annotation',
    kind,
    motivation: annotation.motivation ?? (kind === KIND.CLAIM ? 'assessing' : 'commenting'),
    body: Array.isArray(annotation.body) ? annotation.body : [],
    target: annotation.target,
    verdict: kind === KIND.CLAIM ? (annotation.verdict ?? null) : null,
    sources: Array.isArray(annotation.sources) ? annotation.sources : [],
    tags: Array.isArray(annotation.tags) ? annotation.tags : [],
    created: now,
    modified: now,
  };
  if (annotation.document) out.document = annotation.document;
  if (!out.target || typeof out.target !== 'object') throw new Error('A note needs a target');
  return out;
}

/** An edit from a card (the fields the API's PATCH takes) applied to a local annotation. */
export function changeLocalAnnotation(annotation, change, now) {
  const out = { ...annotation, modified: now };
  for (const field of EDITABLE) {
    if (change[field] !== undefined) out[field] = change[field];
  }
  return out;
}

/** One local annotation as a W3C Web Annotation (Footnote's fields under its context). */
export function localToW3C(annotation) {
  const out = { id: annotation.id, type: 'Annotation' };
  for (const field of [...W3C_FIELDS, ...FOOTNOTE_FIELDS]) {
    const value = annotation[field];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && !value.length && field !== 'body') continue;
    out[field] = value;
  }
  if (!out.body?.length) delete out.body;
  return out;
}

/**
 * The local set as a W3C AnnotationCollection, the form `footnote export ID --format w3c` writes
 * (one embedded page) and `POST /api/sets/<id>/import` reads. `contextUrl` is Footnote's context
 * (`<service>/ns/footnote.jsonld`), `id` a `urn:uuid:` for the collection.
 */
export function localCollection(annotations, { contextUrl, id, now }) {
  const items = annotations.map(localToW3C);
  return {
    '@context': [ANNO_CONTEXT, contextUrl],
    id,
    type: 'AnnotationCollection',
    label: LOCAL_TITLE,
    description: 'Notes kept in one browser by the Footnote extension.',
    total: items.length,
    modified: now,
    first: {
      id: `${id}#page-0`,
      type: 'AnnotationPage',
      partOf: { id, total: items.length },
      startIndex: 0,
      items,
    },
    last: `${id}#page-0`,
  };
}

/**
 * Which record of an import the service refused: its 400 names it by index (`records[2].target`,
 * docs/interchange.md). Null when the error is not about one record.
 */
export function refusedRecord(field) {
  const match = /^records\[(\d+)\]/.exec(String(field ?? ''));
  return match ? Number(match[1]) : null;
}

/** Local annotations, oldest first. */
export async function listLocal() {
  const { annotations } = await getSetData(LOCAL_FOLLOW_ID);
  return Object.values(annotations).sort((a, b) =>
    String(a.created ?? '').localeCompare(String(b.created ?? '')),
  );
}

/** Keeps a new annotation in the local set and returns it. */
export async function saveLocal(annotation, { now, uuid } = {}) {
  const stored = newLocalAnnotation(annotation, {
    now: now ?? new Date().toISOString(),
    uuid: uuid ?? crypto.randomUUID(),
  });
  await putSetData(LOCAL_FOLLOW_ID, upsertAnnotation(await getSetData(LOCAL_FOLLOW_ID), stored));
  return stored;
}

/** Edits a local annotation and returns it. */
export async function updateLocal(id, change, now = new Date().toISOString()) {
  const data = await getSetData(LOCAL_FOLLOW_ID);
  const current = data.annotations[annotationKey(id)];
  if (!current) throw new Error('That local note is gone');
  const changed = changeLocalAnnotation(current, change, now);
  await putSetData(LOCAL_FOLLOW_ID, upsertAnnotation(data, changed));
  return changed;
}

/** Deletes local annotations by id. */
export async function deleteLocal(ids) {
  let data = await getSetData(LOCAL_FOLLOW_ID);
  for (const id of [].concat(ids)) data = removeAnnotation(data, id);
  await putSetData(LOCAL_FOLLOW_ID, data);
}

/**
 * Uploads the local set into a service set in one step. `importCollection(collection)` sends one
 * W3C collection to the service's import (all or nothing); when the service refuses one record
 * (a 400 naming `records[i]`), that record stays local and the rest are sent again.
 * Uploaded annotations leave the local set. Returns {uploaded, failed: [{id, message}]}.
 */
export async function uploadLocal(
  importCollection,
  { contextUrl, now = new Date().toISOString() },
) {
  let pending = await listLocal();
  const failed = [];
  while (pending.length) {
    const collection = localCollection(pending, {
      contextUrl,
      id: `urn:uuid:${crypto.randomUUID()}`,
      now,
    });
    try {
      await importCollection(collection);
      break;
    } catch (error) {
      const index = error.status === 400 ? refusedRecord(error.field) : null;
      if (index === null || !pending[index]) {
        // Not about one record (offline, no access…): everything stays local.
        failed.push(...pending.map((a) => ({ id: a.id, message: error.message })));
        pending = [];
        break;
      }
      failed.push({ id: pending[index].id, message: error.message });
      pending = pending.filter((_, i) => i !== index);
    }
  }
  if (pending.length) await deleteLocal(pending.map((a) => a.id));
  return { uploaded: pending.length, failed };
}
