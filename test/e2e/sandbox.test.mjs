// The demo's sandbox click-through: each row of the credentials table, filled in with its button
// and connected, ends the way the table promises, in the popup and in the element; then the
// demo's walkthroughs: Test & Save, rotate and reconnect in place, and both kinds of keys.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { request } from '../../scripts/dev-servers.mjs';
import {
  assertSecretOnlyInBodies,
  chooseSettings,
  clickConnect,
  deliveredWebhook,
  fillFields,
  hasState,
  liveElement,
  loggedEvent,
  popupHeading,
  statusText,
} from './support/demo-flow.mjs';
import { admin, fetchToken, openDemo, recordingContext, sessionReady, startStack } from './support/stack.mjs';

let stack;
let context;
let requests;

before(async () => {
  stack = await startStack({ oidc: false });
});
after(() => stack?.stop());
afterEach(() => context?.close());

async function demo() {
  ({ context, requests } = await recordingContext(stack.browser));
  return (await openDemo(context, stack)).page;
}

async function connectWithRow(clientId, secret, settings = {}) {
  const page = await demo();
  await chooseSettings(page, settings);
  await page.locator(`#credentials button[data-client-id="${clientId}"][data-secret="${secret}"]`).click();
  const popup = await clickConnect(page);
  return { page, popup };
}

const connection = async (id) => (await admin(stack, `/v1/connections/${id}?tenant=sandbox`)).body;

describe('the sandbox credentials', () => {
  test('sandbox-ok connects, and its token is served to the backend', async () => {
    const { page, popup } = await connectWithRow('sandbox-ok', 'sandbox-secret');
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const detail = await loggedEvent(page, 'oauth-cc-connected');
    assert.equal(await hasState(page, 'connected'), true);
    // The session preset the scope `read`, and the sandbox granted it.
    assert.deepEqual(detail.scopes, ['read']);
    const token = await fetchToken(stack, detail.connectionId);
    assert.equal(token.status, 200);
    assert.match(token.body.access_token, /^sandbox_/);
    assertSecretOnlyInBodies(requests, 'sandbox-secret');
    // A session connects once: choosing other credentials brings a new one, and the form with it.
    await liveElement(page).getByRole('button', { name: 'Use different credentials' }).click();
    await chooseSettings(page);
    assert.equal(await hasState(page, 'idle'), true);
    await liveElement(page).getByLabel('Client Secret', { exact: true }).waitFor();
  });

  for (const [clientId, secret, code, advice] of [
    ['sandbox-ok', 'wrong-secret', 'invalid_client', /rejected the Client ID or Client Secret/],
    ['sandbox-scope', 'sandbox-secret', 'invalid_scope', /rejected the requested scopes/],
    ['sandbox-down', 'sandbox-secret', 'provider_unavailable', /did not answer properly/],
  ]) {
    test(`${clientId} with ${secret} fails with ${code}`, async () => {
      const { page, popup } = await connectWithRow(clientId, secret);
      assert.equal(await popupHeading(popup), 'Authorization Failed');
      assert.match(await popup.locator('body').innerText(), advice);
      assert.equal((await loggedEvent(page, 'oauth-cc-failed', { popup })).code, code);
      assert.equal(await hasState(page, 'failed'), true);
      assert.match(await statusText(page), advice);
      assertSecretOnlyInBodies(requests, secret);
    });
  }

  test('sandbox-slow waits for the Worker’s 10 s timeout, then fails with provider_unavailable', async () => {
    const started = Date.now();
    const { page, popup } = await connectWithRow('sandbox-slow', 'sandbox-secret');
    assert.equal(await hasState(page, 'pending'), true);
    assert.equal(await statusText(page), 'Connecting…');
    assert.equal(await popupHeading(popup), 'Authorization Failed');
    assert.equal((await loggedEvent(page, 'oauth-cc-failed', { popup })).code, 'provider_unavailable');
    assert.ok(Date.now() - started >= 10_000, 'the failure came only after the timeout');
  });
});

