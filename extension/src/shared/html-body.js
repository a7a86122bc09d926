/**
 * HTML bodies of imported annotations (W3C `TextualBody` with `format: text/html`), shown as DOM
 * nodes built one by one from an allowlist, never through innerHTML. Pure: it takes the parsed
 * document (from `new DOMParser().parseFromString(html, 'text/html')` or any DOM tree) and the
 * document the nodes are for, and returns a DocumentFragment. The same allowlist sanitises
 * these bodies on the service's web pages (server/footnote/web/html_body.py).
 */

export const ALLOWED_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'cite',
  'code',
  'del',
  'dd',
  'dl',
  'dt',
  'em',
  'i',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'u',
  'ul',
]);

/** Elements whose content is not text a reader should see: dropped with everything inside. */
export const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'title',
  'head',
  'textarea',
  'select',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const MAX_DEPTH = 32;

/** `href` if it is an absolute http(s) URL, else null (no javascript:, data:, relative). */
export function httpHref(href) {
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function copyChildren(from, to, doc, depth) {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === TEXT_NODE) {
      to.append(doc.createTextNode(child.nodeValue ?? ''));
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue; // comments, processing instructions
    const tag = String(child.localName ?? child.tagName ?? '').toLowerCase();
    if (DROPPED_WITH_CONTENT.has(tag)) continue;
    if (!ALLOWED_TAGS.has(tag) || depth >= MAX_DEPTH) {
      copyChildren(child, to, doc, depth + 1); // unwrap: keep the text, drop the element
      continue;
    }
    const copy = doc.createElement(tag);
    if (tag === 'a') {
      const href = httpHref(child.getAttribute('href'));
      if (href) {
        copy.setAttribute('href', href);
        copy.setAttribute('rel', 'nofollow noopener noreferrer');
        copy.setAttribute('target', '_blank');
      }
    }
    copyChildren(child, copy, doc, depth + 1);
    to.append(copy);
  }
}

/**
 * The allowlisted copy of a parsed HTML body, as nodes of `doc`.
 * @param {Document|Element} parsed a parsed document (its body is read) or an element
 * @param {Document} doc the document the returned nodes belong to
 * @returns {DocumentFragment}
 */
export function htmlBodyNodes(parsed, doc) {
  const fragment = doc.createDocumentFragment();
  const root = parsed?.body ?? parsed?.documentElement ?? parsed;
  if (root) copyChildren(root, fragment, doc, 0);
  return fragment;
}
