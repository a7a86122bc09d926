// What the Firefox ESR suites share: the pass/fail report, a free port, the corpus on loopback, a
// real `footnote serve` with the demo set, and Firefox ESR kept off the network.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = join(repo, '..', 'shared');
export const footnote = join(repo, '.venv', 'bin', 'footnote');
export const extensionDir = join(repo, 'extension', 'dist');
const geckoId = JSON.parse(readFileSync(join(repo, 'extension', 'manifest.json'), 'utf8'))
  .browser_specific_settings.gecko.id;
/** The add-on's fixed moz-extension:// host. */
export const uuid = '6f6f746e-6f74-4e65-8f6f-6f746e6f7465';
export const results = { passed: 0, failed: 0, skipped: 0 };
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function report() {
  console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
}

export async function check(name, work) {
  try {
    await work();
    results.passed += 1;
    console.log(`ok - ${name}`);
  } catch (error) {
    results.failed += 1;
    console.log(
      `not ok - ${name}\n  ${String(error?.stack ?? error)
        .split('\n')
        .join('\n  ')}`,
    );
  }
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function serveCorpus(port) {
  const root = join(shared, 'corpus');
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const file = join(root, path.replace(/^\/corpus\//, '/'));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export async function startService(folder, port) {
  const db = join(folder, 'footnote.db');
  for (const args of [['db', 'migrate'], ['demo']]) {
    const run = spawnSync(footnote, [...args, '--db', db], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`footnote ${args.join(' ')}: ${run.stderr}`);
  }
  const child = spawn(footnote, ['serve', '--db', db, '--port', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, FOOTNOTE_DB: db, FOOTNOTE_SECRET_KEY: 'firefox-smoke' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i += 1) {
    try {
      const response = await fetch(`${url}/api/sets?public=1`);
      if (response.ok) return { child, url, db, sets: (await response.json()).sets };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('footnote serve did not start');
}

/**
 * Firefox ESR with the network closed to all but loopback; downloads go to `downloads` without
 * asking.
 */
export function launchFirefox(downloads) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      'network.proxy.failover_direct': false,
      'network.trr.mode': 5,
      'network.dns.disablePrefetch': true,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'services.settings.server': 'http://127.0.0.1:9/v1',
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
}
