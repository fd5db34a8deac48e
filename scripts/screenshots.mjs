#!/usr/bin/env node
// `npm run screenshots`: pictures of the demo's gallery, the live element and both completion
// pages, in light and dark, under .screenshots/ (git-ignored), for reviewing a change by eye.
// Also refreshes the two pictures the README shows, docs/element.png and docs/completion-page.png.
// Runs its own Worker (fresh local state) and demo on free ports, so `npm start` may keep running.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { cleanUpWhenGone, freePort, startDemo, startWorker } from './dev-servers.mjs';

const OUT = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

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

/** Connects the live element with a row of the sandbox table and returns the popup, settled. */
async function completionPage(page, secret) {
  await page.locator('#session-status[data-kind=ready]').waitFor();
  await page.locator(`#credentials button[data-client-id="sandbox-ok"][data-secret="${secret}"]`).click();
  const popup = page.waitForEvent('popup');
  await page.locator('#live oauth-cc-connect').getByRole('button', { name: 'Connect', exact: true }).click();
  const window = await popup;
  await window.getByRole('heading', { level: 1 }).waitFor();
  // Chromium opens popups at the context's viewport; the element asks for 480×640.
  await window.setViewportSize({ width: 480, height: 640 });
  // The Close button has autofocus; its ring is not part of the picture.
  await window.evaluate(() => document.activeElement?.blur());
  return window;
}

try {
  // The Worker's webhooks go to this demo's receiver, whatever port it gets.
  const demoPort = await freePort();
  worker = await startWorker({
    persistTo: join(temp, 'state'),
    vars: { WEBHOOK_URL: `http://127.0.0.1:${demoPort}/__webhooks` },
  });
  demo = await startDemo({ port: demoPort, cacheDir: join(temp, 'vite'), logLevel: 'error' });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(`${demo.url}/?endpoint=${encodeURIComponent(worker.url)}`);
    await page.waitForFunction(() => !document.documentElement.classList.contains('loading'));
    await page.evaluate(() => document.fonts.ready);
    const session = page.locator('#session-status:not([data-kind=renewing])');
    if ((await session.getAttribute('data-kind')) !== 'ready')
      throw new Error(`The demo has no session: ${await session.textContent()}`);

    await shoot(page, `demo-${scheme}`);
    await shoot(page.locator('#gallery'), `gallery-${scheme}`);

    // The element as a host embeds it: instructions slotted, the credentials pasted.
    const embedded = page.locator('#gallery oauth-cc-connect[data-state=instructions]');
    await embedded.getByLabel('Client Secret').fill('a-pasted-client-secret');
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await embedded.scrollIntoViewIfNeeded();
    // A margin of the card's own colour, drawn over the card's caption, frames the element alone.
    const margin = 24;
    await embedded.evaluate((el, width) => (el.style.outline = `${width}px solid Canvas`), margin);
    const box = await embedded.boundingBox();
    await shoot(page, `element-instructions-${scheme}`, {
      clip: { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin },
    });
    await embedded.evaluate((el) => (el.style.outline = ''));

    const live = page.locator('#live');
    await page.locator('#session-status[data-kind=ready]').waitFor();
    await page.locator('#credentials button[data-client-id="sandbox-ok"][data-secret="sandbox-secret"]').click();
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await shoot(live, `element-${scheme}`);

    const complete = await completionPage(page, 'sandbox-secret');
    await shoot(complete, `completion-complete-${scheme}`);
    // The card alone, with a margin of the page around it, for the README.
    const card = await complete.locator('main').boundingBox();
    const around = 16;
    await shoot(complete, `completion-card-${scheme}`, {
      clip: {
        x: card.x - around,
        y: card.y - around,
        width: card.width + 2 * around,
        height: card.height + 2 * around,
      },
    });
    await complete.close();
    await page.locator('#session-status[data-kind=ready]').waitFor();

    const failed = await completionPage(page, 'wrong-secret');
    await shoot(failed, `completion-failed-${scheme}`);
    await failed.close();

    // The element after the failure, as the person sees it next to the popup.
    await shoot(live, `element-failed-${scheme}`);

    // Phone width, the whole page.
    await page.setViewportSize({ width: 360, height: 800 });
    await shoot(page, `demo-360-${scheme}`, { fullPage: true });
    await context.close();
  }
  await copyFile(join(OUT, 'element-instructions-light.png'), join(DOCS, 'element.png'));
  await copyFile(join(OUT, 'completion-card-light.png'), join(DOCS, 'completion-page.png'));
  written.push(join(DOCS, 'element.png'), join(DOCS, 'completion-page.png'));
  console.log(written.map((path) => `wrote ${path}`).join('\n'));
} finally {
  await Promise.allSettled([browser?.close(), demo?.stop(), worker?.stop()]);
  await rm(temp, { recursive: true, force: true });
}
