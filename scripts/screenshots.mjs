#!/usr/bin/env node
// `npm run screenshots`: pictures of the demo's gallery (every state of the element) in light,
// dark, right to left and at 360 px, of each state alone, of the live element (also with a
// catalog preset chosen in the demo's picker) and of both completion pages (through the Worker, and in each language it speaks), under .screenshots/
// (git-ignored), for reviewing a change by eye. Also refreshes the pictures the README shows:
// docs/element.png, docs/states.png, docs/states-dark.png and docs/completion-page.png.
// Runs its own Worker (fresh local state) and demo on free ports, so `npm start` may keep running.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { cleanUpWhenGone, freePort, startDemo, startWorker } from './dev-servers.mjs';

const OUT = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const COMPLETION_PAGE = fileURLToPath(new URL('../worker/connect/completion-page.ts', import.meta.url));

/** The gallery's cards (demo/index.html), by the state their element shows. */
const STATES = [
  'idle',
  'advanced',
  'locked',
  'instructions',
  'profile',
  'preset',
  'worker-key',
  'pending',
  'connected',
  'failed',
  'popup-blocked',
  'cancelled',
];
/** The six the README shows side by side. */
const README_STATES = ['advanced', 'preset', 'pending', 'connected', 'failed', 'popup-blocked'];
/** Catalog presets the live element is shown with: a typed path segment, and host labels from a list. */
const PRESET_SHOTS = ['microsoft-entra', 'salesforce'];
/** Languages of the completion page rendered here besides English. Japanese needs a CJK font this machine may lack. */
const LANGUAGES = ['de', 'fr', 'es'];

await mkdir(OUT, { recursive: true });
await mkdir(DOCS, { recursive: true });
const temp = await mkdtemp(join(tmpdir(), 'oauth-cc-screenshots-'));
// Removed even when Ctrl-C ends this script early (wrangler's group has a watcher of its own).
cleanUpWhenGone({ paths: [temp] });
let worker;
let demo;
let browser;
const written = [];

async function shoot(target, name, options = {}) {
  const path = join(OUT, `${name}.png`);
  await target.screenshot({ path, animations: 'disabled', ...options });
  written.push(path);
}

const blur = (page) =>
  page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());

/** The demo, pointed at this run's Worker, once its gallery has its states and its session is in. */
async function openDemo(context) {
  const page = await context.newPage();
  await page.goto(`${demo.url}/?endpoint=${encodeURIComponent(worker.url)}`);
  await page.waitForFunction(() => !document.documentElement.classList.contains('loading'));
  await page.evaluate(() => document.fonts.ready);
  const session = page.locator('#session-status:not([data-kind=renewing])');
  if ((await session.getAttribute('data-kind')) !== 'ready')
    throw new Error(`The demo has no session: ${await session.textContent()}`);
  return page;
}

/** The gallery as the README shows it: the theme panel out of the way, `states` three across. */
async function readmeGallery(page, states) {
  const shown = states.map((state) => `:has(> oauth-cc-connect[data-state="${state}"])`).join(',');
  const style = await page.addStyleTag({
    content: `.theme-grid { grid-template-columns: minmax(0, 1fr) } .knobs { display: none }
      .gallery { grid-template-columns: repeat(3, minmax(0, 1fr)) } .state-card:not(${shown}) { display: none }`,
  });
  return () => style.evaluate((element) => element.remove());
}

/** Connects the live element with a row of the sandbox table and returns the popup, settled. */
async function completionPage(page, secret) {
  await page.locator('#session-status[data-kind=ready]').waitFor();
  await page.locator(`#credentials button[data-client-id="sandbox-ok"][data-secret="${secret}"]`).click();
  // After a connection the row first brings a new session (and the form) back, then fills it.
  await page.waitForFunction(
    (value) =>
      document.querySelector('#live oauth-cc-connect').shadowRoot.querySelector('input[name=client_secret]')?.value ===
      value,
    secret,
  );
  await page.locator('#session-status[data-kind=ready]').waitFor();
  const popup = page.waitForEvent('popup');
  await page.locator('#live oauth-cc-connect').getByRole('button', { name: 'Connect', exact: true }).click();
  const window = await popup;
  await window.getByRole('heading', { level: 1 }).waitFor();
  // Chromium opens popups at the context's viewport; the element asks for 480×640.
  await window.setViewportSize({ width: 480, height: 640 });
  // The Close button has autofocus; its ring is not part of the picture.
  await blur(window);
  return window;
}

/** The card of a completion page, with a margin of the page around it. */
async function shootCard(window, name) {
  const card = await window.locator('main').boundingBox();
  const around = 16;
  await shoot(window, name, {
    clip: { x: card.x - around, y: card.y - around, width: card.width + 2 * around, height: card.height + 2 * around },
  });
}

