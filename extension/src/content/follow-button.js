/**
 * On the configured service's own set and share-link pages, turns the page's
 * <div id="footnote-follow"> hook into a "Follow this set" button. Other origins are ignored, so
 * no page can make the extension follow something by faking the hook.
 */
import { SYNC } from '../shared/vocabulary.js';
import { el, forceStyle } from './dom.js';

/** Adds the button when this page is a set page of the configured service. */
export function offerFollow({ serviceUrl, followedSetIds, follow }) {
  let origin;
  try {
    origin = new URL(serviceUrl).origin;
  } catch {
    return;
  }
  if (location.origin !== origin) return;
  const hook = document.getElementById('footnote-follow');
  if (!hook || hook.dataset.footnoteOffered) return;
  hook.dataset.footnoteOffered = '1';
  const setId = hook.dataset.setId ?? '';
  const shareToken = hook.dataset.shareToken ?? '';
  const title = hook.dataset.setTitle ?? '';
  const already = followedSetIds.includes(setId);
  // The page's own CSS shows "you follow this set" instead of "press Follow" from this attribute.
  const markFollowing = () => hook.setAttribute('data-footnote-following', '');
  if (already) markFollowing();
  const button = el('button', {
    type: 'button',
    class: 'footnote-follow-button',
    text: already ? 'Following ✓ (sync now)' : 'Follow this set',
  });
  forceStyle(button, {
    font: '600 15px system-ui, sans-serif',
    padding: '6px 14px',
    'border-radius': '6px',
    cursor: 'pointer',
  });
  const status = el('span', { role: 'status', class: 'footnote-follow-status' });
  button.addEventListener('click', async (event) => {
    if (!event.isTrusted) return;
    button.disabled = true;
    status.textContent = ' Following…';
    let reply;
    try {
      reply = await follow({ setId, shareToken, title });
    } catch (error) {
      status.textContent = ` Could not follow: ${error.message}`;
      return;
    } finally {
      button.disabled = false;
    }
    button.textContent = 'Following ✓ (sync now)';
    markFollowing();
    status.textContent =
      reply.status === SYNC.OK
        ? ' Following: labels from this set now show on matching pages.'
        : ` Followed; sync says: ${reply.status}`;
  });
  for (const child of [...hook.children]) child.hidden = true;
  hook.append(button, status);
}
