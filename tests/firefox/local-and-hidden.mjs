// Firefox ESR: signed out, a note saved from the adder and the editor goes to the local set, is
// drawn, listed and exported as W3C JSON from the options page, and its set switches off and on;
// a label hidden "on this site" from its card stays hidden across a reload until it changes.
// The card, the adder and the editor are closed shadow roots that page scripts cannot read, so
// they are driven as a reader would (the mouse on the adder, the keyboard in the editor and the
// card) and judged by what is drawn on the page and kept in the extension's storage.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, footnote, sleep } from './harness.mjs';

/* global document, NodeFilter, getSelection, MouseEvent -- used inside functions that run in the browser */

const SEED = '/corpus/seed/meta-avocado-de.html';
const PHRASE = 'konzentrieren wir uns auf die Tatsache';
const NOTE = 'Kept in this Firefox until I upload it.';
const PASSWORD = 'correct horse battery';

/** Sends a message to the background from the options page (an extension page may). */
const send = (options, message) =>
  options.evaluate((m) => globalThis.browser.runtime.sendMessage(m), message);

/** One key of the extension's storage, read from the options page. */
const stored = (options, key) =>
  options.evaluate(async (k) => (await globalThis.browser.storage.local.get(k))[k], key);

/** The text of the marks whose accessible name starts with `kind` ("Note", "Unproven claim"). */
const markText = (page, kind) =>
  page.evaluate(
    (k) =>
      [...document.querySelectorAll('footnote-mark[tabindex]')]
        .filter((m) => (m.getAttribute('aria-label') ?? '').startsWith(k))
        .map((m) => m.textContent)
        .join(''),
    kind,
  );

/** Waits until the marks whose accessible name starts with `kind` read `phrase` together. */
const waitForMarkText = (page, kind, phrase, timeout) =>
  page.waitForFunction(
    ([k, text]) =>
      [...document.querySelectorAll('footnote-mark[tabindex]')]
        .filter((m) => (m.getAttribute('aria-label') ?? '').startsWith(k))
        .map((m) => m.textContent)
        .join('') === text,
    { timeout },
    [kind, phrase],
  );

/** Opens the seed article and waits until the demo set's label is drawn on it. */
async function openSeed(browser, site) {
  const page = await browser.newPage();
  await page.goto(`${site}${SEED}`);
  await waitForDemoLabel(page);
  return page;
}

async function waitForDemoLabel(page) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('footnote-mark[tabindex]')].some(
        (m) => m.textContent === 'Open-Source',
      ),
    { timeout: 20000 },
  );
  await sleep(500); // every set of the page is drawn in one pass; let it settle
}

/** Selects `phrase` as a drag would end (the adder listens for mouseup). */
async function selectPhrase(page, phrase) {
  const found = await page.evaluate((words) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(words);
      if (at === -1) continue;
      n.parentElement.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + words.length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return true;
    }
    return false;
  }, phrase);
  if (!found) throw new Error(`"${phrase}" is not on the page`);
}

async function waitForFile(path, timeout = 15000) {
  for (let waited = 0; waited < timeout; waited += 200) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.trim().endsWith('}')) return JSON.parse(text);
    }
    await sleep(200);
  }
  throw new Error(`nothing was downloaded to ${path}`);
}

