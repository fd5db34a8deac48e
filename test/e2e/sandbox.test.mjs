// The demo's sandbox click-through: each row of the credentials table, filled in with its button
// and connected, ends the way the table promises, in the popup and in the element.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  assertSecretOnlyInBodies,
  chooseSettings,
  clickConnect,
  hasState,
  loggedEvent,
  popupHeading,
  statusText,
} from './support/demo-flow.mjs';
import { fetchToken, openDemo, recordingContext, startStack } from './support/stack.mjs';

let stack;
let context;
let requests;

before(async () => {
  stack = await startStack({ oidc: false });
});
after(() => stack?.stop());
afterEach(() => context?.close());

async function connectWithRow(clientId, secret) {
  ({ context, requests } = await recordingContext(stack.browser));
  const { page } = await openDemo(context, stack);
  await chooseSettings(page);
  await page.locator(`#credentials button[data-client-id="${clientId}"][data-secret="${secret}"]`).click();
  const popup = await clickConnect(page);
  return { page, popup };
}

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
    // A new session is minted after the outcome, so the next click works too.
    await chooseSettings(page);
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
      assert.equal((await loggedEvent(page, 'oauth-cc-failed')).code, code);
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
    assert.equal((await loggedEvent(page, 'oauth-cc-failed')).code, 'provider_unavailable');
    assert.ok(Date.now() - started >= 10_000, 'the failure came only after the timeout');
  });
});