/** renderCompletionPage itself, compiled for this process: the page in languages a browser here would not ask for. */
async function completionRenderer() {
  const { outputFiles } = await build({
    entryPoints: [COMPLETION_PAGE],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  return module.renderCompletionPage;
}

try {
  // The Worker's webhooks go to this demo's receiver, whatever port it gets.
  const demoPort = await freePort();
  worker = await startWorker({
    persistTo: join(temp, 'state'),
    vars: { WEBHOOK_URL: `http://127.0.0.1:${demoPort}/__webhooks` },
  });
  demo = await startDemo({ port: demoPort, cacheDir: join(temp, 'vite'), logLevel: 'error', frozen: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const renderCompletionPage = await completionRenderer();

  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 2,
    });
    const page = await openDemo(context);
    await shoot(page, `demo-${scheme}`);
    await shoot(page.locator('#gallery'), `gallery-${scheme}`);
    for (const state of STATES)
      await shoot(page.locator(`#gallery oauth-cc-connect[data-state="${state}"]`), `state-${state}-${scheme}`);

    const restore = await readmeGallery(page, README_STATES);
    await shoot(page.locator('#gallery'), `states-${scheme}`);
    await restore();

    if (scheme === 'light') {
      await page.getByRole('radio', { name: 'Right to left' }).check();
      await shoot(page.locator('#gallery'), `gallery-rtl-${scheme}`);
      await page.getByRole('radio', { name: 'Left to right' }).check();
    }

    // The element as a host embeds it, in a card of its own: instructions slotted, the credentials pasted.
    const embedded = page.locator('#gallery oauth-cc-connect[data-state=instructions]');
    await embedded.getByLabel('Client Secret').fill('a-pasted-client-secret');
    await blur(page);
    const alone = await readmeGallery(page, ['instructions']);
    const caption = await page.addStyleTag({
      content: '.gallery { grid-template-columns: 28rem } .state-card > :is(h3, p) { display: none }',
    });
    await shoot(page.locator('.state-card:has(> [data-state=instructions])'), `element-instructions-${scheme}`);
    await caption.evaluate((element) => element.remove());
    await alone();

    // A preset from the Worker's catalog, as a designer picks it: its field, steps and docs link,
    // and the note that Connect would reach the provider itself.
    const live = page.locator('#live');
    for (const preset of PRESET_SHOTS) {
      await page.getByLabel('Provider preset').selectOption(preset);
      await page
        .locator('#session-status[data-kind=ready]')
        .filter({ hasText: `(${preset})` })
        .waitFor();
      await blur(page);
      await shoot(live, `element-preset-${preset}-${scheme}`);
    }
    await page.getByLabel('Provider preset').selectOption('');
    await page.locator('#session-status[data-kind=ready]').waitFor();
    await page.locator('#credentials button[data-client-id="sandbox-ok"][data-secret="sandbox-secret"]').click();
    await blur(page);
    await shoot(live, `element-${scheme}`);

    const complete = await completionPage(page, 'sandbox-secret');
    await shoot(complete, `completion-complete-${scheme}`);
    await shootCard(complete, `completion-card-${scheme}`);
    await complete.close();
    await page.locator('#live oauth-cc-connect:state(connected)').waitFor();
    await blur(page);
    await shoot(live, `element-connected-${scheme}`);

    const failed = await completionPage(page, 'wrong-secret');
    await shoot(failed, `completion-failed-${scheme}`);
    await failed.close();
    await page.locator('#live oauth-cc-connect:state(failed)').waitFor();
    await blur(page);
    // The element after the failure, as the person sees it next to the popup.
    await shoot(live, `element-failed-${scheme}`);

    // Phone width: the whole page, and the gallery on its own.
    await page.setViewportSize({ width: 360, height: 800 });
    await shoot(page, `demo-360-${scheme}`, { fullPage: true });
    await shoot(page.locator('#gallery'), `gallery-360-${scheme}`);
    await context.close();

    // The completion page in the languages it speaks, as the popup shows it.
    const popup = await browser.newPage({
      colorScheme: scheme,
      viewport: { width: 480, height: 640 },
      deviceScaleFactor: 2,
    });
    for (const locale of LANGUAGES) {
      for (const outcome of [
        { status: 'connected', connectionId: 'conn_1', scopes: [] },
        { status: 'failed', error: { code: 'invalid_client', message: '' } },
      ]) {
        const verdict = { outcome, message: null, origin: null };
        await popup.setContent(String(await renderCompletionPage(verdict, { closeAfter: null, nonce: '', locale })));
        await blur(popup);
        await shootCard(popup, `completion-${outcome.status}-${locale}-${scheme}`);
      }
    }
    await popup.close();
  }
  for (const [from, to] of [
    ['element-instructions-light', 'element'],
    ['states-light', 'states'],
    ['states-dark', 'states-dark'],
    ['completion-card-light', 'completion-page'],
  ]) {
    await copyFile(join(OUT, `${from}.png`), join(DOCS, `${to}.png`));
    written.push(join(DOCS, `${to}.png`));
  }
  console.log(written.map((path) => `wrote ${path}`).join('\n'));
} finally {
  await Promise.allSettled([browser?.close(), demo?.stop(), worker?.stop()]);
  await rm(temp, { recursive: true, force: true });
}
