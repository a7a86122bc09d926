/**
 * Small DOM helpers for the extension's own UI. Text only ever goes in through textContent; there is
 * no way to pass markup.
 */

/** Creates an element with attributes, properties-free text and children. */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A link to an http(s) URL only; anything else becomes plain text. */
export function safeLink(href, label) {
  let url;
  try {
    url = new URL(href);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return el('span', { text: label || String(href) });
  }
  return el('a', {
    href: url.href,
    target: '_blank',
    rel: 'noopener noreferrer',
    text: label || url.href,
  });
}
