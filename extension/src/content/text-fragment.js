/**
 * Links to a passage that work without Footnote: a URL text fragment (`#:~:text=`), which
 * Chromium, Safari and Firefox scroll to and highlight on their own.
 */

/** Encodes one text-fragment term: percent-encoding plus the fragment's own syntax characters. */
export function encodeTerm(text) {
  return encodeURIComponent(text).replace(
    /[-,&]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Words of a passage, whitespace collapsed. */
const words = (text) => text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);

/**
 * The `text=` directive for a passage: the passage itself when short, else its first and last
 * few words (`text=start,end`), which the browser expands to the whole passage.
 */
export function textDirective(exact, { maxLength = 80, edgeWords = 4 } = {}) {
  const all = words(exact);
  const text = all.join(' ');
  if (text.length <= maxLength || all.length <= 2 * edgeWords) return `text=${encodeTerm(text)}`;
  const start = all.slice(0, edgeWords).join(' ');
  const end = all.slice(-edgeWords).join(' ');
  return `text=${encodeTerm(start)},${encodeTerm(end)}`;
}

/** The page's URL (its own fragment dropped) with a text fragment for `exact`. */
export function passageLink(pageUrl, exact) {
  const base = String(pageUrl).split('#')[0];
  return `${base}#:~:${textDirective(exact)}`;
}
