import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createClient, OAuthCcError, verifyWebhook, WebhookVerificationError } from '../../server/index.js';
import { webhookSecretKey } from '../../worker/config/webhook-settings.js';
import { webhookSignature } from '../../worker/webhooks/signature.js';
import { BASE, HOST_ORIGIN, STRICT_CREDENTIALS, connectJson, strictUrl } from './helpers.js';

// oauth-cc-connect/server inside workerd (issue 13); test/e2e/api.test.mjs runs it from Node.

/** A client whose requests go to the Worker under test, counted by path. */
function client(adminKey = 'dev-admin-key') {
  const requests: string[] = [];
  const sdk = createClient({
    endpoint: `${BASE}/`,
    adminKey,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return SELF.fetch(input, init);
    },
  });
  return { sdk, requests };
}

async function connected(tenant: string) {
  const { sdk } = client();
  const { token } = await sdk.createSession({ tenant, origin: HOST_ORIGIN, tokenUrl: strictUrl('/ok') });
  const { body } = await connectJson(token, STRICT_CREDENTIALS);
  return body.connectionId!;
}

describe('createClient', () => {
  it('creates sessions, and reads, checks, lists and deletes connections', async () => {
    const { sdk } = client();
    const id = await connected('sdk-crud');
    expect(await sdk.getConnection(id, { tenant: 'sdk-crud' })).toMatchObject({ id, status: 'active' });
    expect((await sdk.listConnections({ tenant: 'sdk-crud' })).map((c) => c.id)).toEqual([id]);
    expect(await sdk.checkConnection(id, { tenant: 'sdk-crud' })).toMatchObject({ id, status: 'active' });
    const { events } = await sdk.listEvents({ tenant: 'sdk-crud', connectionId: id });
    expect(events.map((e) => e.type)).toEqual(['connection.created']);
    await sdk.deleteConnection(id, { tenant: 'sdk-crud' });
    const gone = await sdk.getConnection(id, { tenant: 'sdk-crud' }).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(OAuthCcError);
    expect(gone).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('keeps a token in the process until shortly before it expires, sharing concurrent calls', async () => {
    const id = await connected('sdk-token');
    const { sdk, requests } = client();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => sdk.getToken(id, { tenant: 'sdk-token' })));
    expect(new Set(tokens.map((t) => t.access_token)).size).toBe(1);
    await sdk.getToken(id, { tenant: 'sdk-token' });
    expect(requests).toEqual([`GET /v1/connections/${id}/token`]);
    await sdk.getToken(id, { tenant: 'sdk-token', force: true });
    expect(requests).toHaveLength(2);
  });

  it('throws one typed error carrying the protocol code and the HTTP status', async () => {
    const wrongKey = await client('not-the-key')
      .sdk.listConnections({ tenant: 'x' })
      .catch((error: unknown) => error);
    expect(wrongKey).toMatchObject({ name: 'OAuthCcError', code: 'unauthorized', status: 401 });
    const invalid = await client()
      .sdk.createSession({ tenant: 'x', origin: 'nope' })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({
      code: 'invalid_request',
      status: 400,
      message: 'origin must be an exact origin such as https://app.example.com',
    });
    const unreachable = createClient({
      endpoint: BASE,
      adminKey: 'k',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(await unreachable.listConnections({ tenant: 'x' }).catch((error: unknown) => error)).toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });
});

describe('verifyWebhook (Standard Webhooks)', () => {
  // The specification's own test vector (its libraries' "sign function works" test).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const body = '{"test": 2432232314}';

  it('accepts the specification’s vector, and answers the payload', async () => {
    expect(await verifyWebhook(body, headers, secret, { now: 1614265330 })).toEqual({ test: 2432232314 });
    expect(await verifyWebhook(body, new Headers(headers), secret, { now: 1614265330 + 299 })).toEqual({
      test: 2432232314,
    });
  });

  it('refuses a changed body, another secret, a stale timestamp and missing headers', async () => {
    const refuse = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(WebhookVerificationError);
    await refuse(verifyWebhook('{"test": 2432232315}', headers, secret, { now: 1614265330 }));
    await refuse(verifyWebhook(body, headers, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { now: 1614265330 }));
    await refuse(verifyWebhook(body, headers, secret, { now: 1614265330 + 301 }));
    await refuse(verifyWebhook(body, { 'webhook-id': headers['webhook-id'] }, secret));
  });

  it('verifies what the Worker signs', async () => {
    const key = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=';
    const now = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({ type: 'connection.created', timestamp: new Date().toISOString(), data: {} });
    const signature = await webhookSignature([webhookSecretKey(key)!], 'evt_1', now, payload);
    const verified = await verifyWebhook(
      payload,
      { 'webhook-id': 'evt_1', 'webhook-timestamp': String(now), 'webhook-signature': signature },
      key,
    );
    expect(verified.type).toBe('connection.created');
  });
});
