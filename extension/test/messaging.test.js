// The one messaging convention: a request resolves with the reply or rejects with a MessageError
// carrying `.status`; the background's failure reply is what turns into that rejection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageError, failureReply, request, requestTab } from '../src/shared/messaging.js';

/** A runtime whose sendMessage records the message and answers with `answer(message)`. */
function fakeRuntime(answer) {
  const sent = [];
  return {
    sent,
    sendMessage: async (message) => {
      sent.push(message);
      return answer(message);
    },
  };
}

describe('request', () => {
  test('sends the type with the payload and resolves with the reply', async () => {
    const runtime = fakeRuntime(() => ({ sets: ['a'] }));
    const reply = await request('footnote/writable-sets', { setId: 's1' }, runtime);
    assert.deepEqual(reply, { sets: ['a'] });
    assert.deepEqual(runtime.sent, [{ setId: 's1', type: 'footnote/writable-sets' }]);
  });

  test('the payload cannot override the type', async () => {
    const runtime = fakeRuntime(() => ({ ok: true }));
    await request('footnote/page-count', { type: 'footnote/sign-out', count: 2 }, runtime);
    assert.equal(runtime.sent[0].type, 'footnote/page-count');
  });

  test('a failure reply rejects with its message and status', async () => {
    const runtime = fakeRuntime(() => ({ error: 'You may not edit this set', status: 403 }));
    await assert.rejects(request('footnote/delete-annotation', {}, runtime), (error) => {
      assert.ok(error instanceof MessageError);
      assert.ok(error instanceof Error);
      assert.equal(error.message, 'You may not edit this set');
      assert.equal(error.status, 403);
      return true;
    });
  });

  test('a failure without an HTTP status has status null', async () => {
    const runtime = fakeRuntime(() => ({ error: 'Unknown message x' }));
    await assert.rejects(request('x', {}, runtime), { message: 'Unknown message x', status: null });
  });

  test('a channel error rejects as a MessageError', async () => {
    const runtime = {
      sendMessage: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    };
    await assert.rejects(request('footnote/get-state', {}, runtime), (error) => {
      assert.ok(error instanceof MessageError);
      assert.match(error.message, /Receiving end does not exist/);
      assert.equal(error.status, null);
      return true;
    });
  });

  test('no answer is a failure, not an empty reply', async () => {
    await assert.rejects(
      request(
        'footnote/get-state',
        {},
        fakeRuntime(() => undefined),
      ),
      {
        message: 'No answer',
      },
    );
  });

  test('replies that are not objects pass through', async () => {
    assert.equal(
      await request(
        't',
        {},
        fakeRuntime(() => 0),
      ),
      0,
    );
    assert.equal(
      await request(
        't',
        {},
        fakeRuntime(() => false),
      ),
      false,
    );
  });
});

describe('requestTab', () => {
  test('sends to the tab and follows the same convention', async () => {
    const sent = [];
    const tabs = {
      sendMessage: async (tabId, message) => {
        sent.push([tabId, message]);
        return tabId === 7 ? { opened: true } : { error: 'nope' };
      },
    };
    assert.deepEqual(await requestTab(7, 'footnote/open-editor', {}, tabs), { opened: true });
    assert.deepEqual(sent[0], [7, { type: 'footnote/open-editor' }]);
    await assert.rejects(requestTab(8, 'footnote/open-editor', {}, tabs), { message: 'nope' });
  });
});

describe('failureReply', () => {
  test('carries the message and the HTTP status of a service error', () => {
    const error = Object.assign(new Error('Set not found'), { status: 404 });
    assert.deepEqual(failureReply(error), { error: 'Set not found', status: 404 });
  });

  test('accepts a plain reason', () => {
    assert.deepEqual(failureReply('Unknown sender'), { error: 'Unknown sender', status: null });
  });

  test('round trip: what the dispatcher answers is what request rejects with', async () => {
    const error = Object.assign(new Error('Sign in first'), { status: 401 });
    const runtime = fakeRuntime(() => failureReply(error));
    await assert.rejects(request('footnote/save-annotation', {}, runtime), {
      name: 'MessageError',
      message: 'Sign in first',
      status: 401,
    });
  });
});
