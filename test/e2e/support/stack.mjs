// Everything an end-to-end test file needs: the Worker (wrangler dev, fresh state directory), the
// demo page (Vite), a real OAuth server (oidc-provider) and Chromium, on free loopback ports.
//
// `npm run test:e2e` (scripts/test-e2e.mjs) starts one stack for all the files and names it in
// E2E_STACK; `startStack()` then joins it, so a file pays for none of the start-up. A file run on
// its own (`node --test test/e2e/connect.test.mjs`) starts a stack of its own instead. Either
// way a file gets the same object, so a new file only calls `startStack()` and `stop()`. Files
// share the Worker: each keeps to tenants and connections of its own (the demo's is `sandbox`),
// and puts back what it changes (a rotated sandbox secret, oidc-provider's token lifetime).
//
// A failed or interrupted run leaves nothing behind: wrangler runs in its own process group,
// killed on teardown, on SIGINT/SIGTERM and at exit.
import http from 'node:http';
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
 * How long a Playwright wait (a locator, a popup, an event) may take before it fails. Tests wait
 * for a state, never for a time; this only ends a wait for a state that never comes, and is
 * generous so that a busy machine is not mistaken for a failure (CI has run these steps 2–4
 * times slower than an idle 2-core machine, and one popup then took over 90 s to close).
 */
export const WAIT_MS = 180_000;

/**
 * The stack this file uses: the run's shared one when E2E_STACK names it, else one of its own
 * with what `options` asks for (`worker: false`, `oidc: false`, `demo: false`, `browser: false`
 * skip pieces a file does not need). Resolves to `{worker, demo, oidc, webhooks, browser, stop}`.
 */
export async function startStack(options = {}) {
  const shared = process.env.E2E_STACK;
  return shared ? joinStack(JSON.parse(shared), options) : launchStack(options);
}

/**
 * Starts a stack. `browserServer` makes Chromium a server other processes connect to (the shared
 * stack); `describe()` then names the stack for E2E_STACK.
 */
