/**
 * The document-identity URL normaliser, the JavaScript twin of `footnote.urls.normalize_url`.
 * Both run the cases in tests/vectors/urls.json, so a note saved in the browser finds its page again.
 */

const TRACKING_EXACT = new Set([
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'dclid',
  'fbclid',
  'gbraid',
  'gclid',
  'gclsrc',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  'msclkid',
  'oly_anon_id',
  'oly_enc_id',
  'ref_src',
  'ref_url',
  's_cid',
  'ttclid',
  'twclid',
  'vero_id',
  'wbraid',
  'yclid',
]);
const TRACKING_PREFIXES = ['utm_'];
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** True when a query parameter name only tracks the reader. */
export function isTrackingParam(name) {
  const lower = name.toLowerCase();
  return TRACKING_EXACT.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/** Upper-cases percent escapes and decodes the ones that stand for unreserved characters. */
export function normalizePercentEncoding(part) {
  return part.replace(/%([0-9a-fA-F]{2})/g, (_, hex) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function splitQuery(search) {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (!query) return [];
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? [pair, null] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}

function decodedName(raw) {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Normalises a page URL: lower-case scheme and host, IDNA host, no default port, no fragment,
 * no tracking parameters, query sorted, empty query dropped, percent escapes normalised.
 * Returns the input unchanged when it is not an absolute http(s) URL.
 */
export function normalizeUrl(input) {
  // WHATWG URL parsing forgives "https:///host"; the service refuses it, so leave it alone too.
  if (!/^https?:\/\/[^/?#\s]/i.test(String(input).trim())) return input;
  let url;
  try {
    url = new URL(String(input).trim());
  } catch {
    return input;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return input;
  url.hash = '';
  const pairs = splitQuery(url.search)
    .filter(([name]) => !isTrackingParam(decodedName(name)))
    .map(([name, value]) => [
      normalizePercentEncoding(name),
      value === null ? null : normalizePercentEncoding(value),
    ]);
  pairs.sort((a, b) => {
    if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
    const av = a[1] ?? '';
    const bv = b[1] ?? '';
    return av < bv ? -1 : av > bv ? 1 : 0;
  });
  const query = pairs.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join('&');
  const path = normalizePercentEncoding(url.pathname || '/');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}`;
}
