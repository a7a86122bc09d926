// Injected into a corpus page in Chromium: the engine's page text of the DOM the browser built.
import { pageText } from '../../extension/src/match/page-text.js';

window.footnotePageText = () => {
  const page = pageText(document);
  return { text: page.text, lang: page.lang };
};
