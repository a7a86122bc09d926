// The card's talk-back part (content/talk-back.js) on a linkedom document: the thread collapses
// past two, every action says what it sends before sending, sends only on confirm, and a
// signed-out reader is sent to sign in rather than to a dead end.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { renderEntry } from '../src/content/card.js';
import { sentenceAround } from '../src/content/talk-back.js';

let document;
beforeEach(() => {
  ({ document } = parseHTML('<html><body></body></html>'));
  globalThis.document = document;
});

const record = (extra = {}) => ({
  key: 'f#l1',
  id: 'http://127.0.0.1:5000/api/annotations/l1',
  followId: 'f',
  kind: 'claim',
  verdict: 'disputed',
  text: 'Licence restricts use.',
  sources: [],
  tags: [],
  setTitle: 'Desk',
  talkBack: true,
  service: 'http://127.0.0.1:5000',
  signedIn: true,
  replyAccess: 'yes',
  replies: [],
  ...extra,
});

function fakeTalk() {
  const sent = [];
  return {
    sent,
    talk: {
      reply: async (r, text) => (
        sent.push(['reply', text]),
        { reply: { id: 'x', text, author: 'me' } }
      ),
      rate: async (r, rating) => (sent.push(['rate', rating]), { rating }),
      unrate: async () => (sent.push(['unrate']), { rating: null }),
      report: async (r, body) => (sent.push(['report', body]), { report: {} }),
      sentence: () => 'Meta calls Llama 4 open source.',
      pageUrl: () => 'https://news.example.org/a',
      openOptions: () => sent.push(['options']),
    },
  };
}

const buttons = (entry) =>
  [...entry.querySelectorAll('[data-actions] button')].map((b) => b.textContent);
const click = (node) => node.dispatchEvent(new document.defaultView.Event('click'));
const submit = (entry) =>
  entry
    .querySelector('[data-talk] form')
    .dispatchEvent(new document.defaultView.Event('submit', { cancelable: true }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const button = (entry, name) => entry.querySelector(`[data-talk-action="${name}"]`);

describe('talk-back on a card', () => {
  test('a claim label offers Reply, Helpful, Not helpful and Wrong on this page', () => {
    const entry = renderEntry(record(), fakeTalk());
    assert.deepEqual(buttons(entry), ['Reply', 'Helpful', 'Not helpful', 'Wrong on this page']);
    const noteEntry = renderEntry(record({ kind: 'note' }), fakeTalk());
    assert.deepEqual(buttons(noteEntry), ['Reply', 'Helpful', 'Not helpful']);
  });

  test('replies closed on the set: no Reply button', () => {
    const entry = renderEntry(record({ replyAccess: 'closed' }), fakeTalk());
    assert.ok(!buttons(entry).includes('Reply'));
  });

  test('signed out: one button that says sign-in is needed and opens the options', () => {
    const { talk, sent } = fakeTalk();
    const entry = renderEntry(record({ signedIn: false, replyAccess: 'sign-in' }), { talk });
    assert.deepEqual(buttons(entry), ['Sign in to reply, rate or report']);
    click(entry.querySelector('[data-actions] button'));
    assert.deepEqual(sent, [['options']]);
  });

  test('a set file has no talk-back at all', () => {
    const entry = renderEntry(record({ talkBack: false }), fakeTalk());
    assert.equal(entry.querySelector('[data-actions]'), null);
  });

  test('rating says what it sends, sends only on confirm, and shows the rating', async () => {
    const { talk, sent } = fakeTalk();
    const rec = record();
    const entry = renderEntry(rec, { talk });
    click(button(entry, 'notHelpful'));
    const sends = entry.querySelector('[data-sends]').textContent;
    assert.match(sends, /your rating .*your account name to 127\.0\.0\.1:5000/);
    assert.match(sends, /Nothing about this page is sent/);
    assert.deepEqual(sent, [], 'nothing before the confirm');
    entry.querySelector('[data-reason] option[value="outdated"]').setAttribute('selected', '');
    submit(entry);
    await settle();
    assert.deepEqual(sent, [['rate', { helpful: false, reason: 'outdated' }]]);
    assert.deepEqual(rec.myRating, { helpful: false, reason: 'outdated' });
    assert.match(entry.querySelector('[data-my-rating]').textContent, /not helpful \(Outdated\)/);
    assert.equal(button(entry, 'notHelpful').getAttribute('aria-pressed'), 'true');
  });

  test("the service's error message shows in the card and the form stays to retry", async () => {
    const { talk } = fakeTalk();
    talk.rate = async () => {
      throw new Error('At most 300 ratings an hour');
    };
    const rec = record();
    const entry = renderEntry(rec, { talk });
    click(button(entry, 'helpful'));
    submit(entry);
    await settle();
    assert.equal(
      entry.querySelector('[data-talk] [role="alert"]').textContent,
      'Not sent: At most 300 ratings an hour',
    );
    assert.ok(entry.querySelector('[data-talk] form'), 'the confirmation is still there');
    assert.equal(rec.myRating, undefined);
  });

  test('a report quotes the URL and the sentence it will send', async () => {
    const { talk, sent } = fakeTalk();
    const entry = renderEntry(record(), { talk });
    click(button(entry, 'report'));
    const sends = entry.querySelector('[data-sends]').textContent;
    assert.match(sends, /this page's address \(https:\/\/news\.example\.org\/a\)/);
    assert.match(sends, /“Meta calls Llama 4 open source\.”/);
    assert.deepEqual(sent, []);
    submit(entry);
    await settle();
    assert.deepEqual(sent, [
      ['report', { sentence: 'Meta calls Llama 4 open source.', reason: null }],
    ]);
  });

  test('a thread shows two replies and "Show N more replies"', () => {
    const replies = [1, 2, 3, 4].map((n) => ({
      id: `r${n}`,
      text: `<b>reply ${n}</b>`,
      author: 'bob',
    }));
    const entry = renderEntry(record({ replies }), fakeTalk());
    const shown = () => [...entry.querySelectorAll('.reply-text')].map((n) => n.textContent);
    assert.deepEqual(shown(), ['<b>reply 1</b>', '<b>reply 2</b>'], 'text, never markup');
    const more = entry.querySelector('[data-more]');
    assert.equal(more.textContent, 'Show 2 more replies');
    click(more);
    assert.equal(shown().length, 4);
    assert.equal(entry.querySelector('[data-more]'), null);
  });

  test('the synced status shows on the card', () => {
    const entry = renderEntry(record({ ratingStatus: 'not-helpful' }), fakeTalk());
    assert.equal(entry.querySelector('[data-rating-status]').textContent, 'Rated not helpful');
    assert.equal(renderEntry(record(), fakeTalk()).querySelector('[data-rating-status]'), null);
  });
});

describe('sentenceAround', () => {
  test('the sentence of the block the mark is in', () => {
    document.body.innerHTML =
      '<p>First one. Meta calls Llama 4 <footnote-mark>open source</footnote-mark> today. Last.</p>';
    const mark = document.querySelector('footnote-mark');
    assert.equal(sentenceAround(mark), 'Meta calls Llama 4 open source today.');
  });
});
