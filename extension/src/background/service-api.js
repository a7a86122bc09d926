/**
 * Calls to the Footnote service. Only the background worker calls these, and only to sign in, sync
 * followed sets, save what the reader chose to save, and talk back (reply, rate, report) on an
 * explicit action. A page's URL and a matched sentence leave only in a report the reader sent.
 */

/** An HTTP failure with the service's error message. */
export class ServiceError extends Error {
  constructor(status, message, code = null, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

function base(serviceUrl) {
  return String(serviceUrl).replace(/\/+$/, '');
}

async function call(serviceUrl, path, { method = 'GET', token = null, body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'omit' };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${base(serviceUrl)}${path}`, init);
  if (response.status === 204 || response.status === 304) return { response, data: null };
  let data;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = data?.error?.message ?? `The service answered ${response.status}`;
    throw new ServiceError(
      response.status,
      message,
      data?.error?.code ?? null,
      data?.error?.field ?? null,
    );
  }
  return { response, data };
}

/** Exchanges a username and password for an API token. */
export async function signIn(serviceUrl, username, password) {
  const { data } = await call(serviceUrl, '/api/tokens', {
    method: 'POST',
    body: { username, password, name: 'Footnote extension' },
  });
  const token = data?.token ?? data?.value;
  if (typeof token !== 'string') throw new ServiceError(500, 'The service sent no token');
  return token;
}

/** Revokes the token in use (best effort). */
export async function signOut(serviceUrl, token) {
  await call(serviceUrl, '/api/tokens/current', { method: 'DELETE', token });
}

function setsFrom(data) {
  if (Array.isArray(data)) return data;
  return data?.sets ?? data?.items ?? [];
}

/** Sets the signed-in reader belongs to, and public sets. */
export async function listSets(serviceUrl, token) {
  const seen = new Map();
  if (token) {
    for (const set of setsFrom((await call(serviceUrl, '/api/sets', { token })).data))
      seen.set(set.id, set);
  }
  for (const set of setsFrom((await call(serviceUrl, '/api/sets?public=1')).data)) {
    if (!seen.has(set.id)) seen.set(set.id, set);
  }
  return [...seen.values()];
}

/** Resolves a share token to its set and role. */
export async function resolveShare(serviceUrl, shareToken) {
  const { data } = await call(serviceUrl, `/api/share/${encodeURIComponent(shareToken)}`);
  return data;
}

/** One set's metadata. */
export async function getSet(serviceUrl, setId, token) {
  return (await call(serviceUrl, `/api/sets/${encodeURIComponent(setId)}`, { token })).data;
}

/**
 * A conditional changes request. Returns {status, etag, body}; never throws for HTTP statuses, since
 * 304, 401 and 404 are answers the sync has to record. Network failures do throw.
 */
export async function fetchChanges(serviceUrl, setId, since, etag, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (etag && since > 0) headers['If-None-Match'] = etag;
  const url = `${base(serviceUrl)}/api/sets/${encodeURIComponent(setId)}/changes?since=${since}`;
  const response = await fetch(url, { headers, credentials: 'omit', cache: 'no-store' });
  const body = response.status === 200 ? await response.json() : null;
  return { status: response.status, etag: response.headers.get('ETag'), body };
}

/** Creates an annotation in a set and returns it as stored. */
export async function createAnnotation(serviceUrl, setId, annotation, token) {
  const path = `/api/sets/${encodeURIComponent(setId)}/annotations`;
  return (await call(serviceUrl, path, { method: 'POST', token, body: annotation })).data;
}

/** Changes an annotation (partial update) and returns it as stored. */
export async function updateAnnotation(serviceUrl, key, change, token) {
  const path = `/api/annotations/${encodeURIComponent(key)}`;
  return (await call(serviceUrl, path, { method: 'PATCH', token, body: change })).data;
}

/** Deletes an annotation. */
export async function deleteAnnotation(serviceUrl, key, token) {
  await call(serviceUrl, `/api/annotations/${encodeURIComponent(key)}`, {
    method: 'DELETE',
    token,
  });
}

const annotationPath = (key) => `/api/annotations/${encodeURIComponent(key)}`;

/** Replies to an annotation with a plain-text body; returns the reply as stored. */
export async function createReply(serviceUrl, key, text, token) {
  const body = { body: { type: 'TextualBody', value: text, format: 'text/plain' } };
  return (await call(serviceUrl, `${annotationPath(key)}/replies`, { method: 'POST', token, body }))
    .data;
}

/** Rates an annotation helpful or not (with an optional reason, only with not helpful). */
export async function putRating(serviceUrl, key, { helpful, reason = null }, token) {
  const body = { helpful: Boolean(helpful) };
  if (!helpful && reason) body.reason = reason;
  return (await call(serviceUrl, `${annotationPath(key)}/rating`, { method: 'PUT', token, body }))
    .data;
}

/** Withdraws the reader's rating (none to withdraw is fine). */
export async function deleteRating(serviceUrl, key, token) {
  try {
    await call(serviceUrl, `${annotationPath(key)}/rating`, { method: 'DELETE', token });
  } catch (error) {
    if (!(error instanceof ServiceError && error.status === 404)) throw error;
  }
}

/** Reports a claim label as wrong on one page: the page's URL and the matched sentence. */
export async function createReport(serviceUrl, key, { url, sentence, reason = null }, token) {
  const body = { url, sentence };
  if (reason) body.reason = reason;
  return (await call(serviceUrl, `${annotationPath(key)}/reports`, { method: 'POST', token, body }))
    .data;
}

/**
 * Imports a W3C AnnotationCollection into a set (`POST /api/sets/<id>/import?format=w3c`, one
 * transaction) and returns the service's summary. Only the local set's Upload calls this.
 */
export async function importW3C(serviceUrl, setId, collection, token) {
  const path = `/api/sets/${encodeURIComponent(setId)}/import?format=w3c`;
  return (await call(serviceUrl, path, { method: 'POST', token, body: collection })).data;
}
