/**
 * Loads one of the content script's lazy bundles (shared/messages.js BUNDLES) into this frame:
 * the background injects the file into our isolated world (a content script cannot import
 * extension files in both browsers), and the bundle hands its exports over through a shared
 * global. Resolves to those exports; a bundle is asked for once, however many callers wait.
 */
import { MSG, bundleGlobal } from '../shared/messages.js';

const loading = new Map();

/** The exports of bundle `name`, loading it through `request` (shared/messaging.js) if needed. */
export function loadBundle(name, request) {
  const key = bundleGlobal(name);
  if (globalThis[key]) return Promise.resolve(globalThis[key]);
  if (!loading.has(name)) {
    const load = request(MSG.LOAD_BUNDLE, { name }).then(
      () => {
        if (!globalThis[key]) throw new Error(`Footnote could not load its ${name} code`);
        return globalThis[key];
      },
      (error) => {
        loading.delete(name); // a worker that was restarting gets another try
        throw error;
      },
    );
    loading.set(name, load);
  }
  return loading.get(name);
}
