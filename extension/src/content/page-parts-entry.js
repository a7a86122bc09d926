/**
 * The page UI's pieces as a bundle of their own (dist/page-parts.js): the card, banner, editor,
 * adder, passage highlight, selection capture, talk-back and "Follow this set" button. Injected
 * by the background the first time a page needs one (a hover or focus on a mark, a selection, a
 * banner, the panel), so a page the reader only reads parses none of it (page-ui.js).
 */
import { bundleGlobal } from '../shared/messages.js';
import { createAdder } from './adder.js';
import { createBanner } from './banner.js';
import { createCard } from './card.js';
import { copyText } from './clipboard.js';
import { createEditor } from './editor.js';
import { offerFollow } from './follow-button.js';
import { createPassageHighlight } from './passage.js';
import { captureSelection, describeCaptured } from './selection.js';
import { renderTalkBack, sentenceAround } from './talk-back.js';
import { passageLink } from './text-fragment.js';

globalThis[bundleGlobal('ui')] = {
  createAdder,
  createBanner,
  createCard,
  copyText,
  createEditor,
  offerFollow,
  createPassageHighlight,
  captureSelection,
  describeCaptured,
  renderTalkBack,
  sentenceAround,
  passageLink,
};
