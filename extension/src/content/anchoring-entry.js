/**
 * The DOM selector engine's bundle (dist/anchoring.js): XPath, CSS, range and position selectors
 * placed in the live DOM (docs/matching.md §4a). Injected only on a page with a note that the
 * background could not place by its text but that has such selectors (page-session.js).
 */
import { bundleGlobal } from '../shared/messages.js';
import { anchorTarget, loadPage } from '../match/index.js';

globalThis[bundleGlobal('anchoring')] = { anchorTarget, loadPage };
