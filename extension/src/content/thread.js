/**
 * A thread of replies under an annotation, as the card (talk-back.js) and the panel show it: the
 * first THREAD_SHOWN, then "Show N more replies". Apart from talk-back.js so the panel's bundle
 * does not carry the sentence rules the card's reports need. Text only via textContent; HTML
 * reply bodies through the shared allowlist (html-body.js).
 */
import { el, formatDate } from './dom.js';
import { htmlBodyNodes } from '../shared/html-body.js';

/** Replies shown before "Show N more replies". */
export const THREAD_SHOWN = 2;

function replyNode(reply) {
  const who = [reply.author ?? 'someone', formatDate(reply.created)].filter(Boolean).join(' · ');
  const body =
    reply.textFormat === 'text/html'
      ? el(
          'div',
          { class: 'reply-text' },
          htmlBodyNodes(new DOMParser().parseFromString(reply.text, 'text/html'), document),
        )
      : el('p', { class: 'reply-text', text: reply.text });
  return el('li', { class: 'reply', 'data-reply': reply.id ?? '' }, [
    el('div', { class: 'kind', text: who }),
    body,
  ]);
}

/** The replies under an annotation, past the first THREAD_SHOWN behind "Show N more replies". */
export function renderThread(record) {
  const list = el('ol', { class: 'thread', 'aria-label': 'Replies' });
  const wrap = el('div', { class: 'replies', 'data-thread': '' }, [list]);
  const fill = (all) => {
    const replies = record.replies ?? [];
    const shown = all ? replies : replies.slice(0, THREAD_SHOWN);
    list.replaceChildren(...shown.map(replyNode));
    wrap.querySelector('[data-more]')?.remove();
    const hidden = replies.length - shown.length;
    if (hidden > 0) {
      const more = el('button', {
        type: 'button',
        class: 'link',
        'data-more': '',
        text: `Show ${hidden} more ${hidden === 1 ? 'reply' : 'replies'}`,
      });
      more.addEventListener('click', () => {
        fill(true);
        // The button is gone: focus goes to the first reply it revealed, not to the page.
        const first = list.children[THREAD_SHOWN];
        first?.setAttribute('tabindex', '-1');
        first?.focus?.();
      });
      wrap.append(more);
    }
  };
  fill(false);
  wrap.hidden = !record.replies?.length;
  const refresh = () => {
    wrap.hidden = !record.replies?.length;
    fill(true);
  };
  return { node: wrap, refresh };
}
