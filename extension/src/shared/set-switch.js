/**
 * The switch that shows or hides one followed set on pages, in the popup and the options page.
 */
import { el } from './dom.js';
import { MSG } from './messages.js';
import { request } from './messaging.js';

/** A switch for `follow`; when the background refuses, it goes back and `onFailure(error)` says so. */
export function setSwitch(follow, onFailure) {
  const toggle = el('input', {
    type: 'checkbox',
    role: 'switch',
    'aria-label': `Show ${follow.title ?? follow.id}`,
  });
  toggle.checked = follow.enabled !== false;
  toggle.addEventListener('change', () =>
    request(MSG.SET_ENABLED, { followId: follow.id, enabled: toggle.checked }).catch((error) => {
      toggle.checked = !toggle.checked;
      onFailure(error);
    }),
  );
  return toggle;
}
