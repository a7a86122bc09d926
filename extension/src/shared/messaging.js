/**
 * The one way the content script, popup and options page send a message: `request` to the
 * background worker, `requestTab` to a tab's content script. Both resolve with the reply or reject
 * with a MessageError, whose `.status` is the service's HTTP status when there was one (else null).
 * The background's dispatcher answers a failure with `failureReply(error)`; nothing else in the
 * extension reads `{error}` replies.
 */
import { webext } from './webext.js';

/** A message that failed: refused or failed in the background, or never answered. */
export class MessageError extends Error {
  constructor(message, status = null) {
    super(message);
    this.name = 'MessageError';
    this.status = status;
  }
}

/** The reply that carries a failure back to the sender (what `request` turns into a rejection). */
export function failureReply(error) {
  return { error: String(error?.message ?? error), status: error?.status ?? null };
}

async function answer(send) {
  let reply;
  try {
    reply = await send();
  } catch (error) {
    // No receiver (a tab without the content script) or the channel closed before an answer.
    throw new MessageError(String(error?.message ?? error));
  }
  if (reply === undefined || reply === null) throw new MessageError('No answer');
  if (typeof reply === 'object' && reply.error) {
    throw new MessageError(String(reply.error), reply.status ?? null);
  }
  return reply;
}

/** Sends `{type, ...payload}` to the background worker. `runtime` is for tests. */
export function request(type, payload = {}, runtime = webext.runtime) {
  return answer(() => runtime.sendMessage({ ...payload, type }));
}

/** Sends `{type, ...payload}` to the content script of a tab. `tabs` is for tests. */
export function requestTab(tabId, type, payload = {}, tabs = webext.tabs) {
  return answer(() => tabs.sendMessage(tabId, { ...payload, type }));
}
