// The designers' page itself: the gallery of states, the theme knobs, the API table and the
// layout at phone width. None of this needs the Worker, so this file starts none; the page is
// pointed at a port where nothing listens and must say so plainly.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { freePort, request } from '../../scripts/dev-servers.mjs';
import { recordingContext, startStack } from './support/stack.mjs';

const manifest = JSON.parse(await readFile(new URL('../../custom-elements.json', import.meta.url), 'utf8'));
const declaration = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'oauth-cc-connect');

let stack;
let deadEndpoint;

before(async () => {
  stack = await startStack({ worker: false, oidc: false });
  deadEndpoint = `http://127.0.0.1:${await freePort()}`;
});
after(() => stack?.stop());

async function open(options = {}) {
  const { context, requests } = await recordingContext(stack.browser, options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.demo.url}/?endpoint=${encodeURIComponent(deadEndpoint)}`);
  await page.waitForFunction(() => !document.documentElement.classList.contains('loading'));
  return { page, context, requests, errors };
}

const card = (page, state) => page.locator(`#gallery oauth-cc-connect[data-state="${state}"]`);
const matchesState = (locator, state) => locator.evaluate((el, s) => el.matches(`:state(${s})`), state);

describe('the demo page', () => {
  test('the gallery shows every state side by side, and none of it reaches the network', async () => {
    const { page, context, requests, errors } = await open();
    try {
      assert.equal(await matchesState(card(page, 'idle'), 'idle'), true);
      for (const label of ['Client ID', 'Client Secret', 'Issuer or token URL']) {
        await card(page, 'idle').getByLabel(label, { exact: true }).waitFor();
      }
      // The optional fields wait, folded, until the person opens Advanced; a preset value opens it.
      assert.equal(await card(page, 'idle').getByLabel('Scopes', { exact: true }).isVisible(), false);
      await card(page, 'idle').getByText('Advanced').click();
      await card(page, 'idle').getByLabel('Scopes', { exact: true }).waitFor();
      assert.equal(await card(page, 'advanced').getByLabel('Scopes', { exact: true }).inputValue(), 'reports:read');

      // Locked by the session: the token URL and scopes are not even offered.
      assert.equal(await card(page, 'locked').getByLabel('Issuer or token URL').count(), 0);
      assert.equal(await card(page, 'locked').getByLabel('Scopes').count(), 0);
      assert.equal(await card(page, 'locked').getByLabel('Client ID').count(), 1);

      assert.match(await card(page, 'instructions').innerText(), /Settings → API clients/);
      await card(page, 'profile').getByLabel('Account ID').waitFor();
      assert.equal(await card(page, 'profile').getByRole('combobox', { name: 'Data centre' }).count(), 1);
      assert.match(await card(page, 'preset').locator('[part=steps]').innerText(), /Server-to-Server OAuth/);
      await card(page, 'preset').getByRole('link', { name: 'Zoom documentation' }).waitFor();

      const statusOf = (state) => card(page, state).locator('[part=status]').innerText();
      assert.equal(await matchesState(card(page, 'pending'), 'pending'), true);
      assert.equal(await statusOf('pending'), 'Connecting…');
      assert.equal(await matchesState(card(page, 'connected'), 'connected'), true);
      assert.equal(await statusOf('connected'), 'Connected.');
      await card(page, 'connected').getByRole('button', { name: 'Use different credentials' }).waitFor();
      assert.equal(await matchesState(card(page, 'failed'), 'failed'), true);
      assert.match(await statusOf('failed'), /rejected the Client ID or Client Secret/);
      assert.equal(
        await card(page, 'failed').getByLabel('Client Secret', { exact: true }).getAttribute('aria-invalid'),
        'true',
      );
      assert.equal(await matchesState(card(page, 'popup-blocked'), 'blocked'), true);
      assert.match(await statusOf('popup-blocked'), /pop-up was blocked/);
      await card(page, 'popup-blocked').getByRole('button', { name: 'Connect without a pop-up' }).waitFor();
      assert.equal(await matchesState(card(page, 'cancelled'), 'idle'), true);
      assert.match(await statusOf('cancelled'), /closed before connecting/);

      assert.deepEqual(
        requests.filter((r) => r.url.includes('gallery.invalid')),
        [],
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('says plainly when the Worker is not running', async () => {
    const { page, context } = await open();
    try {
      const status = page.locator('#session-status');
      await status.filter({ hasText: 'could not be reached' }).waitFor();
      assert.match(await status.innerText(), new RegExp(`${deadEndpoint}.*npm start`));
    } finally {
      await context.close();
    }
  });

  test('the API table lists everything custom-elements.json declares', async () => {
    const { page, context } = await open();
    try {
      const api = page.locator('#api-reference');
      const text = await api.innerText();
      const expected = [
        ...declaration.attributes.map((a) => a.name),
        ...declaration.events.map((e) => e.name),
        ...declaration.slots.map((s) => s.name),
        ...declaration.cssParts.map((p) => `::part(${p.name})`),
        ...declaration.cssProperties.map((p) => p.name),
        ...declaration.cssStates.map((s) => `:state(${s.name})`),
      ];
      assert.ok(expected.length > 20, 'the manifest describes the element');
      for (const name of expected) assert.ok(text.includes(name), `${name} is in the API table`);
      // Descriptions come along, with their `code` spans rendered as code.
      assert.ok(text.includes(declaration.attributes[0].description.replace(/`/g, '')));
      assert.ok((await api.locator('table').count()) >= 6);
    } finally {
      await context.close();
    }
  });

  test('the theme knobs restyle every element, and the CSS to copy is what they applied', async () => {
    const { page, context } = await open({ colorScheme: 'light' });
    try {
      const button = page.locator('#live oauth-cc-connect [part=button]');
      const css = page.locator('#css-out');
      const background = () => button.evaluate((el) => getComputedStyle(el).backgroundColor);
      const before = await background();

      await page.locator('[id="knob--oauth-cc-accent"]').fill('#c026d3');
      assert.equal(await background(), 'rgb(192, 38, 211)');
      assert.equal(
        await card(page, 'failed')
          .locator('[part=button]')
          .evaluate((el) => getComputedStyle(el).backgroundColor),
        'rgb(192, 38, 211)',
      );
      await page.locator('[id="knob--oauth-cc-radius"]').fill('14');
      assert.equal(await button.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '14px');

      await page.getByRole('radio', { name: 'Dark' }).check();
      const host = page.locator('#live oauth-cc-connect');
      assert.equal(await host.evaluate((el) => getComputedStyle(el).colorScheme), 'dark');
      const text = await css.innerText();
      assert.match(text, /^oauth-cc-connect \{/);
      assert.match(text, /color-scheme: dark;/);
      assert.match(text, /--oauth-cc-accent: #c026d3;/);
      assert.match(text, /--oauth-cc-radius: 14px;/);
      assert.doesNotMatch(text, /--oauth-cc-error/, 'knobs left alone add no CSS');

      // Pasting the copied CSS into a page gives the same look: it is literally the applied stylesheet.
      const applied = await page.evaluate(() =>
        [...document.querySelectorAll('style')].map((s) => s.textContent).join('\n'),
      );
      assert.ok(applied.includes(text));

      await page.getByRole('radio', { name: 'System' }).check();
      await page.getByRole('button', { name: 'Reset' }).click();
      assert.equal(await background(), before);
      assert.doesNotMatch(await css.innerText(), /--oauth-cc/);
    } finally {
      await context.close();
    }
  });

  test('the backend stand-in (it holds the development admin key) answers only this page, and only for a local Worker', async () => {
    const check = (headers, body) =>
      request(`${stack.demo.url}/__backend/check`, { method: 'POST', headers, body: JSON.stringify(body) });
    const fields = { endpoint: deadEndpoint, connectionId: 'conn_AAAAAAAAAAAAAAAAAAAAAA' };
    const json = { 'content-type': 'application/json' };
    assert.equal((await check(json, fields)).status, 403, 'no Origin');
    assert.equal((await check({ ...json, origin: 'https://evil.example' }, fields)).status, 403);
    assert.equal((await check({ 'content-type': 'text/plain', origin: stack.demo.url }, fields)).status, 403);
    const own = { ...json, origin: stack.demo.url };
    assert.equal((await check(own, { ...fields, endpoint: 'http://worker.example.com' })).status, 400);
    assert.equal((await check(own, { ...fields, connectionId: '../keys' })).status, 400);
    assert.equal((await request(`${stack.demo.url}/__backend/check`)).status, 405);
  });

  test('a script that fails to load shows the page at once rather than a blank one', async () => {
    const { context } = await recordingContext(stack.browser);
    try {
      const page = await context.newPage();
      await page.route(/\/main\.ts(\?|$)/, (route) => route.fulfill({ status: 500, body: 'broken' }));
      // By the page's load event (which waits for its scripts), not after the 10 s fallback,
      // which is there for slowness, not for failures.
      await page.goto(`${stack.demo.url}/?endpoint=${encodeURIComponent(deadEndpoint)}`);
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('loading')), false);
      assert.equal(await page.locator('main').isVisible(), true);
    } finally {
      await context.close();
    }
  });

  test('loads without layout shifts and fits a 360 px wide screen', async () => {
    const { page, context } = await open({ viewport: { width: 360, height: 740 } });
    try {
      // Layout Instability API: shifts of visible content while the page settled (its fonts
      // loaded, then two frames painted), however long that took.
      const shift = await page.evaluate(async () => {
        await document.fonts.ready;
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        await frame();
        await frame();
        let total = 0;
        const add = (entries) => {
          for (const entry of entries) if (!entry.hadRecentInput) total += entry.value;
        };
        const observer = new PerformanceObserver((list) => add(list.getEntries()));
        observer.observe({ type: 'layout-shift', buffered: true });
        await frame();
        add(observer.takeRecords());
        observer.disconnect();
        return total;
      });
      assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);

      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the page is ${width}px wide`);
      const overflowing = await page.evaluate(() =>
        [...document.querySelectorAll('.card, oauth-cc-connect, table')]
          .filter((el) => el.getBoundingClientRect().right > 360.5)
          .map((el) => el.id || el.className || el.tagName),
      );
      assert.deepEqual(overflowing, []);
    } finally {
      await context.close();
    }
  });
});
