// The element in a React app, as an app embeds it: `oauth-cc-connect/react` (widget/react.ts)
// bundled with React by esbuild, served from its own origin, connecting against the end-to-end
// stack's `wrangler dev` (tenant `react`, its own) and its sandbox provider in Debian's Chromium.
// The app passes `strings={undefined}`, as @lit/react itself does on every render for a prop left
// unset.
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { freePort } from '../../scripts/dev-servers.mjs';
import { closedItself } from './support/demo-flow.mjs';
import { admin, fetchToken, startStack, WAIT_MS } from './support/stack.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The app: the component with its handlers, a list of the outcomes it was told, and a button that
// re-renders it (each render sets every prop again, `strings` included).
const APP = `
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OAuthCcConnect } from './widget/react.ts';

function App() {
  const [outcomes, setOutcomes] = useState([]);
  const [renders, setRenders] = useState(1);
  const told = (type) => (event) => setOutcomes((list) => [...list, { type, ...(event.detail ?? {}) }]);
  return (
    <main>
      <h1>Connect Acme</h1>
      <button id="rerender" onClick={() => setRenders(renders + 1)}>Rendered {renders} times</button>
      <OAuthCcConnect
        endpoint={window.CONNECT.endpoint}
        sessionToken={window.CONNECT.sessionToken}
        strings={undefined}
        closeAfter={0}
        onConnected={told('connected')}
        onFailed={told('failed')}
        onCancelled={told('cancelled')}
      >
        <p slot="instructions">In the Acme console, open Settings → API clients and create a client.</p>
      </OAuthCcConnect>
      <pre id="outcomes">{JSON.stringify(outcomes)}</pre>
    </main>
  );
}

createRoot(document.getElementById('root')).render(<App />);
`;

const TENANT = 'react';

let stack;
let app;
let context;
let bundle;

/** The app's own server: its page, with a session minted for it, and its bundle. */
function startApp(port) {
  const server = http.createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    if (req.url?.startsWith('/?session=')) {
      const sessionToken = new URL(req.url, 'http://app').searchParams.get('session');
      const config = JSON.stringify({ endpoint: stack.worker.url, sessionToken }).replace(/</g, '\\u003c');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme</title>
<script>window.CONNECT = ${config};</script>
<script type="module" src="/app.js"></script></head><body><div id="root"></div></body></html>`);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  const { outputFiles } = await build({
    stdin: { contents: APP, loader: 'tsx', resolveDir: ROOT, sourcefile: 'app.tsx' },
    bundle: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    // The element's own compiler settings (Lit wants useDefineForClassFields: false).
    tsconfig: join(ROOT, 'widget/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  bundle = outputFiles[0].text;
  const appPort = await freePort();
  stack = await startStack({ oidc: false, demo: false });
  app = await startApp(appPort);
  app.url = `http://127.0.0.1:${appPort}`;
});

after(async () => {
  await Promise.allSettled([stack?.stop(), new Promise((r) => (app ? app.close(r) : r()))]);
});

afterEach(() => context?.close());

/** The app, open, with a fresh session for its origin; page errors collected. */
async function openApp({ blockPopups = false } = {}) {
  const session = await admin(stack, '/v1/sessions', {
    tenant: TENANT,
    origin: app.url,
    tokenUrl: `${stack.worker.url}/sandbox/token`,
    scopes: ['read'],
  });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  context = await stack.browser.newContext({ viewport: { width: 1024, height: 800 } });
  // As patient as the other end-to-end files: a busy machine is not a failure.
  context.setDefaultTimeout(WAIT_MS);
  // Playwright's Chromium lets every popup through; a blocker answers window.open with null.
  if (blockPopups) await context.addInitScript(() => (window.open = () => null));
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(`${app.url}/?session=${encodeURIComponent(session.body.token)}`);
  return page;
}

const element = (page) => page.locator('oauth-cc-connect');
const outcomes = async (page) => JSON.parse(await page.locator('#outcomes').innerText());

