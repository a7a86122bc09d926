/**
 * Talking back from a card (docs/extension.md, "Talking back"): the thread of replies under an
 * annotation (thread.js, shared with the panel), its synced rating status, and the actions Reply, Helpful / Not helpful and (on a
 * claim label) Wrong on this page. Every action first says in words exactly what it will send
 * and to whom, and sends only when the reader confirms. Text only ever goes in via textContent;
 * HTML reply bodies go through the shared allowlist (html-body.js).
 */
import { el } from './dom.js';
import { renderThread } from './thread.js';
import { sentenceSpans } from '../match/index.js';
import {
  KIND,
  RATING_REASONS,
  REPORT_REASONS,
  describeRatingStatus,
} from '../shared/vocabulary.js';

/** The service refuses longer sentences (docs/api.md, reports); a longer one is cut around the mark. */
export const SENTENCE_MAX = 1000;

const BLOCKS = 'p, li, dd, dt, td, th, blockquote, figcaption, h1, h2, h3, h4, h5, h6, pre';

/** How many characters of `block`'s text come before `mark` (text nodes in document order). */
function textBefore(block, mark) {
  let at = 0;
  const walk = (node) => {
    if (node === mark) return true;
    if (node.nodeType === 3) {
      at += node.data.length;
      return false;
    }
    return [...node.childNodes].some(walk);
  };
  walk(block);
  return at;
}

/**
 * The sentence a mark sits in: the text of its block, split by the engine's sentence rules. This
 * is what a report sends, and what its confirmation quotes first.
 */
export function sentenceAround(mark) {
  if (!mark?.isConnected) return '';
  const block = mark.closest(BLOCKS) ?? mark.parentElement ?? mark;
  const text = block.textContent ?? '';
  const at = textBefore(block, mark);
  const span = sentenceSpans(text).find(([start, end]) => start <= at && at < end);
  const [start, end] = span ?? [0, text.length];
  let sentence = text.slice(start, end).replace(/\s+/g, ' ').trim();
  if (sentence.length > SENTENCE_MAX) {
    const from = Math.max(
      0,
      Math.min(at - start - SENTENCE_MAX / 2, sentence.length - SENTENCE_MAX),
    );
    sentence = sentence.slice(from, from + SENTENCE_MAX).trim();
  }
  return sentence;
}

/** The host a request goes to, as the confirmations name it. */
export function serviceName(record) {
  try {
    return new URL(record.service).host;
  } catch {
    return 'the Footnote service';
  }
}

/** "Rated helpful" and the like, for a set that opted in to bridging status; else null. */
export function renderStatus(record) {
  const words = describeRatingStatus(record.ratingStatus);
  if (!words) return null;
  return el('span', {
    class: `rating-status ${record.ratingStatus}`,
    'data-rating-status': record.ratingStatus,
    text: words,
  });
}

function reasonSelect(label, reasons) {
  const select = el('select', { name: 'reason', 'data-reason': '' }, [
    el('option', { value: '', text: 'No reason' }),
    ...reasons.map((r) => el('option', { value: r.id, text: r.label })),
  ]);
  return { node: el('label', {}, [label, select]), value: () => select.value || null };
}

const ratingWords = (rating) =>
  rating.helpful
    ? 'helpful'
    : `not helpful${rating.reason ? ` (${RATING_REASONS.find((r) => r.id === rating.reason)?.label ?? rating.reason})` : ''}`;

/**
 * Adds the talk-back buttons to a card entry's `actions` row and returns the nodes that go
 * under the entry: {status, thread, panel}. `talk` sends (page-ui.js wires it to the background):
 * reply(record, text), rate(record, rating), unrate(record), report(record, {sentence, reason}),
 * sentence(record) → the matched sentence, openOptions(), relayout() after the card grew.
 */
