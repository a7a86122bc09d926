// The built bundles never put strings into HTML sinks, and the manifest stays valid for both browsers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SINKS =
  /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\s*\(|document\.write(ln)?\s*\(|\beval\s*\(|new Function\s*\(/;

async function bundles() {
  const result = await build({
    entryPoints: [
      ...['background', 'content', 'popup', 'options'].map((n) => join(root, 'src', n, 'index.js')),
      ...['panel', 'page-parts', 'anchoring'].map((n) =>
        join(root, 'src', 'content', `${n}-entry.js`),
      ),
    ],
    bundle: true,
    write: false,
    outdir: '/tmp/footnote-safety',
    format: 'iife',
    logLevel: 'silent',
  });
  return result.outputFiles;
}

test('no bundle assigns HTML, writes documents or evaluates strings', async () => {
  const outputs = await bundles();
  assert.equal(outputs.length, 7);
  for (const file of outputs) {
    const line = file.text.split('\n').find((l) => SINKS.test(l));
    assert.equal(line, undefined, `${file.path} has an HTML or eval sink: ${line}`);
  }
});

test('the safety check itself catches a sink', () => {
  assert.ok(SINKS.test('node.innerHTML = text'));
  assert.ok(SINKS.test("el.insertAdjacentHTML('beforeend', x)"));
  assert.ok(!SINKS.test('node.textContent = text'));
});

test('one manifest for Chrome and Firefox', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'background.js');
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.match(manifest.browser_specific_settings.gecko.id, /@/);
  assert.ok(manifest.host_permissions.includes('<all_urls>'));
  assert.ok(manifest.permissions.includes('alarms'));
  assert.ok(manifest.commands['annotate-selection']);
  assert.equal(manifest.content_scripts[0].js[0], 'content.js');
});
