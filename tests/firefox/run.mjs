// Firefox ESR smoke test (puppeteer-core over WebDriver BiDi): the extension, installed as a
// temporary add-on, follows the demo set on a real `footnote serve` and labels the seed article.
// Prints "N passed, N failed" and exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  check,
  extensionDir,
  footnote,
  freePort,
  launchFirefox,
  repo,
  report,
  results,
  serveCorpus,
  shared,
  startService,
  uuid,
} from './harness.mjs';
import { localSetAndHiddenLabelChecks } from './local-and-hidden.mjs';

/* global document, location, NodeFilter, getSelection, MouseEvent -- used inside functions that run in the browser */

const seed = join(shared, 'corpus', 'seed', 'meta-avocado-de.html');

async function main() {
  if (!existsSync(seed)) {
    console.log(`skipped: the shared corpus is absent (${seed})`);
    results.skipped += 1;
    report();
    return;
  }
  const build = spawnSync('node', [join(repo, 'extension', 'build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const folder = mkdtempSync(join(tmpdir(), 'footnote-firefox-'));
  const service = await startService(folder, await freePort());
  const corpusPort = await freePort();
  const corpus = await serveCorpus(corpusPort);
  const downloads = join(folder, 'downloads');
  mkdirSync(downloads);
  const browser = await launchFirefox(downloads);
  try {
    await browser.installExtension(extensionDir);
    let seedPage = null;
    const options = await browser.newPage();
    options.goto(`moz-extension://${uuid}/options.html`).catch(() => null);
    await options.waitForFunction(() => location.href.endsWith('options.html'), { timeout: 20000 });
    await options.waitForFunction(() => document.readyState === 'complete', { timeout: 20000 });

    await check('the options page follows the demo set from the service', async () => {
      const demo = service.sets.find((s) => s.title === 'Open-source AI claims');
      if (!demo) throw new Error('no demo set on the service');
      const reply = await options.evaluate(
        async (serviceUrl, setId) => {
          await globalThis.browser.runtime.sendMessage({
            type: 'footnote/set-service-url',
            serviceUrl,
          });
          return globalThis.browser.runtime.sendMessage({ type: 'footnote/follow-set', setId });
        },
        service.url,
        demo.id,
      );
      if (reply?.status !== 'ok') throw new Error(`follow answered ${JSON.stringify(reply)}`);
    });

    await check('the seed article gets the disputed "Open-Source" label', async () => {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${corpusPort}/corpus/seed/meta-avocado-de.html`);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('footnote-mark[tabindex]')].some(
            (m) => m.textContent === 'Open-Source' && /Disputed/.test(m.getAttribute('aria-label')),
          ),
        { timeout: 20000 },
      );
      seedPage = page;
    });

    await check(
      'the card opens beside its mark, inside the viewport, and Escape closes it',
      async () => {
        const page = seedPage;
        if (!page) throw new Error('the seed article did not load');
        const mark = await page.evaluateHandle(() =>
          [...document.querySelectorAll('footnote-mark[tabindex]')].find(
            (m) => m.textContent === 'Open-Source',
          ),
        );
        await mark.evaluate((m) => m.scrollIntoView({ block: 'center' }));
        await mark.hover();
        await page.waitForFunction(
          () => document.querySelector('footnote-card')?.style.display === 'block',
          { timeout: 10000 },
        );
        const geometry = await mark.evaluate((m) => {
          const card = document.querySelector('footnote-card').getBoundingClientRect();
          const own = m.getBoundingClientRect();
          const width = document.documentElement.clientWidth;
          return {
            inside:
              card.left >= 0 &&
              card.top >= 0 &&
              card.right <= width &&
              card.bottom <= document.documentElement.clientHeight,
            overMark:
              card.left < own.right &&
              own.left < card.right &&
              card.top < own.bottom &&
              own.top < card.bottom,
            stops: document.querySelectorAll('footnote-mark[tabindex="0"]').length,
            labels: new Set(
              [...document.querySelectorAll('footnote-mark[tabindex]')].map(
                (x) => x.getAttribute('aria-label').split(':')[0],
              ),
            ).size,
          };
        });
        if (!geometry.inside || geometry.overMark || geometry.stops !== geometry.labels) {
          throw new Error(`card or Tab stops wrong: ${JSON.stringify(geometry)}`);
        }
        await page.mouse.move(1, 1);
        await mark.focus();
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await new Promise((resolve) => setTimeout(resolve, 400));
        const after = await page.evaluate(() => ({
          focus: document.activeElement?.localName,
          open: document.querySelector('footnote-card')?.style.display === 'block',
        }));
        if (after.focus !== 'footnote-mark' || after.open) {
          throw new Error(
            `Escape should return focus and keep the card shut: ${JSON.stringify(after)}`,
          );
        }
      },
    );

    await check('selecting text shows the adder beside the selection, never over it', async () => {
      const page = seedPage;
      if (!page) throw new Error('the seed article did not load');
      const selection = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const phrase = 'konzentrieren wir uns auf die Tatsache';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.data.indexOf(phrase);
          if (at === -1) continue;
          n.parentElement.scrollIntoView({ block: 'center' });
          const range = document.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + phrase.length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
          const r = range.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        }
        return null;
      });
      if (!selection) throw new Error('the phrase is not on the seed article');
      await page.waitForFunction(
        () => document.querySelector('footnote-adder')?.style.display === 'block',
        { timeout: 10000 },
      );
      const adder = await page.evaluate(() => {
        const r = document.querySelector('footnote-adder').getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
      const over =
        adder.left < selection.right &&
        selection.left < adder.right &&
        adder.top < selection.bottom &&
        selection.top < adder.bottom;
      if (over)
        throw new Error(`the adder covers the selection: ${JSON.stringify({ adder, selection })}`);
    });

    await check('rating the label from the card (keyboard only) reaches the service', async () => {
      const password = 'correct horse battery';
      const made = spawnSync(footnote, ['user', 'create', 'ff-rater', '--db', service.db], {
        input: `${password}\n${password}\n`,
        encoding: 'utf8',
      });
      if (made.status !== 0) throw new Error(`user create: ${made.stderr}`);
      const tokenReply = await fetch(`${service.url}/api/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'ff-rater', password, name: 'firefox test' }),
      });
      const { token } = await tokenReply.json();
      const signed = await options.evaluate(
        (password) =>
          globalThis.browser.runtime.sendMessage({
            type: 'footnote/sign-in',
            username: 'ff-rater',
            password,
          }),
        password,
      );
      if (!signed?.settings?.signedIn) throw new Error(`sign-in: ${JSON.stringify(signed)}`);
      // What the card holds before its Helpful button, in Tab order: the label's source links,
      // the set link and the permalink (and Reply, where the set lets any reader reply).
      const demo = service.sets.find((s) => s.title === 'Open-source AI claims');
      const changes = await (
        await fetch(`${service.url}/api/sets/${demo.id}/changes?since=0`)
      ).json();
      const label = changes.annotations.find((a) => a.kind === 'claim' && a.verdict === 'disputed');
      const key = String(label.id).split('/').at(-1);
      const tabs = (label.sources?.length ?? 0) + 2 + (changes.set?.openReplies ? 1 : 0);

      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${corpusPort}/corpus/seed/meta-avocado-de.html`);
      const mark = await page.waitForFunction(
        () =>
          [...document.querySelectorAll('footnote-mark[tabindex]')].find(
            (m) => m.textContent === 'Open-Source',
          ),
        { timeout: 20000 },
      );
      await mark.evaluate((m) => m.scrollIntoView({ block: 'center' }));
      await mark.focus();
      await page.keyboard.press('Enter'); // into the card: its first link
      // On a fresh page the card's code loads on this first use (page-parts.js): Tab once inside.
      await page.waitForFunction(() => document.activeElement?.localName === 'footnote-card', {
        timeout: 10000,
      });
      for (let i = 0; i < tabs; i += 1) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // Helpful: the confirmation opens, focus on its Send
      const sentTooEarly = await fetch(`${service.url}/api/annotations/${key}/rating`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (sentTooEarly.status !== 404) throw new Error('the rating was sent before Send');
      await page.keyboard.press('Enter'); // Send: helpful
      let rating = null;
      for (let i = 0; i < 50 && !rating; i += 1) {
        const response = await fetch(`${service.url}/api/annotations/${key}/rating`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (response.ok) rating = await response.json();
        else await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (rating?.helpful !== true) throw new Error(`no helpful rating: ${JSON.stringify(rating)}`);
      await page.close();
    });
    await check(
      'the panel opens with Alt+Shift+P and Enter on an entry scrolls to its mark',
      async () => {
        const page = seedPage;
        if (!page) throw new Error('the seed article did not load');
        await page.evaluate(() => {
          getSelection().removeAllRanges();
          globalThis.scrollTo(0, document.documentElement.scrollHeight);
          const heading = document.querySelector('h1');
          heading.tabIndex = -1;
          heading.focus();
        });
        await page.keyboard.down('Alt');
        await page.keyboard.down('Shift');
        await page.keyboard.press('KeyP');
        await page.keyboard.up('Shift');
        await page.keyboard.up('Alt');
        await page.waitForFunction(
          () => document.querySelector('footnote-panel')?.style.display === 'block',
          { timeout: 10000 },
        );
        // The panel lists the demo label: its entry is the first after close, search and filters.
        for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.localName === 'footnote-mark', {
          timeout: 10000,
        });
        const shown = await page.evaluate(() => {
          const mark = document.activeElement;
          const r = mark.getBoundingClientRect();
          const panel = document.querySelector('footnote-panel').getBoundingClientRect();
          const bottom = panel.top > 0 ? panel.top : globalThis.innerHeight;
          const right = panel.top > 0 ? globalThis.innerWidth : panel.left;
          return {
            text: mark.textContent,
            visible: r.top >= 0 && r.bottom <= bottom && r.left >= 0 && r.right <= right,
          };
        });
        if (!/Open.Source/.test(shown.text) || !shown.visible)
          throw new Error(`the entry should scroll to its mark: ${JSON.stringify(shown)}`);
        await page.keyboard.press('Escape');
      },
    );
    await localSetAndHiddenLabelChecks({
      browser,
      options,
      service,
      site: `http://127.0.0.1:${corpusPort}`,
      downloads,
    });
  } finally {
    await browser.close();
    corpus.close();
    service.child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
  report();
}

main()
  .catch((error) => {
    results.failed += 1;
    console.log(`not ok - setup\n  ${error?.stack ?? error}`);
    report();
  })
  .finally(() => {
    process.exitCode = results.failed > 0 ? 1 : 0;
  });
