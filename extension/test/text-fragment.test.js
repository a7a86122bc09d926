// Copy link: a URL text fragment that works without Footnote (content/text-fragment.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeTerm, passageLink, textDirective } from '../src/content/text-fragment.js';

test('a short passage is quoted whole, the fragment syntax characters encoded', () => {
  assert.equal(
    textDirective('open-source, free & fair'),
    'text=open%2Dsource%2C%20free%20%26%20fair',
  );
  assert.equal(encodeTerm('ä'), '%C3%A4');
});

test('a long passage becomes its first and last words', () => {
  const exact =
    'The vulnerability stems from the fact that the client is allowed to send the server information about certain slots.';
  assert.equal(
    textDirective(exact),
    'text=The%20vulnerability%20stems%20from,information%20about%20certain%20slots.',
  );
});

test("the page's own fragment is replaced, whitespace collapsed", () => {
  assert.equal(
    passageLink('https://example.org/a?b=1#top', '  two\n words '),
    'https://example.org/a?b=1#:~:text=two%20words',
  );
});
