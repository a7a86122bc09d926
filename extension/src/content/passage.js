/**
 * Keeps the passage being annotated highlighted while the editor is open, even though focus has
 * left it (a textarea takes the selection) and marks are redrawn around it. It uses the CSS
 * Custom Highlight API: nothing is added to the page's DOM, so the page text and its offsets do
 * not change. The range is rebuilt from document text offsets whenever the body's nodes change.
 */
import { rangeAt } from './selection.js';

const NAME = 'footnote-passage';
const STYLE = `::highlight(${NAME}) { background-color: rgba(26, 86, 181, 0.28); color: inherit; }`;

let styled = false;

/** Adds the ::highlight rule to the document once (a constructed sheet: no page CSP applies). */
function addStyle(document) {
  if (styled) return;
  styled = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = STYLE;
    document.documentElement.append(style);
  }
}

/**
 * Creates the highlighter for one document. `onChange()` is told after the page's nodes changed
 * (marks redrawn, late content), when the passage may have moved.
 */
export function createPassageHighlight(document, { onChange = () => {} } = {}) {
  let captured = null;
  let observer = null;
  let frame = 0;
  const supported = typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';

  function range() {
    return captured ? rangeAt(document.body, captured) : null;
  }

  function refresh() {
    if (!captured) return;
    const current = range();
    if (supported && current) CSS.highlights.set(NAME, new Highlight(current));
    onChange();
  }

  return {
    /** Highlights the passage at these text offsets until clear(); returns its box, if any. */
    show(offsets) {
      captured = offsets;
      const current = range();
      if (supported) {
        addStyle(document);
        CSS.highlights.set(NAME, new Highlight(current ?? document.createRange()));
      }
      observer ??= new MutationObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(refresh);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      return current ? current.getBoundingClientRect() : null;
    },
    /** The passage's box in the viewport now (it moves when the page scrolls). */
    rect() {
      return range()?.getBoundingClientRect() ?? null;
    },
    clear() {
      captured = null;
      observer?.disconnect();
      cancelAnimationFrame(frame);
      if (supported) CSS.highlights.delete(NAME);
    },
  };
}