/** A reader with a token on the service, made with the CLI as an administrator would. */
async function serviceUser(service, name) {
  const made = spawnSync(footnote, ['user', 'create', name, '--db', service.db], {
    input: `${PASSWORD}\n${PASSWORD}\n`,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`user create: ${made.stderr}`);
  const reply = await fetch(`${service.url}/api/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, password: PASSWORD, name: 'firefox test' }),
  });
  return (await reply.json()).token;
}

async function api(service, token, method, path, body) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

/**
 * The checks. `options` is the add-on's options page, `site` the corpus's origin, `downloads`
 * the folder Firefox saves downloads to.
 */
export async function localSetAndHiddenLabelChecks({ browser, options, service, site, downloads }) {
  let page = null;

  await check(
    'signed out, a note saved from the adder and editor is kept locally and drawn',
    async () => {
      const out = await send(options, { type: 'footnote/sign-out' });
      if (out?.settings?.signedIn !== false) throw new Error(`sign-out: ${JSON.stringify(out)}`);
      page = await openSeed(browser, site);
      await selectPhrase(page, PHRASE);
      await page.waitForFunction(
        () => document.querySelector('footnote-adder')?.style.display === 'block',
        { timeout: 10000 },
      );
      // The adder's first button is Note: a real click on it, as a reader's.
      const adder = await page.evaluate(() => {
        const r = document.querySelector('footnote-adder').getBoundingClientRect();
        return { left: r.left, top: r.top, height: r.height };
      });
      await page.mouse.click(adder.left + 16, adder.top + adder.height / 2);
      // The editor takes focus (its text box) once it knows where the note goes.
      await page.waitForFunction(() => document.activeElement?.localName === 'footnote-editor', {
        timeout: 10000,
      });
      await page.keyboard.type(NOTE);
      // A note's fields after its text: sources, then tags, where Enter submits the form.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await waitForMarkText(page, 'Note', PHRASE, 15000);
      const local = Object.values((await stored(options, 'set:local'))?.annotations ?? {});
      if (
        local.length !== 1 ||
        !local[0].id.startsWith('urn:uuid:') ||
        local[0].body?.[0]?.value !== NOTE ||
        local[0].target?.source !== `${site}${SEED}`
      )
        throw new Error(`the local set holds ${JSON.stringify(local)}`);
    },
  );

  await check('the options page lists the local note and exports it as W3C JSON', async () => {
    await options.waitForFunction(
      () => document.querySelectorAll('#local-notes li.local-note').length === 1,
      { timeout: 10000 },
    );
    const listed = await options.evaluate(() => {
      const item = document.querySelector('#local-notes li.local-note');
      return {
        quote: item.querySelector('.local-quote').textContent,
        text: item.querySelector('.local-text').textContent,
        link: item.querySelector('a').getAttribute('href'),
        dated: item.querySelectorAll('time').length,
      };
    });
    if (
      listed.quote !== PHRASE ||
      listed.text !== NOTE ||
      listed.link !== `${site}${SEED}` ||
      listed.dated !== 1
    )
      throw new Error(`listed as ${JSON.stringify(listed)}`);
    await options.click('#local-export');
    const exported = await waitForFile(join(downloads, 'footnote-local-notes.jsonld'));
    const [item] = exported.first?.items ?? [];
    if (
      exported.type !== 'AnnotationCollection' ||
      exported.total !== 1 ||
      !exported['@context']?.includes('http://www.w3.org/ns/anno.jsonld') ||
      item?.type !== 'Annotation' ||
      item.target?.selector?.[0]?.exact !== PHRASE ||
      item.body?.[0]?.value !== NOTE
    )
      throw new Error(`exported ${JSON.stringify(exported)}`);
  });

  await check('the local set switches off (remembered across a reload) and on again', async () => {
    if (!page) throw new Error('no note was saved');
    await options.click('#local-switch input[role=switch]');
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('footnote-mark')].some((m) =>
          m.getAttribute('aria-label')?.startsWith('Note'),
        ),
      { timeout: 10000 },
    );
    await page.reload();
    await waitForDemoLabel(page);
    const afterReload = await markText(page, 'Note');
    const kept = Object.keys((await stored(options, 'set:local'))?.annotations ?? {}).length;
    if (afterReload !== '' || kept !== 1 || (await stored(options, 'localEnabled')) !== false)
      throw new Error(`off: drawn "${afterReload}", ${kept} kept`);
    await options.click('#local-switch input[role=switch]');
    await waitForMarkText(page, 'Note', PHRASE, 10000);
  });

  await check(
    'a label hidden on this site stays hidden across a reload until it changes',
    async () => {
      const token = await serviceUser(service, 'ff-hider');
      const set = await api(service, token, 'POST', '/api/sets', {
        title: 'Firefox hides',
        visibility: 'public',
      });
      const label = await api(service, token, 'POST', `/api/sets/${set.id}/annotations`, {
        kind: 'claim',
        motivation: 'assessing',
        verdict: 'unproven',
        body: { type: 'TextualBody', value: 'Which Zuckerberg quote?', purpose: 'describing' },
        target: { selector: { type: 'ClaimPatternSelector', all: [['Zuckerberg']] } },
      });
      const followed = await send(options, { type: 'footnote/follow-set', setId: set.id });
      if (followed?.status !== 'ok') throw new Error(`follow: ${JSON.stringify(followed)}`);
      const hiddenPage = await openSeed(browser, site);
      await hiddenPage.waitForFunction(
        () => document.querySelector('footnote-mark[tabindex="0"][aria-label^="Unproven"]'),
        { timeout: 15000 },
      );
      const mark = await hiddenPage.$('footnote-mark[tabindex="0"][aria-label^="Unproven"]');
      await mark.evaluate((m) => m.scrollIntoView({ block: 'center' }));
      await mark.focus();
      await hiddenPage.keyboard.press('Enter'); // into the card: the set's link
      // On a fresh page the card's code loads on this first use (page-parts.js): Tab once inside.
      await hiddenPage.waitForFunction(
        () => document.activeElement?.localName === 'footnote-card',
        { timeout: 10000 },
      );
      // Signed out, a label without sources: the set link, Permalink, "Sign in to…", then Hide.
      for (let i = 0; i < 3; i += 1) await hiddenPage.keyboard.press('Tab');
      await hiddenPage.keyboard.press('Enter');
      await hiddenPage.waitForFunction(
        () => !document.querySelector('footnote-mark[aria-label^="Unproven"]'),
        { timeout: 10000 },
      );
      const key = String(label.id).split('/').at(-1);
      const hidden = (await stored(options, 'hiddenLabels'))?.['127.0.0.1'] ?? {};
      if (!Object.keys(hidden).some((k) => k.includes(key)))
        throw new Error(`hiddenLabels holds ${JSON.stringify(hidden)}`);

      await hiddenPage.reload();
      await waitForDemoLabel(hiddenPage);
      if ((await markText(hiddenPage, 'Unproven')) !== '')
        throw new Error('the hidden label is drawn again after a reload');

      // The label changes on the service: after the next sync it shows again.
      await api(service, token, 'PATCH', `/api/annotations/${key}`, {
        body: { type: 'TextualBody', value: 'Changed: which quote?', purpose: 'describing' },
      });
      await send(options, { type: 'footnote/sync-now' });
      await hiddenPage.reload();
      await hiddenPage.waitForFunction(
        () => document.querySelector('footnote-mark[aria-label^="Unproven"]'),
        { timeout: 20000 },
      );
      await hiddenPage.close();
    },
  );
  await page?.close();
}
