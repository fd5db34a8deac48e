// The admin API as a host's backend meets it, from Node against `wrangler dev`: the OpenAPI
// document validates as OpenAPI 3.1, and the server SDK (oauth-cc-connect/server, built here
// from its sources) creates a session, gets a token after a connect, and verifies a real webhook.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { build } from 'vite';
import { request } from '../../scripts/dev-servers.mjs';
import { startStack, until } from './support/stack.mjs';

/** wrangler.toml's development webhook secret: the deliveries below are checked with it. */
const DEV_WEBHOOK_SECRET = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=';
const ORIGIN = 'http://127.0.0.1:5173';

let stack;
let worker;
let temp;
let sdk;

before(async () => {
  temp = await mkdtemp(join(tmpdir(), 'oauth-cc-api-'));
  [stack] = await Promise.all([
    startStack({ oidc: false, demo: false, browser: false }),
    build({
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir: join(temp, 'sdk'),
        lib: { entry: 'server/index.ts', formats: ['es'], fileName: () => 'server.js' },
      },
    }),
  ]);
  worker = stack.worker;
  sdk = await import(pathToFileURL(join(temp, 'sdk', 'server.js')).href);
});
after(async () => {
  await stack?.stop();
  await rm(temp, { recursive: true, force: true });
});

describe('GET /v1/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document naming this server', async () => {
    const response = await request(`${worker.url}/v1/openapi.json`);
    assert.equal(response.status, 200);
    const document = response.json();
    const result = await validate(structuredClone(document));
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.equal(result.specification, 'OpenAPI');
    assert.deepEqual(document.servers, [{ url: worker.url }]);
    assert.ok(Object.keys(document.paths).length >= 14);
  });
});

describe('oauth-cc-connect/server from Node', () => {
  test('a script with only the SDK creates a session and, after connect, gets a token', async () => {
    const client = sdk.createClient({ endpoint: worker.url, adminKey: 'dev-admin-key' });
    const { token } = await client.createSession({
      tenant: 'node-sdk',
      origin: ORIGIN,
      tokenUrl: `${worker.url}/sandbox/token`,
      locked: ['tokenUrl'],
    });
    // What the element's popup form does.
    const form = new URLSearchParams({
      session_token: token,
      state: 'AAAAAAAAAAAAAAAAAAAAAA',
      client_id: 'sandbox-ok',
      client_secret: 'sandbox-secret',
    });
    const connected = await request(`${worker.url}/v1/connect`, {
      method: 'POST',
      headers: { origin: ORIGIN, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const { connectionId } = connected.json();
    assert.match(connectionId, /^conn_/);
    const first = await client.getToken(connectionId, { tenant: 'node-sdk' });
    assert.match(first.access_token, /^sandbox_/);
    assert.equal((await client.getToken(connectionId, { tenant: 'node-sdk' })).access_token, first.access_token);
    assert.equal((await client.getConnection(connectionId, { tenant: 'node-sdk' })).status, 'active');
    await assert.rejects(client.getConnection(connectionId, { tenant: 'someone-else' }), {
      name: 'OAuthCcError',
      code: 'not_found',
      status: 404,
    });
  });

  test('verifies the signed webhook the Worker delivered', async () => {
    // The Worker's webhooks as they reached its endpoint (the stack's tap), raw: the first for
    // this tenant, once the queue has delivered it.
    const { body, headers } = await until(async () =>
      (await stack.webhooks.received()).find((delivery) => JSON.parse(delivery.body).data?.tenant === 'node-sdk'),
    );
    const payload = await sdk.verifyWebhook(body, headers, DEV_WEBHOOK_SECRET);
    assert.equal(payload.type, 'connection.created');
    assert.equal(payload.data.tenant, 'node-sdk');
    await assert.rejects(sdk.verifyWebhook(`${body} `, headers, DEV_WEBHOOK_SECRET), {
      name: 'WebhookVerificationError',
    });
  });
});
