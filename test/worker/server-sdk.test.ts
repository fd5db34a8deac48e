import { SELF } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  OAuthCcError,
  verifyWebhook,
  WebhookVerificationError,
  type AccessToken,
  type WebhookHeaders,
} from '../../server/index.js';
import { webhookSecretKey } from '../../worker/config/webhook-settings.js';
import { webhookSignature } from '../../worker/webhooks/signature.js';
import { BASE, HOST_ORIGIN, STRICT_CREDENTIALS, connectJson, strictUrl } from './helpers.js';
import { storeConnection } from './stored-connections.js';

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

/**
 * A client whose Worker is the test: each request waits until the test answers it, so the test
 * decides which of two requests in flight answers first.
 */
function scripted() {
  const requests: Array<{ call: string; answer: (response: Response) => void }> = [];
  const sdk = createClient({
    endpoint: BASE,
    adminKey: 'k',
    fetch: (input, init) =>
      new Promise<Response>((answer) => {
        const url = new URL(String(input));
        requests.push({ call: `${init?.method ?? 'GET'} ${url.pathname}${url.search}`, answer });
      }),
  });
  const token = (access_token: string): Response =>
    Response.json({ access_token, token_type: 'Bearer', expires_at: Date.now() / 1000 + 3600, scope: '', values: {} });
  return { sdk, requests, token };
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

  it('never lets a forced call join an unforced request in flight, and keeps what the forced one brings', async () => {
    const { sdk, requests, token } = scripted();
    const tenant = 'force-race';
    // An unforced request is on its way when the caller's API refuses the token it had.
    const unforced = sdk.getToken('c1', { tenant });
    const forced = [sdk.getToken('c1', { tenant, force: true }), sdk.getToken('c1', { tenant, force: true })];
    const afterForced = sdk.getToken('c1', { tenant });
    expect(requests.map((r) => r.call)).toEqual([
      `GET /v1/connections/c1/token?tenant=${tenant}`,
      `GET /v1/connections/c1/token?tenant=${tenant}&force=1`,
    ]);
    // The older request answers last: its token must not replace the newer one in the cache.
    requests[1]!.answer(token('new'));
    expect((await Promise.all([...forced, afterForced])).map((t) => t.access_token)).toEqual(['new', 'new', 'new']);
    requests[0]!.answer(token('old'));
    expect((await unforced).access_token).toBe('old');
    expect((await sdk.getToken('c1', { tenant })).access_token).toBe('new');
    expect(requests).toHaveLength(2);
  });

  it('does not keep a token that was in flight when the connection was deleted', async () => {
    const { sdk, requests, token } = scripted();
    const tenant = 'delete-race';
    const pending = sdk.getToken('c2', { tenant });
    const deleted = sdk.deleteConnection('c2', { tenant });
    requests[1]!.answer(new Response(null, { status: 204 }));
    await deleted;
    requests[0]!.answer(token('of-the-deleted-connection'));
    expect((await pending).access_token).toBe('of-the-deleted-connection');
    const next = sdk.getToken('c2', { tenant });
    expect(requests.map((r) => r.call)).toEqual([
      `GET /v1/connections/c2/token?tenant=${tenant}`,
      `DELETE /v1/connections/c2?tenant=${tenant}`,
      `GET /v1/connections/c2/token?tenant=${tenant}`,
    ]);
    requests[2]!.answer(
      Response.json({ error: 'not_found', error_description: 'No such connection.' }, { status: 404 }),
    );
    await expect(next).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers the values the provider’s token answer carried, typed', async () => {
    const tenant = 'sdk-values';
    const { id } = await storeConnection({
      tenant,
      tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
      clientId: 'client-one',
      credential: { kind: 'secret', secret: 'a-client-secret-for-the-test' },
      scopes: ['api'],
      params: {},
      authMethod: 'client_secret_post',
      token: {
        accessToken: 'a-token-with-values',
        tokenType: 'Bearer',
        expiresIn: 3600,
        scopes: ['api'],
        captured: { instance_url: 'https://acme.my.salesforce.com' },
      },
    });
    const token = await client().sdk.getToken(id, { tenant });
    expectTypeOf(token).toEqualTypeOf<AccessToken>();
    expectTypeOf(token.values).toEqualTypeOf<Record<string, string>>();
    expect(token).toEqual({
      access_token: 'a-token-with-values',
      token_type: 'Bearer',
      expires_at: expect.any(Number),
      scope: 'api',
      values: { instance_url: 'https://acme.my.salesforce.com' },
    });
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

  describe('takes headers as servers hand them over', () => {
    // Signed by the specification's own library (standardwebhooks), which verifies them too.
    const key = 'whsec_c2RrLXRlc3QtcmVjZWl2ZXItc2VjcmV0LTMyLWJ5dGVzIQ==';
    const reference = new Webhook(key);
    const id = 'msg_2nLbZQ8xQ4sUa6Xn7fJkP1';
    const payload = '{"type":"connection.broken","data":{}}';
    const now = () => Math.floor(Date.now() / 1000);
    const signed = () => {
      const timestamp = now();
      return { timestamp: String(timestamp), signature: reference.sign(id, new Date(timestamp * 1000), payload) };
    };
    const wrong = 'v1,Ov7aT3Xo2s0gpjRIWzZDyyHNuDrZb0eHL4p9f9nLdQs=';

    it('reads header names in any case, as the specification’s library does', async () => {
      const { timestamp, signature } = signed();
      for (const [idName, timestampName, signatureName] of [
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
        ['Webhook-Id', 'Webhook-Timestamp', 'Webhook-Signature'],
        ['WEBHOOK-ID', 'webhook-Timestamp', 'WebHook-Signature'],
      ] as const) {
        const headers = { [idName]: id, [timestampName]: timestamp, [signatureName]: signature };
        expect(reference.verify(payload, headers)).toEqual(JSON.parse(payload));
        expect(await verifyWebhook(payload, headers, key), idName).toEqual(JSON.parse(payload));
      }
    });

    it('takes Node’s string arrays and a repeated webhook-signature, every value of which counts', async () => {
      const { timestamp, signature } = signed();
      // IncomingHttpHeaders (req.headers), and headersDistinct's arrays.
      const node: Record<string, string | string[] | undefined> = {
        host: 'app.example.com',
        'set-cookie': ['a=1', 'b=2'],
        'webhook-id': [id],
        'webhook-timestamp': timestamp,
        'webhook-signature': [wrong, signature],
        'x-absent': undefined,
      };
      expect(await verifyWebhook(payload, node, key)).toEqual(JSON.parse(payload));
      expect(await verifyWebhook(payload, { ...node, 'webhook-signature': [`${wrong} ${signature}`] }, key)).toEqual(
        JSON.parse(payload),
      );
      // A fetch Headers joins a repeated header with ", ".
      const fetchHeaders = new Headers({ 'Webhook-Id': id, 'Webhook-Timestamp': timestamp });
      fetchHeaders.append('Webhook-Signature', signature);
      fetchHeaders.append('Webhook-Signature', wrong);
      expect(await verifyWebhook(payload, fetchHeaders, key)).toEqual(JSON.parse(payload));
      const refused = await verifyWebhook(payload, { ...node, 'webhook-signature': [wrong, wrong] }, key).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(WebhookVerificationError);
    });

    it('refuses every bad input with WebhookVerificationError, never a TypeError, and never names the secret', async () => {
      const { timestamp, signature } = signed();
      const good = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
      const notJson = 'not json';
      const bad: Array<[string, unknown, unknown, unknown]> = [
        ['no headers', payload, undefined, key],
        ['null headers', payload, null, key],
        ['headers as text', payload, `webhook-id: ${id}`, key],
        ['a number for a header', payload, { ...good, 'webhook-timestamp': Number(timestamp) }, key],
        ['an object for a header', payload, { ...good, 'webhook-id': { id } }, key],
        ['an array holding a non-string', payload, { ...good, 'webhook-signature': [signature, 7] }, key],
        ['an empty array', payload, { ...good, 'webhook-id': [] }, key],
        ['an empty id', payload, { ...good, 'webhook-id': '' }, key],
        ['two different ids', payload, { ...good, 'webhook-id': [id, 'msg_other'] }, key],
        ['an id in two spellings that differ', payload, { ...good, 'Webhook-Id': 'msg_other' }, key],
        ['two timestamps', payload, { ...good, 'webhook-timestamp': [timestamp, String(Number(timestamp) + 1)] }, key],
        ['a timestamp not in seconds', payload, { ...good, 'webhook-timestamp': `${timestamp}.5` }, key],
        ['a signature not in base64', payload, { ...good, 'webhook-signature': 'v1,%%%' }, key],
        [
          'a signature of another version',
          payload,
          { ...good, 'webhook-signature': signature.replace('v1', 'v2') },
          key,
        ],
        ['a body of bytes', new TextEncoder().encode(payload), good, key],
        ['no body', undefined, good, key],
        ['a parsed body', JSON.parse(payload), good, key],
        ['no secret', payload, good, undefined],
        ['a secret that is no string', payload, good, { secret: key }],
        ['an empty secret', payload, good, 'whsec_'],
        ['a secret not in base64', payload, good, 'whsec_%%%%'],
        [
          'a signed body that is not JSON',
          notJson,
          { ...good, 'webhook-signature': reference.sign(id, new Date(Number(timestamp) * 1000), notJson) },
          key,
        ],
      ];
      for (const [name, body, headers, secret] of bad) {
        const error = await verifyWebhook(body as string, headers as WebhookHeaders, secret as string).catch(
          (caught: unknown) => caught,
        );
        expect(error, name).toBeInstanceOf(WebhookVerificationError);
        expect((error as Error).message, name).not.toContain(key.slice('whsec_'.length));
      }
      // A clock that is not a number must not let any timestamp through.
      const hourAgo = Number(timestamp) - 3600;
      const stale = {
        'webhook-id': id,
        'webhook-timestamp': String(hourAgo),
        'webhook-signature': reference.sign(id, new Date(hourAgo * 1000), payload),
      };
      for (const now of ['soon', Number.NaN]) {
        await expect(verifyWebhook(payload, stale, key, { now: now as number })).rejects.toBeInstanceOf(
          WebhookVerificationError,
        );
      }
    });
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
