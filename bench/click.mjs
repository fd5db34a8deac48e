// Section "click": click-to-result in headless Chromium. The real run: the built element (the
// self-contained bundle) on a page, against `wrangler dev`, whose token endpoint (the token
// server) answers at once; the time from the click event to `oauth-cc-connected`. The floor: the
// same click on a page that opens the same kind of popup (a named window, then a form POST into
// it) on another origin (and site), whose static page posts back to the opener at once; the time
// from the click event to that message. The two alternate, run by run, in one browser.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { freePort } from '../scripts/dev-servers.mjs';
import { buildElement } from './size.mjs';
import { median, ms, quantile, ratio, verdict } from './stats.mjs';

const BUNDLE = fileURLToPath(new URL('../dist/oauth-cc-connect.bundle.js', import.meta.url));
const WARMUP_RUNS = 3;
const RUNS = 30;
/** Goal: the element takes at most this many times the floor (medians). */
const GOAL = 1.25;

// As the end-to-end tests launch it, plus no throttling of a page whose popup is in front.
const ARGS = [
  ...CHROMIUM_ARGS,
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

// Both pages time from the click event (capture phase, before any handler runs) to the result, in
// the page's own clock, so nothing Playwright does around the click is counted.
const TIMING = `
let clickedAt = 0;
addEventListener('click', (event) => (clickedAt = event.timeStamp), true);
const elapsed = () => performance.now() - clickedAt;
// Wall-clock times (ms since 1970) of the click and the result, to place the form POST between them.
const times = () => ({ clickedAt: performance.timeOrigin + clickedAt, resultAt: performance.timeOrigin + performance.now() });`;

const ELEMENT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>element</title><script type="module" src="/oauth-cc-connect.bundle.js"></script></head>
<body>
<div id="host"></div>
<script type="module">${TIMING}
globalThis.bench = {
  // A fresh element for each run: its own session (single use) and client id (a new connection).
  async prepare({ endpoint, session, clientId }) {
    await customElements.whenDefined('oauth-cc-connect');
    const element = document.createElement('oauth-cc-connect');
    const attributes = { endpoint, 'session-token': session, 'client-id': clientId, 'close-after': '0' };
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.getElementById('host').replaceChildren(element);
    this.result = new Promise((resolve) => {
      element.addEventListener('oauth-cc-connected', () => resolve({ ms: elapsed(), ...times() }));
      element.addEventListener('oauth-cc-failed', (event) => resolve({ error: event.detail.code }));
      element.addEventListener('oauth-cc-cancelled', () => resolve({ error: 'cancelled' }));
    });
    await element.updateComplete;
    element.shadowRoot.querySelector('input[name=client_secret]').value = 'bench-secret';
  },
};
</script>
</body>
</html>`;

const floorPage = (popupOrigin) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>floor</title></head>
<body>
<button id="connect">Connect</button>
<script type="module">${TIMING}
let popup = null;
let settle = () => {};
addEventListener('message', (event) => {
  if (event.origin === '${popupOrigin}' && event.source === popup) settle({ ms: elapsed(), ...times() });
});
document.getElementById('connect').addEventListener('click', () => {
  const name = 'floor-' + crypto.randomUUID();
  popup = open('', name, 'popup,width=480,height=640');
  const form = Object.assign(document.createElement('form'), { method: 'post', action: '${popupOrigin}/popup', target: name });
  form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'state', value: name }));
  document.body.append(form);
  form.submit();
  form.remove();
});
globalThis.bench = {
  async prepare() {
    this.result = new Promise((resolve) => (settle = resolve));
  },
};
</script>
</body>
</html>`;

const popupPage = (pageOrigin) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><script>opener.postMessage({ type: 'floor' }, '${pageOrigin}'); close();</script></body>
</html>`;

/**
 * A server on a free loopback port answering `routes[path]` ({type, body}) to any method, named
 * `host` in its origin (`localhost` and `127.0.0.1` are different sites to the browser).
 */
async function serve(routes, host = '127.0.0.1') {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const route = routes[new URL(req.url, 'http://x').pathname];
      if (!route) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(route.body());
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://${host}:${port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

/**
 * One click on `page`; resolves with the page's click-to-result time in ms, and where it went:
 * until the popup's form POST left (`open`), until the first byte of its answer (`answer`: the
 * server, and for the element the Worker's exchange with the token server), until its last byte
 * (`body`), and from there to the result (`report`: the popup's page, its postMessage and the
 * opener's handling). Request times are Chromium's network timings; the click and the result,
 * the page's clock. When Chromium reports no last byte (a popup that closed at once), `body` is
 * unknown and `report` counts from the first byte.
 */
async function clickOnce(page, selector, args, postUrl) {
  await page.bringToFront();
  await page.evaluate((a) => globalThis.bench.prepare(a), args);
  const popup = page.waitForEvent('popup');
  const posted = page.context().waitForEvent('response', (r) => r.request().method() === 'POST' && r.url() === postUrl);
  await page.click(selector);
  const result = await page.evaluate(() => globalThis.bench.result);
  const response = await posted;
  await Promise.race([response.finished().catch(() => null), sleep(1000)]);
  const timing = response.request().timing();
  const lastByte = timing.responseEnd >= 0 ? timing.responseEnd : timing.responseStart;
  // Both popups close themselves; the next run starts once this one is gone.
  const opened = await popup;
  if (!opened.isClosed()) await opened.waitForEvent('close', { timeout: 15_000 });
  if (result.error) throw new Error(`the element reported ${result.error}`);
  return {
    ms: result.ms,
    open: timing.startTime - result.clickedAt,
    answer: timing.responseStart,
    body: timing.responseEnd >= 0 ? timing.responseEnd - timing.responseStart : NaN,
    report: result.resultAt - (timing.startTime + lastByte),
  };
}

export async function clickSection({ stack, log }) {
  if (!existsSync(BUNDLE)) {
    log('building the element…');
    await buildElement();
  }
  const bundle = readFileSync(BUNDLE);
  const popupRoutes = {};
  const popupServer = await serve(popupRoutes);
  // The host page is on another site than both popups (site isolation gives each popup a process
  // of its own, as for a Worker on its own domain in production): `localhost`, where the Worker
  // and the floor's popup server are on 127.0.0.1.
  const pageServer = await serve(
    {
      '/element.html': { type: 'text/html', body: () => ELEMENT_PAGE },
      '/floor.html': { type: 'text/html', body: () => floorPage(popupServer.origin) },
      '/oauth-cc-connect.bundle.js': { type: 'text/javascript', body: () => bundle },
    },
    'localhost',
  );
  // The popup's page is static: the opener's origin is known before the first run.
  const popupHtml = popupPage(pageServer.origin);
  popupRoutes['/popup'] = { type: 'text/html', body: () => popupHtml };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const floor = await context.newPage();
    const element = await context.newPage();
    await floor.goto(`${pageServer.origin}/floor.html`);
    await element.goto(`${pageServer.origin}/element.html`);
    const samples = { floor: [], element: [] };
    log(`${WARMUP_RUNS} warm-up pairs, then ${RUNS} measured pairs…`);
    for (let run = 0; run < WARMUP_RUNS + RUNS; run += 1) {
      const session = await stack.mintSession(pageServer.origin);
      const measure = {
        floor: () => clickOnce(floor, '#connect', {}, `${popupServer.origin}/popup`),
        element: () =>
          clickOnce(
            element,
            'oauth-cc-connect [part=button]',
            { endpoint: stack.url, session, clientId: `click-${run}` },
            `${stack.url}/v1/connect`,
          ),
      };
      // Alternate which goes first, so neither always follows the other.
      for (const kind of run % 2 ? ['element', 'floor'] : ['floor', 'element']) {
        const time = await measure[kind]();
        if (run >= WARMUP_RUNS) samples[kind].push(time);
      }
    }
    const stats = (runs) => {
      const values = runs.map((r) => r.ms);
      const known = (values) => values.filter(Number.isFinite);
      const parts = ['open', 'answer', 'body', 'report'].map((part) => {
        const values = known(runs.map((r) => r[part]));
        return `${ms(median(values))}${values.length < runs.length ? ` (${values.length} runs)` : ''}`;
      });
      return { p50: median(values), p95: quantile(values, 0.95), parts };
    };
    const breakdown = ({ parts: [open, answer, body, report] }) =>
      `click → POST leaves ${open} · → first byte ${answer} · → last byte ${body} · → result ${report}`;
    const e = stats(samples.element);
    const f = stats(samples.floor);
    const medianRatio = e.p50 / f.p50;
    return {
      chromium: browser.version(),
      rows: [
        {
          measure: `element → wrangler dev → oauth-cc-connected (${RUNS} runs)`,
          figure: `median ${ms(e.p50)} · p95 ${ms(e.p95)}`,
          goal: `median ratio ${ratio(medianRatio)} (goal ≤ ${ratio(GOAL)}) ${verdict(medianRatio <= GOAL)}`,
        },
        {
          measure: `floor: static popup on another site posts back (${RUNS} runs)`,
          figure: `median ${ms(f.p50)} · p95 ${ms(f.p95)}`,
          goal: `p95 ratio ${ratio(e.p95 / f.p95)}`,
        },
        { measure: 'element: where the time goes (medians)', figure: breakdown(e) },
        { measure: 'floor: where the time goes (medians)', figure: breakdown(f) },
      ].map((row) => ({ section: 'click', ...row })),
    };
  } finally {
    await browser.close();
    await Promise.all([pageServer.close(), popupServer.close()]);
  }
}