export async function launchStack({
  worker = true,
  oidc = true,
  demo = true,
  browser = true,
  browserServer = false,
} = {}) {
  const stack = { worker: null, demo: null, oidc: null, webhooks: null, browser: null, browserServer: null };
  /** What wrangler and the Worker printed (the newest 5,000 lines), for a failed run to show. */
  const workerLog = [];
  const temp = await mkdtemp(join(tmpdir(), 'oauth-cc-e2e-'));
  let stopping;
  // Once, however many callers (the after hook, SIGINT, then SIGTERM from the runner) ask.
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled([
        stack.browser?.close(),
        stack.browserServer?.close(),
        stack.demo?.stop(),
        stack.worker?.stop(),
        stack.oidc?.close(),
        stack.webhooks?.close(),
      ]);
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
    // The demo's port is chosen first: the Worker delivers its webhooks, through the tap, to the
    // demo's receiver. The pieces start side by side; wrangler's start-up is the slow one.
    const demoPort = await freePort();
    stack.webhooks = await startWebhookTap(demo ? `http://127.0.0.1:${demoPort}/__webhooks` : null);
    const launchBrowser = async () => {
      const launchOptions = {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        // Playwright's own signal handlers would exit at once; ours close everything first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      };
      if (browserServer) stack.browserServer = await chromium.launchServer(launchOptions);
      else stack.browser = await chromium.launch(launchOptions);
    };
    await Promise.all([
      worker &&
        (async () => {
          stack.worker = await startWorker({
            persistTo: join(temp, 'state'),
            vars: { WEBHOOK_URL: stack.webhooks.url },
            onOutput: (line) => workerLog.push(line) > 5000 && workerLog.shift(),
          });
        })(),
      oidc && (async () => (stack.oidc = await startOidcProvider()))(),
      demo &&
        (async () => {
          stack.demo = await startDemo({
            port: demoPort,
            cacheDir: join(temp, 'vite'),
            logLevel: 'error',
            frozen: true,
          });
        })(),
      (browser || browserServer) && launchBrowser(),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    worker: stack.worker && { url: stack.worker.url },
    demo: stack.demo && { url: stack.demo.url },
    oidc: stack.oidc && oidcHandle(stack.oidc.issuer),
    webhooks: { received: stack.webhooks.received },
    browser: stack.browser,
    workerLog,
    describe: () => ({
      worker: stack.worker?.url,
      demo: stack.demo?.url,
      oidc: stack.oidc?.issuer,
      webhooks: stack.webhooks.url,
      browser: stack.browserServer?.wsEndpoint(),
    }),
    stop,
  };
}

/** The shared stack, as `launchStack(...).describe()` named it. */
async function joinStack(shared, { browser = true } = {}) {
  const connected = browser && shared.browser ? await chromium.connect(shared.browser) : null;
  return {
    worker: shared.worker && { url: shared.worker },
    demo: shared.demo && { url: shared.demo },
    oidc: shared.oidc && oidcHandle(shared.oidc),
    webhooks: { received: async () => (await request(`${shared.webhooks}/__received`)).json() },
    browser: connected,
    // Leaves the stack running for the next file; only this file's connection to Chromium ends.
    stop: async () => connected?.close(),
  };
}

/** oidc-provider as a test sees it, in this process or another: its URLs and its counters. */
function oidcHandle(issuer) {
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    /** Token requests oidc-provider has answered so far (all files together). */
    tokenRequests: async () => (await request(`${issuer}/__stats`)).json().tokenRequests,
    /** Sets the lifetime, in seconds, of the tokens it issues from now on. */
    setTokenTtl: async (seconds) => void (await request(`${issuer}/__ttl/${seconds}`, { method: 'POST' })),
  };
}

/**
 * The Worker's webhook endpoint: records each delivery as it came (raw body and headers, for a
 * test that verifies them with the server SDK) and passes it on, unchanged, to the demo's
 * receiver (`forwardTo`), whose answer it returns. `GET /__received` lists the deliveries.
 */
async function startWebhookTap(forwardTo) {
  const received = [];
  const server = http.createServer((req, res) => {
    // One request per connection: a pooled connection Node closes after 5 s idle would reset a
    // delivery that happens to pick it, and the queue would retry it only after its back-off.
    res.setHeader('connection', 'close');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      if (req.method === 'GET' && req.url === '/__received') {
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      }
      const headers = Object.fromEntries(
        ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature']
          .filter((name) => req.headers[name] !== undefined)
          .map((name) => [name, req.headers[name]]),
      );
      received.push({ body, headers });
      if (!forwardTo) return res.writeHead(204).end();
      try {
        const answer = await request(forwardTo, { method: 'POST', headers, body });
        res
          .writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'text/plain' })
          .end(answer.text);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  const port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return {
    url: `http://127.0.0.1:${port}`,
    received: async () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fresh browser context whose every request (pages and popups alike) is recorded, so a test
 * can prove where the secret went and where it did not. Its waits last WAIT_MS at most.
 */
export async function recordingContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(WAIT_MS);
  // Every message a page receives, for the diagnosis of an outcome that never came (demo-flow.mjs).
  await context.addInitScript(() => {
    globalThis.__messages = [];
    addEventListener('message', (event) =>
      globalThis.__messages.push({ origin: event.origin, data: event.data, at: new Date().toISOString() }),
    );
  });
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

/** Waits until the demo says its sandbox session is ready (or, if none comes within the wait, fails with what it says). */
export async function sessionReady(page) {
  // The demo asks again 5 s after a failed request, as a person would see it recover; wrangler
  // dev drops a connection now and then on a busy machine. So the wait is for a session, and an
  // error shown meanwhile is not the end of it.
  try {
    await page.locator('#session-status[data-kind=ready]').waitFor();
  } catch (error) {
    const shown = await page
      .locator('#session-status')
      .textContent()
      .catch(() => '(no status)');
    throw new Error(
      `the demo has no session: ${shown}\nbrowser console: ${page.consoleErrors?.join('\n') || '(nothing)'}`,
      { cause: error },
    );
  }
}

/**
 * Polls `check` until it answers something other than undefined or false, and answers that.
 * For a state only the server knows (a delivery acknowledged, a token refreshed): the wait ends
 * when the state comes, however long that takes; the test's own timeout is the only bound.
 */
export async function until(check, { intervalMs = 250 } = {}) {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
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
