// The JS URL normaliser runs the same vectors as the service's footnote.urls.normalize_url.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isTrackingParam, normalizeUrl } from '../src/shared/urls.js';

const vectorsPath = join(dirname(fileURLToPath(import.meta.url)), '../../tests/vectors/urls.json');

function loadVectors() {
  const data = JSON.parse(readFileSync(vectorsPath, 'utf8'));
  const list = Array.isArray(data) ? data : (data.cases ?? data.vectors ?? []);
  return list.map((c) => ({
    input: c.input ?? c.url ?? c[0],
    expected: c.expected ?? c.normalized ?? c.output ?? c[1],
    name: c.name ?? c.id,
  }));
}

test(
  'every vector in tests/vectors/urls.json',
  { skip: !existsSync(vectorsPath) && 'tests/vectors/urls.json is not written yet' },
  () => {
    const vectors = loadVectors();
    assert.ok(vectors.length > 0, 'the vector file holds cases');
    const failures = vectors
      .filter((v) => normalizeUrl(v.input) !== v.expected)
      .map((v) => `${v.input} → ${normalizeUrl(v.input)} (want ${v.expected})`);
    assert.deepEqual(failures, []);
  },
);

test('tracking parameters go, the rest is sorted, fragments and default ports drop', () => {
  assert.equal(
    normalizeUrl('HTTPS://News.Example.ORG:443/a/b?z=1&utm_source=x&a=2&fbclid=y#top'),
    'https://news.example.org/a/b?a=2&z=1',
  );
  assert.equal(normalizeUrl('http://example.com:80/?utm_medium=m'), 'http://example.com/');
  assert.ok(isTrackingParam('UTM_Campaign'));
  assert.ok(!isTrackingParam('page'));
});

test('percent escapes are normalised and non-http URLs untouched', () => {
  assert.equal(
    normalizeUrl('https://example.com/%7euser/%c3%a9'),
    'https://example.com/~user/%C3%A9',
  );
  assert.equal(normalizeUrl('mailto:a@b.c'), 'mailto:a@b.c');
  assert.equal(normalizeUrl('not a url'), 'not a url');
});

test(
  'the same tracking parameters as the service, and non-http URLs left alone',
  { skip: !existsSync(vectorsPath) && 'tests/vectors/urls.json is not written yet' },
  () => {
    const data = JSON.parse(readFileSync(vectorsPath, 'utf8'));
    for (const name of data.trackingParams ?? []) assert.ok(isTrackingParam(name), name);
    for (const prefix of data.trackingPrefixes ?? [])
      assert.ok(isTrackingParam(`${prefix}x`), prefix);
    for (const input of data.notHttp ?? []) assert.equal(normalizeUrl(input), input);
  },
);
