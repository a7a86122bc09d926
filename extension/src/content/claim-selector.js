/**
 * The ClaimPatternSelector the editor saves. The editor shows two alias groups; editing an
 * existing label keeps everything else it has (exceptions, languages, URL limits, the window,
 * the highlighted group, groups past the second), so a quick edit never loses part of a pattern.
 */
export function claimSelector(groups, stored = null) {
  const all = [...groups, ...(stored?.all?.slice(2) ?? [])];
  const selector = {
    highlight: 0,
    window: 'sentence',
    ...stored,
    type: 'ClaimPatternSelector',
    all,
  };
  if (!(Number.isInteger(selector.highlight) && selector.highlight < all.length)) {
    selector.highlight = 0;
  }
  return selector;
}
