// The selector types that point into a page's structure (docs/matching.md §4a): what a second
// try with the DOM (selectors.js) can use that the quote alone cannot. A leaf module, so the
// content script can ask whether a target has one without loading the selector engine.

export const STRUCTURAL = ['RangeSelector', 'XPathSelector', 'CssSelector', 'FragmentSelector'];

/** A target's selectors (a target object, one selector, or a list of them). */
export function selectorList(target) {
  let value = target;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'selector' in value) {
    value = value.selector;
  }
  if (Array.isArray(value)) return value.filter((s) => s && typeof s === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

/** True when a target (or its selector, or a list of them) holds a structural selector. */
export function hasStructuralSelector(target) {
  return selectorList(target).some((s) => STRUCTURAL.includes(s.type));
}