describe('a React app embedding <OAuthCcConnect strings={undefined}>', () => {
  test('renders every label and button, re-renders without losing them, and connects', async () => {
    const page = await openApp();
    const el = element(page);
    for (const label of ['Client ID', 'Client Secret']) await el.getByLabel(label, { exact: true }).waitFor();
    assert.equal(await el.getByRole('button', { name: 'Connect', exact: true }).isVisible(), true);
    assert.equal(await el.getByText('Advanced').isVisible(), true);

    await el.getByLabel('Client ID', { exact: true }).fill('sandbox-ok');
    await el.getByLabel('Client Secret', { exact: true }).fill('sandbox-secret');
    // A re-render sets strings={undefined} again: the labels stay, and so does what was typed.
    await page.locator('#rerender').click();
    await page.locator('#rerender', { hasText: 'Rendered 2 times' }).waitFor();
    assert.equal(await el.getByLabel('Client ID', { exact: true }).inputValue(), 'sandbox-ok');
    assert.equal(await el.locator('label[for=client_secret]').innerText(), 'Client Secret');

    const popup = page.waitForEvent('popup');
    await el.getByRole('button', { name: 'Connect', exact: true }).click();
    await closedItself(await popup);
    await page.locator('#outcomes', { hasText: 'connected' }).waitFor();
    const [outcome, ...more] = await outcomes(page);
    assert.deepEqual(more, [], 'one outcome for one attempt');
    assert.equal(outcome.type, 'connected');
    assert.match(outcome.connectionId, /^conn_/);
    assert.deepEqual(outcome.scopes, ['read']);

    // The confirmation, not a live form: the client and where it connected.
    await el.getByText('Connected.').waitFor();
    assert.equal(await el.locator('[part=detail]').innerText(), `sandbox-ok · ${new URL(stack.worker.url).host}`);
    assert.equal(await el.getByLabel('Client Secret', { exact: true }).count(), 0);
    await el.getByRole('button', { name: 'Use different credentials' }).waitFor();

    const token = await fetchToken(stack, outcome.connectionId, TENANT);
    assert.equal(token.status, 200);
    assert.match(token.body.access_token, /^sandbox_/);
    assert.deepEqual(page.errors, []);
  });

  test('a refused secret: one failed outcome, the advice, and the secret marked', async () => {
    const page = await openApp();
    const el = element(page);
    await el.getByLabel('Client ID', { exact: true }).fill('sandbox-ok');
    await el.getByLabel('Client Secret', { exact: true }).fill('wrong-secret');
    const popup = page.waitForEvent('popup');
    await el.getByRole('button', { name: 'Connect', exact: true }).click();
    await closedItself(await popup);
    await page.locator('#outcomes', { hasText: 'failed' }).waitFor();
    assert.deepEqual(
      (await outcomes(page)).map((o) => [o.type, o.code]),
      [['failed', 'invalid_client']],
    );
    assert.match(await el.locator('[part=status]').innerText(), /rejected the Client ID or Client Secret/);
    assert.equal(await el.getByLabel('Client Secret', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(page.errors, []);
  });

  test('a blocked pop-up: no outcome until the person connects without one, then exactly one', async () => {
    const page = await openApp({ blockPopups: true });
    const el = element(page);
    await el.getByLabel('Client ID', { exact: true }).fill('sandbox-ok');
    await el.getByLabel('Client Secret', { exact: true }).fill('sandbox-secret');
    await el.getByRole('button', { name: 'Connect', exact: true }).click();
    await el.getByText('The pop-up was blocked.').waitFor();
    assert.deepEqual(await outcomes(page), [], 'a blocked pop-up is no outcome');
    await el.getByRole('button', { name: 'Connect without a pop-up' }).click();
    // Any outcome, then which: a failure shows as itself rather than as a wait that timed out.
    await page.waitForFunction(() => document.querySelector('#outcomes')?.textContent?.trim() !== '[]');
    assert.deepEqual(
      (await outcomes(page)).map((o) => o.type),
      ['connected'],
    );
    assert.deepEqual(page.errors, []);
  });
});
