/**
 * The panel's own bundle (dist/panel.js), injected by the background worker into a tab's
 * isolated world the first time the reader opens the panel there, so pages that never open it
 * do not parse it. It hands createPanel to the content script through the shared global.
 */
import { bundleGlobal } from '../shared/messages.js';
import { createPanel } from './panel.js';

globalThis[bundleGlobal('panel')] = { createPanel };
