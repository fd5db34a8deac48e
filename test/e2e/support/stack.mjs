// Everything an end-to-end test file needs, started on free loopback ports and torn down by the
// file itself: the Worker (wrangler dev, fresh state directory), the demo page (Vite), a real
// OAuth server (oidc-provider) and Chromium. A failed or interrupted run leaves nothing behind:
// wrangler runs in its own process group, killed on teardown, on SIGINT/SIGTERM and at exit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { cleanUpWhenGone, freePort, request, startDemo, startWorker } from '../../../scripts/dev-servers.mjs';
import { startOidcProvider } from '../../support/oauth-servers.mjs';

export { OIDC_CLIENTS } from '../../support/oauth-servers.mjs';

const ADMIN_KEY = 'dev-admin-key';

/**
 * Starts what the file asks for. `worker: false` skips wrangler (for pages that need no
 * Worker); `oidc: false` skips oidc-provider. Returns the running pieces and `stop()`.
 */
export async function startStack({ worker = true, oidc = true } = {}) {
  const stack = { worker: null, demo: null, oidc: null, browser: null };
  const temp = await mkdtemp(join(tmpdir(), 'oauth-cc-e2e-'));
  let stopping;
  // Once, however many callers (the after hook, SIGINT, then SIGTERM from the runner) ask.
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled([stack.browser?.close(), stack.demo?.stop(), stack.worker?.stop(), stack.oidc?.close()]);
      await rm(temp, { recursive: true, force: true });
    })());
  const interrupted = async () => {
    await stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  // The test runner may end this process before `stop` is done (it does on Ctrl-C): wrangler's
  // group has its own watcher then (dev-servers), Playwright kills Chromium, and this one
  // removes the state directory.
  cleanUpWhenGone({ paths: [temp] });
  try {
    // Started one after another: on two cores, wrangler's start-up is the slow part either way.
    // The demo's port is chosen first: the Worker delivers its webhooks to the demo's receiver.
    const demoPort = await freePort();
    if (worker) {
      stack.worker = await startWorker({
        port: await freePort(),
        persistTo: join(temp, 'state'),
        vars: { WEBHOOK_URL: `http://127.0.0.1:${demoPort}/__webhooks` },
      });
    }
    if (oidc) stack.oidc = await startOidcProvider();
    stack.demo = await startDemo({ port: demoPort, cacheDir: join(temp, 'vite'), logLevel: 'error' });
    // Playwright's own signal handlers would exit at once; ours close everything first.
    stack.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...stack, stop };
}

/**
 * A fresh browser context whose every request (pages and popups alike) is recorded, so a test
 * can prove where the secret went and where it did not.
 */
export async function recordingContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const requests = [];
  context.on('request', (req) => requests.push({ method: req.method(), url: req.url(), body: req.postData() ?? '' }));
  return { context, requests };
}

/** The demo page, pointed at this stack's Worker; resolves once the page is ready to use. */
export async function openDemo(context, stack, query = '') {
  const page = await context.newPage();
  // Kept for failure messages: the browser says why a request failed (CORS, refused), the page cannot.
  page.consoleErrors = [];
  page.on('console', (message) => message.type() === 'error' && page.consoleErrors.push(message.text()));
  const params = new URLSearchParams(query);
  if (stack.worker) params.set('endpoint', stack.worker.url);
  const response = await page.goto(`${stack.demo.url}/?${params}`);
  await page.waitForFunction(() => !document.documentElement.classList.contains('loading'));
  return { page, response };
}

/** Waits until the demo says its sandbox session is ready (or fails with what it says instead). */
export async function sessionReady(page) {
  const status = page.locator('#session-status:not([data-kind=renewing])');
  await status.waitFor();
  if ((await status.getAttribute('data-kind')) !== 'ready') {
    throw new Error(
      `the demo has no session: ${await status.textContent()}\nbrowser console: ${page.consoleErrors?.join('\n') || '(nothing)'}`,
    );
  }
}

/** The token API, as the host's backend calls it. */
export async function fetchToken(stack, connectionId, tenant = 'sandbox') {
  const response = await request(`${stack.worker.url}/v1/connections/${connectionId}/token?tenant=${tenant}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  return { status: response.status, body: response.json() };
}

/**
 * The admin API, as the host's backend calls it: GET, or POST with `body` as JSON. Answers
 * `{status, body}`, the body parsed when there is one.
 */
export async function admin(stack, path, body) {
  const post = body !== undefined;
  const response = await request(`${stack.worker.url}${path}`, {
    method: post ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(post ? { 'content-type': 'application/json' } : {}) },
    body: post ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: response.text ? response.json() : null };
}
