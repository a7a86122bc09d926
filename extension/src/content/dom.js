/** DOM helpers for UI drawn inside web pages: closed shadow roots and unbeatable inline styles. */
import { el, safeLink } from '../shared/dom.js';

export { el, safeLink };

/** Creates a closed shadow root on a fresh host element and adds a stylesheet to it. */
export function shadowHost(tag, css) {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

/** A closed-shadow host for UI that floats over the page (card, adder): fixed, hidden at first. */
export function floatingHost(tag, css) {
  const made = shadowHost(tag, css);
  forceStyle(made.host, {
    all: 'initial',
    position: 'fixed',
    'z-index': '2147483647',
    display: 'none',
    top: '0',
    left: '0',
  });
  return made;
}

/** Sets inline `!important` declarations, which beat anything in the page's stylesheets. */
export function forceStyle(element, declarations) {
  for (const [property, value] of Object.entries(declarations)) {
    element.style.setProperty(property, value, 'important');
  }
}

/** A date as the reader's locale shows it. */
export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