export function renderTalkBack(record, actions, talk) {
  const status = renderStatus(record);
  const thread = renderThread(record);
  if (!record.talkBack || !talk) return { status, thread: thread.node, panel: null };
  const relayout = () => talk.relayout?.();
  const service = serviceName(record);
  const panel = el('div', { class: 'talk', 'data-talk': '' });
  panel.hidden = true;
  const mine = el('p', { class: 'mine', 'data-my-rating': '' });
  const buttons = {};

  function close() {
    panel.hidden = true;
    panel.replaceChildren();
    for (const button of Object.values(buttons)) button.removeAttribute('aria-expanded');
    relayout();
  }

  function result(text, bad = false) {
    panel.hidden = false;
    panel.replaceChildren(
      el('p', { class: bad ? 'error' : 'done', role: bad ? 'alert' : 'status', text }),
    );
    relayout();
  }

  /** Opens the confirmation: what is sent, in words; the fields; Send and Cancel. */
  function confirmForm(opener, { what, fields = [], send, sendLabel }) {
    for (const button of Object.values(buttons)) button.removeAttribute('aria-expanded');
    opener?.setAttribute('aria-expanded', 'true');
    const go = el('button', { type: 'submit', class: 'primary', text: sendLabel });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { 'aria-label': sendLabel }, [
      ...fields.map((f) => f.node),
      el('p', { class: 'sends', 'data-sends': '', text: what }),
      error,
      el('div', { class: 'row buttons' }, [go, cancel]),
    ]);
    cancel.addEventListener('click', () => {
      close();
      opener?.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      go.disabled = true;
      error.textContent = '';
      try {
        result(await send());
        showMine();
      } catch (problem) {
        go.disabled = false;
        error.textContent = `Not sent: ${problem.message}`;
        relayout();
      }
    });
    panel.replaceChildren(form);
    panel.hidden = false;
    relayout();
    (form.querySelector('textarea, select') ?? go).focus();
  }

  function showMine() {
    mine.replaceChildren();
    for (const [name, button] of Object.entries(buttons)) {
      if (name === 'helpful' || name === 'notHelpful') {
        const pressed =
          record.myRating && record.myRating.helpful === (name === 'helpful') ? 'true' : 'false';
        button.setAttribute('aria-pressed', pressed);
      }
    }
    if (!record.myRating) {
      mine.hidden = true;
      return;
    }
    const remove = el('button', { type: 'button', class: 'link', text: 'Remove rating' });
    remove.addEventListener('click', () =>
      confirmForm(remove, {
        what: `Sends to ${service} that you withdraw your rating of this annotation, with your account name. Nothing about this page is sent.`,
        sendLabel: 'Remove my rating',
        send: async () => {
          await talk.unrate(record);
          record.myRating = null;
          return 'Your rating was removed.';
        },
      }),
    );
    mine.hidden = false;
    mine.append(`Your rating: ${ratingWords(record.myRating)} · `, remove);
  }

  const button = (name, text, onClick, extra = {}) => {
    const made = el('button', { type: 'button', 'data-talk-action': name, text, ...extra });
    made.addEventListener('click', () => onClick(made));
    buttons[name] = made;
    actions.append(made);
    return made;
  };

  if (record.replyAccess === 'yes') {
    button('reply', 'Reply', (opener) => {
      const area = el('textarea', { name: 'reply', maxlength: '5000', 'data-reply-text': '' });
      const as = record.signedIn ? 'your account name' : 'the name of your editor link';
      confirmForm(opener, {
        fields: [{ node: el('label', {}, ['Your reply', area]) }],
        what: `Sends your reply and ${as} to ${service}; everyone who can read “${record.setTitle}” will see it. Nothing about this page is sent.`,
        sendLabel: 'Send reply',
        send: async () => {
          const text = area.value.trim();
          if (!text) throw new Error('write a reply first');
          const { reply } = await talk.reply(record, text);
          record.replies = [...(record.replies ?? []), reply];
          thread.refresh();
          return 'Reply sent.';
        },
      });
    });
  }

  if (!record.signedIn) {
    const what = [
      record.replyAccess === 'sign-in' ? 'reply' : null,
      'rate',
      record.kind === KIND.CLAIM ? 'report' : null,
    ].filter(Boolean);
    const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} or ${what.at(-1)}` : what[0];
    button('sign-in', `Sign in to ${list}`, () => talk.openOptions(), {
      title: 'Opens the Footnote options page, where you sign in',
    });
    return { status, thread: thread.node, panel };
  }

  const rate = (helpful) => (opener) => {
    const reason = helpful ? null : reasonSelect('Reason (optional)', RATING_REASONS);
    const change = record.myRating ? 'Changes your rating: sends' : 'Sends';
    confirmForm(opener, {
      fields: reason ? [reason] : [],
      what: `${change} your rating (“${helpful ? 'helpful' : 'not helpful'}”${helpful ? '' : ' and the reason, if you pick one'}) and your account name to ${service}. Nothing about this page is sent.`,
      sendLabel: helpful ? 'Send: helpful' : 'Send: not helpful',
      send: async () => {
        const { rating } = await talk.rate(record, { helpful, reason: reason?.value() ?? null });
        record.myRating = rating;
        return `Rated ${ratingWords(rating)}.`;
      },
    });
  };
  button('helpful', 'Helpful', rate(true));
  button('notHelpful', 'Not helpful', rate(false));

  if (record.kind === KIND.CLAIM) {
    button('report', 'Wrong on this page', (opener) => {
      const sentence = talk.sentence(record);
      const reason = reasonSelect('Why (optional)', REPORT_REASONS);
      confirmForm(opener, {
        fields: [reason],
        what: `Sends this page's address (${talk.pageUrl()}) and the matched sentence: “${sentence}” to the editors of “${record.setTitle}” on ${service}, with your account name and the reason, if you pick one.`,
        sendLabel: 'Send report',
        send: async () => {
          if (!sentence) throw new Error('the matched sentence was not found on the page');
          await talk.report(record, { sentence, reason: reason.value() });
          return 'Reported to the set’s editors. Thank you.';
        },
      });
    });
  }
  showMine();
  return { status, thread: thread.node, panel, mine };
}
