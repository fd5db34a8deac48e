// The whole flow in Chromium, through the demo page: the element, the Worker under wrangler dev
// (fresh local D1) and a real OAuth server (oidc-provider). Each test uses a fresh browser
// context and records every request it makes, popups included.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  assertSecretOnlyInBodies,
  chooseSettings,
  clickConnect,
  closedItself,
  fillFields,
  hasState,
  liveElement,
  loggedEvent,
  popupHeading,
  statusText,
  useSession,
} from './support/demo-flow.mjs';
import { registerKeyClient } from '../support/register-key-client.mjs';
import { admin, fetchToken, OIDC_CLIENTS, openDemo, recordingContext, startStack, until } from './support/stack.mjs';

let stack;
let context;
let requests;

before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());
afterEach(() => context?.close());

async function demo(query = '') {
  ({ context, requests } = await recordingContext(stack.browser));
  const { page, response } = await openDemo(context, stack, query);
  page.response = response;
  return page;
}

describe('connect through the demo page', () => {
  for (const [method, client] of [
    ['client_secret_basic', OIDC_CLIENTS.basic],
    ['client_secret_post', OIDC_CLIENTS.post],
  ]) {
    test(`connects with ${method}, and the token API then hands out a token`, async () => {
      const page = await demo();
      await chooseSettings(page, { authMethod: method });
      await fillFields(page, {
        clientId: client.id,
        secret: client.secret,
        tokenUrl: stack.oidc.tokenUrl,
        scope: 'api:read',
      });
      const exchangesBefore = await stack.oidc.tokenRequests();

      const popup = await clickConnect(page);
      assert.equal(await popupHeading(popup), 'Authorization Complete');
      assert.equal(await popup.title(), 'Authorization Complete');
      const detail = await loggedEvent(page, 'oauth-cc-connected');
      assert.match(detail.connectionId, /\S/);
      assert.deepEqual(detail.scopes, ['api:read']);
      assert.ok(detail.expiresAt > Date.now() / 1000);
      assert.equal(await hasState(page, 'connected'), true);
      assert.equal(await statusText(page), 'Connected.');
      // The Worker really asked the provider.
      assert.equal(await stack.oidc.tokenRequests(), exchangesBefore + 1);
      // The popup stays until the person closes it (no close-after chosen).
      assert.equal(popup.isClosed(), false);

      const token = await fetchToken(stack, detail.connectionId);
      assert.equal(token.status, 200);
      assert.match(token.body.access_token, /\S{10,}/);
      assert.equal(token.body.token_type.toLowerCase(), 'bearer');
      assert.equal(token.body.scope, 'api:read');
      assert.equal(token.body.expires_at, detail.expiresAt);
      // Served from storage: no second exchange for a fresh token.
      assert.equal(await stack.oidc.tokenRequests(), exchangesBefore + 1);

      assertSecretOnlyInBodies(requests, client.secret);
    });
  }

  test('a wrong secret shows Authorization Failed with the invalid_client advice, in the popup and the element', async () => {
    const page = await demo();
    await chooseSettings(page);
    const secret = 'not-the-right-secret-4711';
    await fillFields(page, {
      clientId: OIDC_CLIENTS.basic.id,
      secret,
      tokenUrl: stack.oidc.tokenUrl,
      scope: 'api:read',
    });

    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Failed');
    const popupText = await popup.locator('body').innerText();
    assert.match(popupText, /rejected the Client ID or Client Secret/);
    assert.match(popupText, /invalid_client/);

    const detail = await loggedEvent(page, 'oauth-cc-failed');
    assert.equal(detail.code, 'invalid_client');
    assert.equal(await hasState(page, 'failed'), true);
    assert.match(await statusText(page), /rejected the Client ID or Client Secret/);
    assert.ok(!JSON.stringify(detail).includes(secret), 'the event carries no secret');
    assertSecretOnlyInBodies(requests, secret);
  });

  test('with close-after 0 the popup closes by itself', async () => {
    const page = await demo();
    await chooseSettings(page, { closeAfter: 0 });
    await fillFields(page, {
      clientId: OIDC_CLIENTS.basic.id,
      secret: OIDC_CLIENTS.basic.secret,
      tokenUrl: stack.oidc.tokenUrl,
    });

    await closedItself(await clickConnect(page));
    const detail = await loggedEvent(page, 'oauth-cc-connected');
    assert.match(detail.connectionId, /\S/);
    assert.equal(await hasState(page, 'connected'), true);
    assertSecretOnlyInBodies(requests, OIDC_CLIENTS.basic.secret);
  });

  test('closing the popup by hand before the Worker got the attempt reports cancelled', async () => {
    const page = await demo();
    await chooseSettings(page);
    await fillFields(page, {
      clientId: OIDC_CLIENTS.basic.id,
      secret: OIDC_CLIENTS.basic.secret,
      tokenUrl: stack.oidc.tokenUrl,
    });
    const exchangesBefore = await stack.oidc.tokenRequests();
    // A slow network: the popup's form post is held, so the person closes a window that is still loading.
    let held;
    const posted = new Promise((resolve) => {
      context.route(
        (url) => url.href === `${stack.worker.url}/v1/connect`,
        (route) => resolve((held = route)),
      );
    });

    const popup = await clickConnect(page);
    await posted;
    await popup.close();
    await held.abort().catch(() => {});

    assert.equal(await loggedEvent(page, 'oauth-cc-cancelled'), null);
    assert.equal(await hasState(page, 'idle'), true);
    assert.match(await statusText(page), /closed before connecting/);
    // The element asked the Worker before calling it cancelled, and the Worker had nothing.
    assert.ok(requests.some((r) => r.url.startsWith(`${stack.worker.url}/v1/connect/result?state=`)));
    assert.equal(await stack.oidc.tokenRequests(), exchangesBefore);
    assert.equal(await page.locator('#event-log li[data-type="oauth-cc-connected"]').count(), 0);
  });

  test('a host page with Cross-Origin-Opener-Policy: same-origin still completes, through the result channel', async () => {
    const page = await demo('coop=same-origin');
    assert.equal(page.response.headers()['cross-origin-opener-policy'], 'same-origin');
    await chooseSettings(page);
    await fillFields(page, {
      clientId: OIDC_CLIENTS.basic.id,
      secret: OIDC_CLIENTS.basic.secret,
      tokenUrl: stack.oidc.tokenUrl,
      scope: 'api:write',
    });

    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    // COOP severed the link: the completion page could not post its message to the opener.
    assert.equal(await popup.evaluate(() => window.opener), null);

    const detail = await loggedEvent(page, 'oauth-cc-connected');
    assert.deepEqual(detail.scopes, ['api:write']);
    assert.equal(await hasState(page, 'connected'), true);
    assert.ok(
      requests.some((r) => r.url.startsWith(`${stack.worker.url}/v1/connect/result?state=`)),
      'the element asked the result channel',
    );
    const token = await fetchToken(stack, detail.connectionId);
    assert.equal(token.status, 200);
    assertSecretOnlyInBodies(requests, OIDC_CLIENTS.basic.secret);
  });
});

