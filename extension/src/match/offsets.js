// Conversions between UTF-16 code units (JavaScript strings) and Unicode code points (W3C
// TextPositionSelector, Python).

/** Number of code points in text.slice(0, unitOffset). */
export function unitsToCodePoints(text, unitOffset) {
  let count = 0;
  for (let i = 0; i < unitOffset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    count++;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < unitOffset) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return count;
}

/** UTF-16 offset of the code point offset `cpOffset` (clamped to the text length). */
export function codePointsToUnits(text, cpOffset) {
  let i = 0;
  for (let count = 0; count < cpOffset && i < text.length; count++) {
    i += text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  return i;
}

/** UTF-16 offset `count` code points before `offset`. */
export function backCodePoints(text, offset, count) {
  let i = offset;
  for (let k = 0; k < count && i > 0; k++) {
    i -= 1;
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = text.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) i -= 1;
    }
  }
  return i;
}

/** UTF-16 offset `count` code points after `offset`. */
export function forwardCodePoints(text, offset, count) {
  let i = offset;
  for (let k = 0; k < count && i < text.length; k++) {
    i += text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  return i;
}

/** Whether a string holds any surrogate (a code point above U+FFFF). */
export function hasSurrogates(text) {
  return /[\ud800-\udfff]/.test(text);
}
