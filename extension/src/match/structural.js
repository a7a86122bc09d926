// The selector types that point into a page's structure (docs/matching.md §4a): what a second
// try with the DOM (selectors.js) can use that the quote alone cannot. A leaf module, so the
// content script can ask whether a target has one without loading the selector engine.

export const STRUCTURAL = ['RangeSelector', 'XPathSelector', 'CssSelector', 'FragmentSelector'];

/** True when a target (or its selector, or a list of them) holds a structural selector. */
export function hasStructuralSelector(target) {
  let value = target;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'selector' in value) {
    value = value.selector;
  }
  const list = Array.isArray(value) ? value : [value];
  return list.some((s) => s !== null && typeof s === 'object' && STRUCTURAL.includes(s.type));
}