describe('issuers and keys, with a real OAuth server', () => {
  test('an issuer typed into the element is discovered and announced, its scopes suggested, and it connects', async () => {
    const page = await demo();
    await chooseSettings(page);
    const live = liveElement(page);
    await fillFields(page, { clientId: OIDC_CLIENTS.basic.id, secret: OIDC_CLIENTS.basic.secret });
    const field = live.getByLabel('Issuer or token URL', { exact: true });
    await field.fill(stack.oidc.issuer);
    // What a person does next: leaves the field, which is when the element asks.
    await field.blur();
    const found = live.locator('[part=status]', { hasText: `Found the token endpoint of ${stack.oidc.issuer}.` });
    await found.waitFor();
    assert.equal(await found.getAttribute('role'), 'status');
    const suggested = await live.locator('datalist#scopes option').allInnerTexts();
    assert.ok(suggested.includes('api:read') && suggested.includes('api:write'), `suggested ${suggested}`);
    assert.ok(requests.some((r) => r.method === 'POST' && r.url === `${stack.worker.url}/v1/discover`));

    await fillFields(page, { scope: 'api:write' });
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const detail = await loggedEvent(page, 'oauth-cc-connected');
    assert.deepEqual(detail.scopes, ['api:write']);
    const { body: stored } = await admin(stack, `/v1/connections/${detail.connectionId}?tenant=sandbox`);
    assert.equal(stored.issuer, stack.oidc.issuer);
    assert.equal(stored.token_url, stack.oidc.tokenUrl);
    assertSecretOnlyInBodies(requests, OIDC_CLIENTS.basic.secret);
  });

  test('a key the Worker holds connects a client registered with nothing but the Worker’s JWKS URL, and the token API keeps refreshing it', async () => {
    const tenant = 'e2e-worker-key';
    const created = await admin(stack, '/v1/keys', { tenant });
    assert.equal(created.status, 201);
    const { kid, jwks_uri: jwksUri } = created.body;
    assert.equal(jwksUri, `${stack.worker.url}/v1/jwks/${tenant}`);
    // The provider learns the client's keys from the Worker's JWKS URL alone.
    const clientId = await registerKeyClient(stack.oidc.issuer, { jwks_uri: jwksUri });

    const page = await demo();
    const session = await admin(stack, '/v1/sessions', {
      tenant,
      origin: stack.demo.url,
      issuer: stack.oidc.issuer,
      scopes: ['api:read'],
      authMethod: 'private_key_jwt',
      keyId: kid,
    });
    assert.equal(session.status, 201);
    await chooseSettings(page);
    await useSession(page, session.body.token);
    const live = liveElement(page);
    assert.equal(await live.locator('[part=jwks]').innerText(), jwksUri);
    assert.equal(await live.getByLabel('Client Secret').count(), 0);

    // Tokens that live 2 s: each call after the first few seconds finds the last one stale. The
    // Worker asks upstream at most once per 10 s, so the third token comes some 20 s on: the
    // test waits for three tokens, not for a time.
    await stack.oidc.setTokenTtl(2);
    try {
      await fillFields(page, { clientId });
      const popup = await clickConnect(page);
      assert.equal(await popupHeading(popup), 'Authorization Complete');
      const { connectionId } = await loggedEvent(page, 'oauth-cc-connected');
      const exchanges = await stack.oidc.tokenRequests();

      const served = new Set();
      await until(
        async () => {
          const token = await fetchToken(stack, connectionId, tenant);
          assert.equal(token.status, 200, JSON.stringify(token.body));
          served.add(token.body.access_token);
          return served.size >= 3;
        },
        { intervalMs: 700 },
      );
      assert.equal(served.size, 3, 'three tokens in a row, each from a new exchange');
      assert.ok((await stack.oidc.tokenRequests()) - exchanges >= 2, 'the Worker re-exchanged with its key');
      const { body: stored } = await admin(stack, `/v1/connections/${connectionId}?tenant=${tenant}`);
      assert.equal(stored.status, 'active');
      assert.equal(stored.key_id, kid);
    } finally {
      await stack.oidc.setTokenTtl(3600);
    }
  });
});