describe('the walkthroughs', () => {
  test('Test & Save with /sandbox/api/forbidden: the credentials work, the API answers 403, nothing is stored', async () => {
    const { page, popup } = await connectWithRow('sandbox-ok', 'sandbox-secret', { probe: '/sandbox/api/forbidden' });
    assert.equal(await popupHeading(popup), 'Authorization Failed');
    assert.match(await popup.locator('body').innerText(), /the API answered 403/);
    const detail = await loggedEvent(page, 'oauth-cc-failed');
    assert.equal(detail.code, 'probe_failed');
    assert.match(
      detail.message,
      /The credentials work, but the API did not accept the token\..*\(the API answered 403\)/,
    );
    assert.equal(await hasState(page, 'failed'), true);
    assert.match(await statusText(page), /answered 403/);
  });

  test('Test & Save with /sandbox/api/ok connects; a rotated secret breaks it at a check; a reconnect in place with the new secret recovers the same connection', async () => {
    const { page, popup } = await connectWithRow('sandbox-ok', 'sandbox-secret', { probe: '/sandbox/api/ok' });
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const { connectionId } = await loggedEvent(page, 'oauth-cc-connected');
    const stored = await connection(connectionId);
    assert.equal(stored.status, 'active');
    assert.equal(stored.probe.url, `${stack.worker.url}/sandbox/api/ok`);
    const card = page.locator('#reconnect');
    assert.match(await card.locator('#reconnect-subject').innerText(), new RegExp(`${connectionId} of sandbox-ok`));

    try {
      await card.getByRole('button', { name: 'Rotate the secret' }).click();
      const secret = await card.locator('#rotated code').innerText();
      assert.match(secret, /^sandbox-secret-\S+/);
      await card.getByRole('button', { name: 'Check the connection' }).click();
      await card.locator('#check-result', { hasText: 'Now broken with invalid_client.' }).waitFor();

      await card.getByRole('button', { name: 'Reconnect this connection' }).click();
      await sessionReady(page);
      const live = liveElement(page);
      const host = new URL(stack.worker.url).host;
      assert.equal(await live.locator('[part=heading]').innerText(), `Update the credentials for ${host}.`);
      assert.equal(await live.getByLabel('Client ID', { exact: true }).inputValue(), 'sandbox-ok');
      assert.equal(await live.getByLabel('Issuer or token URL').count(), 0);
      await fillFields(page, { secret });
      const again = await clickConnect(page);
      assert.equal(await popupHeading(again), 'Authorization Complete');
      const detail = await loggedEvent(page, 'oauth-cc-connected', { count: 2 });
      assert.equal(detail.connectionId, connectionId, 'the same connection');
      assert.equal((await connection(connectionId)).status, 'active');

      assert.match(await deliveredWebhook(page, 'connection.broken', connectionId), /broken · invalid_client/);
      assert.match(await deliveredWebhook(page, 'connection.recovered', connectionId), /active/);
      assertSecretOnlyInBodies(requests, secret);

      await card.getByRole('button', { name: 'Put the documented secret back' }).click();
      await card.locator('#rotated', { hasText: 'Back to sandbox-secret.' }).waitFor();
    } finally {
      await request(`${stack.worker.url}/sandbox/clients/sandbox-ok/reset`, { method: 'POST' });
    }
  });

  test('a key pair from the sandbox console, its private key pasted into the element, connects sandbox-key through the issuer', async () => {
    const page = await demo();
    await chooseSettings(page, { provider: 'issuer' });
    await page.getByRole('button', { name: 'Generate a key pair' }).click();
    await page.locator('#session-status[data-kind=ready]', { hasText: 'private_key_jwt' }).waitFor();
    const pem = await page.locator('#private-key-pem').inputValue();
    const kid = await page.locator('#private-key-kid').innerText();
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);

    const live = liveElement(page);
    assert.equal(await live.getByLabel('Client Secret').count(), 0);
    assert.equal(await live.getByLabel('Issuer or token URL').inputValue(), `${stack.worker.url}/sandbox`);
    await fillFields(page, { clientId: 'sandbox-key', privateKey: pem, keyId: kid });
    // An input keeps no line breaks (a paste turns them into spaces): what is posted is what it holds.
    const pasted = await live.getByLabel('Private key (PEM)').inputValue();
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const { connectionId } = await loggedEvent(page, 'oauth-cc-connected');
    // Connected, a confirmation takes the form's place: the key's field is gone with it.
    await live.getByText('Connected.').waitFor();
    assert.equal(await live.getByLabel('Private key (PEM)').count(), 0, 'the key is gone once connected');
    const stored = await connection(connectionId);
    assert.equal(stored.auth_method, 'private_key_jwt');
    assert.equal(stored.issuer, `${stack.worker.url}/sandbox`);
    assert.equal(stored.token_url, `${stack.worker.url}/sandbox/token`);
    assertSecretOnlyInBodies(requests, pasted.trim());
    const material = pem.split('\n')[1];
    assert.deepEqual(
      requests.filter((r) => r.url.includes(material) || r.url.includes(encodeURIComponent(material))),
      [],
    );
  });

  test('a key the Worker holds: the element shows its JWKS URL to copy, and sandbox-key connects with its client id only', async () => {
    const page = await demo();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.demo.url });
    await sessionReady(page);
    await page.getByRole('button', { name: 'Create a key' }).click();
    const kid = await page.locator('#worker-key code').first().innerText();
    await page.locator('#session-status[data-kind=ready]', { hasText: kid }).waitFor();

    const live = liveElement(page);
    const jwksUri = `${stack.worker.url}/v1/jwks/sandbox`;
    assert.equal(await live.locator('[part=jwks]').innerText(), jwksUri);
    await live.getByRole('button', { name: 'Copy' }).click();
    await live.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), jwksUri);
    const published = await request(jwksUri);
    assert.ok(published.json().keys.some((key) => key.kid === kid));
    assert.equal(await live.getByLabel('Client Secret').count(), 0);
    assert.equal(await live.getByLabel('Private key (PEM)').count(), 0);

    await page.locator('#credentials button[data-client-id="sandbox-key"]').click();
    assert.equal(await live.getByLabel('Client ID', { exact: true }).inputValue(), 'sandbox-key');
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const { connectionId } = await loggedEvent(page, 'oauth-cc-connected');
    const stored = await connection(connectionId);
    assert.equal(stored.key_id, kid);
    assert.equal(stored.auth_method, 'private_key_jwt');
  });
});
