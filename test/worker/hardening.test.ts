import { storeConnection, storeRefreshedToken } from './stored-connections.js';
import type { ConnectionInput } from '../../worker/connections/connection-record.js';
import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url, readUnverifiedClaims } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { maintain } from '../../worker/maintenance.js';
import { openExchangeRequest, readConnection } from '../../worker/connections/store.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { faultyDb } from './faulty-db.js';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  connect,
  createSession,
  expectNoSecretsLogged,
  newState,
  strictCounts,
  strictUrl,
} from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// One describe per defect of the security review (issue 9); each test failed before its fix.

expectNoSecretsLogged(STRICT_CLIENT.secret, 'strict-access-token');

const KEYS = env.ENCRYPTION_KEYS!;
const nowSeconds = () => Math.floor(Date.now() / 1000);

const strictFields = (session: string, path: string, extra: Record<string, string> = {}) => ({
  session_token: session,
  state: newState(),
  client_id: STRICT_CLIENT.id,
  client_secret: STRICT_CLIENT.secret,
  token_url: strictUrl(path),
  ...extra,
});

const jsonError = async (response: Response) => (await response.json()) as { error: string; error_description: string };

/** A stored connection to the strict server at `path` whose token is already expired. */
function storeExpired(tenant: string, path: string, overrides: Partial<ConnectionInput> = {}, keyRing = KEYS) {
  const input: ConnectionInput = {
    tenant,
    tokenUrl: strictUrl(path),
    clientId: STRICT_CLIENT.id,
    credential: { kind: 'secret', secret: STRICT_CLIENT.secret },
    scopes: [],
    params: {},
    authMethod: 'client_secret_basic',
    token: { accessToken: 'expired-token', tokenType: 'Bearer', expiresIn: 60, scopes: [] },
    ...overrides,
  };
  return storeConnection(input, keyRing, 3600, nowSeconds() - 120);
}

const getToken = (id: string, tenant: string) =>
  SELF.fetch(`${BASE}/v1/connections/${id}/token?tenant=${tenant}`, { headers: ADMIN });

describe('1. request bodies are limited before they are read', () => {
  const big = 'a='.concat('x'.repeat(100 * 1024));
  const routes: [string, string, Record<string, string>][] = [
    ['POST', '/v1/connect', { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN }],
    ['POST', '/v1/sessions', { ...ADMIN, 'content-type': 'application/json' }],
    ['POST', '/sandbox/sessions', { 'content-type': 'application/json' }],
    ['POST', '/sandbox/token', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['DELETE', '/v1/connections/conn_AAAAAAAAAAAAAAAAAAAAAA?tenant=acme', ADMIN],
    ['POST', '/no/such/route', {}],
  ];

  it.each(routes)('%s %s answers 413 payload_too_large for a 100 KiB body', async (method, path, headers) => {
    const response = await SELF.fetch(`${BASE}${path}`, { method, headers, body: big });
    expect(response.status).toBe(413);
    expect(await jsonError(response)).toMatchObject({ error: 'payload_too_large' });
  });

  it('also when the body streams in without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await SELF.fetch(`${BASE}/v1/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
      body,
    });
    expect(response.status).toBe(413);
  });

  it.each([
    ['a scope token over 256 characters', { scope: 'a'.repeat(257) }],
    ['a scope field over 4 KiB', { scope: Array.from({ length: 50 }, (_, i) => `s${i}`.padEnd(90, 'x')).join(' ') }],
    ['a client id over 1 KiB', { client_id: 'i'.repeat(1025) }],
    ['a client secret over 8 KiB', { client_secret: 's'.repeat(8193) }],
    ['an audience over 2 KiB', { audience: 'a'.repeat(2049) }],
    ['a resource over 2 KiB', { resource: `https://api.example.com/${'r'.repeat(2040)}` }],
  ])('refuses %s with invalid_request and never forwards it', async (_, extra) => {
    const session = await createSession();
    const before = (await strictCounts())['/ok'] ?? 0;
    const response = await connect(strictFields(session, '/ok', extra), { json: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect((await strictCounts())['/ok'] ?? 0).toBe(before);
  });

  it('forwards fields at their limits', async () => {
    const session = await createSession();
    const before = (await strictCounts())['/ok'] ?? 0;
    const fields = strictFields(session, '/ok', {
      scope: Array.from({ length: 15 }, (_, i) => `${i}`.padEnd(256, 's')).join(' '),
      client_id: 'i'.repeat(1024),
      client_secret: 's'.repeat(8192),
      audience: 'a'.repeat(2048),
    });
    const response = await connect(fields, { json: true });
    expect(((await response.json()) as { status: string }).status).toBe('connected');
    expect(((await strictCounts())['/ok'] ?? 0) - before).toBe(1);
  });

  it('refuses at mint a session whose token would be too long to verify', async () => {
    const scopes = Array.from({ length: 50 }, (_, i) => `scope-${i}-`.padEnd(200, 'z'));
    const response = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, scopes }),
    });
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('3. provider text never carries a piece of the secret', () => {
  const pieces = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
  const encodings = (secret: string) => [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    btoa(secret),
    btoa(secret).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  ];
  const leaks = (text: string) =>
    encodings(STRICT_CLIENT.secret).some((encoded) => pieces(encoded).some((piece) => text.includes(piece)));

  it.each(['plain', 'percent', 'form', 'base64', 'base64url', 'fragment'])(
    'an echo in %s encoding reaches neither the page, the result route nor storage',
    async (encoding) => {
      const session = await createSession();
      const fields = strictFields(session, `/echo/${encoding}`);
      const page = await (await connect(fields)).text();
      expect(page).toContain('Authorization Failed');
      expect(page).toContain('invalid_client');
      expect(leaks(page)).toBe(false);
      const result = await SELF.fetch(`${BASE}/v1/connect/result?state=${fields.state}`, {
        headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
      });
      expect(leaks(await result.text())).toBe(false);
      const stored = await env.DB.prepare('SELECT error_message FROM connect_attempts WHERE state = ?')
        .bind(fields.state)
        .first<{ error_message: string }>();
      expect(stored?.error_message).toBeTruthy();
      expect(leaks(stored!.error_message)).toBe(false);
    },
  );

  it('a refresh rejected with an echo stores and serves no piece of the secret', async () => {
    const { id } = await storeExpired('echo-refresh', '/echo/percent');
    const response = await getToken(id, 'echo-refresh');
    expect(response.status).toBe(409);
    expect(leaks(await response.text())).toBe(false);
    const list = await SELF.fetch(`${BASE}/v1/connections?tenant=echo-refresh`, { headers: ADMIN });
    expect(leaks(await list.text())).toBe(false);
    const row = await env.DB.prepare('SELECT last_error_message FROM connections WHERE id = ?')
      .bind(id)
      .first<{ last_error_message: string }>();
    expect(leaks(row!.last_error_message)).toBe(false);
  });
});

describe('4. a session admits one attempt at a time', () => {
  it('of five parallel attempts with one session, one reaches the provider; the others are told why', async () => {
    const session = await createSession();
    const before = (await strictCounts())['/slow-ok'] ?? 0;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => connect(strictFields(session, '/slow-ok'), { json: true })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      status: string;
      error?: { code: string };
    }[];
    expect(bodies.filter((b) => b.status === 'connected')).toHaveLength(1);
    const refused = bodies.filter((b) => b.status !== 'connected');
    expect(refused.map((b) => b.error?.code)).toEqual(Array(4).fill('rate_limited'));
    expect(responses.filter((r) => r.status === 429)).toHaveLength(4);
    expect(((await strictCounts())['/slow-ok'] ?? 0) - before).toBe(1);
  });

  it('admits the next attempt once the one before has failed', async () => {
    const session = await createSession();
    const first = await connect(strictFields(session, '/basic-only', { client_secret: 'wrong' }), { json: true });
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('invalid_client');
    const second = await connect(strictFields(session, '/basic-only'), { json: true });
    expect(((await second.json()) as { status: string }).status).toBe('connected');
  });
});

describe('5. Retry-After cannot switch off the back-off', () => {
  it.each(['0', '-5', '1.5', 'Thu, 01 Jan 1970 00:00:00 GMT', 'soon'])(
    'after a 503 with Retry-After: %s the next token call waits at least 10 s',
    async (value) => {
      const tenant = `retry-${value.length}-${value.charCodeAt(0)}`;
      const { id } = await storeExpired(tenant, `/retry-after?value=${encodeURIComponent(value)}`);
      const before = (await strictCounts())['/retry-after'] ?? 0;
      const first = await getToken(id, tenant);
      expect(first.status).toBe(503);
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(10);
      const second = await getToken(id, tenant);
      expect(second.status).toBe(503);
      expect(((await strictCounts())['/retry-after'] ?? 0) - before).toBe(1);
    },
  );
});

describe('6. the development encryption key is recognised by its bytes', () => {
  const DEV_KEY = 'ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=';
  it.each([
    ['unpadded', DEV_KEY.replace(/=+$/, '')],
    ['base64url', encodeBase64Url(decodeBase64Url(DEV_KEY.replace(/=+$/, '')))],
  ])('a production deployment holding it %s answers 500', async (_, key) => {
    const response = await app.request(
      'https://connect.example.com/v1/sessions',
      { method: 'POST' },
      {
        ...env,
        ENVIRONMENT: 'production',
        ADMIN_API_KEY: 'a-production-admin-key-of-some-length',
        SESSION_SIGNING_KEY: 'a-production-signing-key-that-is-long-enough',
        ENCRYPTION_KEYS: `prod1:cHJvZHVjdGlvbi10ZXN0LWtleS1vZi0zMi1ieXRlcyE=,old:${key}`,
        ALLOW_LOOPBACK_TOKEN_URLS: undefined,
      },
    );
    expect(response.status).toBe(500);
    expect(await jsonError(response)).toMatchObject({ error: 'server_misconfigured' });
  });
});

describe('7. an encryption key can be retired', () => {
  const OLD = 'old:b2xkLWVuY3J5cHRpb24ta2V5LW9mLTMyLWJ5dGVzISE=';
  const NEW = 'new:bmV3LWVuY3J5cHRpb24ta2V5LW9mLTMyLWJ5dGVzISE=';
  const tokenWith = (id: string, tenant: string, ring: string) =>
    app.request(
      `${BASE}/v1/connections/${id}/token?tenant=${tenant}`,
      { headers: ADMIN },
      { ...env, ENCRYPTION_KEYS: ring },
    );
  const sealedUnder = async (id: string) => {
    const row = await env.DB.prepare('SELECT credential_enc AS s, access_token_enc AS t FROM connections WHERE id = ?')
      .bind(id)
      .first<{ s: string; t: string }>();
    return [row!.s.split('.')[0], row!.t.split('.')[0]];
  };
  const storeFresh = (tenant: string, clientId: string, ring: string) =>
    storeConnection(
      {
        tenant,
        tokenUrl: strictUrl('/ok'),
        clientId,
        credential: { kind: 'secret', secret: STRICT_CLIENT.secret },
        scopes: [],
        params: {},
        authMethod: 'client_secret_basic',
        token: { accessToken: 'fresh-token', tokenType: 'Bearer', expiresIn: 3600, scopes: [] },
      },
      ring,
      3600,
    );

  it('a refreshed row is sealed whole under the leading key, the secret included', async () => {
    const { id } = await storeFresh('rotate', STRICT_CLIENT.id, OLD);
    expect(await sealedUnder(id)).toEqual(['old', 'old']);
    const record = (await readConnection(env.DB, 'rotate', id))!;
    const { credential } = await openExchangeRequest(record, OLD);
    const token = { accessToken: 'refreshed', tokenType: 'Bearer', scopes: [] };
    await storeRefreshedToken(record, credential, token, `${NEW},${OLD}`, 3600, nowSeconds());
    expect(await sealedUnder(id)).toEqual(['new', 'new']);
  });

  it('the reseal route walks every row in batches, after which the old key can go', async () => {
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, i) => storeFresh(`walk-${i}`, `walker-${i}`, OLD).then((s) => s.id)),
    );
    let cursor = '';
    let rounds = 0;
    for (;;) {
      const response = await app.request(
        `${BASE}/v1/admin/reseal?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { method: 'POST', headers: ADMIN },
        { ...env, ENCRYPTION_KEYS: `${NEW},${OLD}` },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { resealed: number; next_cursor: string | null };
      rounds += 1;
      if (!body.next_cursor) break;
      cursor = body.next_cursor;
    }
    expect(rounds).toBeGreaterThan(2);
    for (const id of ids) expect(await sealedUnder(id)).toEqual(['new', 'new']);
    const served = await tokenWith(ids[0]!, 'walk-0', NEW);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { access_token: string }).access_token).toBe('fresh-token');
  });

  it('a row no key can open answers its own code and records it, never 500', async () => {
    const { id } = await storeFresh('retired', STRICT_CLIENT.id, OLD);
    const response = await tokenWith(id, 'retired', NEW);
    expect(response.status).toBe(409);
    expect(await jsonError(response)).toMatchObject({ error: 'credentials_unreadable' });
    const row = await env.DB.prepare('SELECT last_error FROM connections WHERE id = ?')
      .bind(id)
      .first<{ last_error: string }>();
    expect(row?.last_error).toBe('credentials_unreadable');
  });
});

describe('8. status codes blame the right side', () => {
  it('a provider rejecting the credentials is a 4xx, not a server error', async () => {
    const session = await createSession();
    const response = await connect(strictFields(session, '/basic-only', { client_secret: 'typo' }));
    expect(response.status).toBe(400);
  });

  it.each([
    ['/html-500', 502],
    ['/non-json', 502],
    ['/stall', 504],
  ])('a provider answering like %s is %i', async (path, status) => {
    const session = await createSession();
    expect((await connect(strictFields(session, path))).status).toBe(status);
  });

  it('a failure to store the connection is our own: 500 server_error, and the attempt ends', async () => {
    const session = await createSession();
    const fields = strictFields(session, '/ok');
    const response = await app.request(
      `${BASE}/v1/connect`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: HOST_ORIGIN,
          accept: 'application/json',
        },
        body: new URLSearchParams(fields).toString(),
      },
      { ...env, DB: faultyDb(env.DB, /(INSERT INTO|UPDATE) connections/) },
    );
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('server_error');
    const attempt = await env.DB.prepare('SELECT status, error_code FROM connect_attempts WHERE state = ?')
      .bind(fields.state)
      .first();
    expect(attempt).toEqual({ status: 'failed', error_code: 'server_error' });
  });
});

describe('9. smaller defects', () => {
  it('the scheduled maintenance prunes expired sessions’ counters and lapsed attempts', async () => {
    await env.DB.prepare("INSERT INTO session_uses (sid, attempts, expires_at) VALUES ('ancient', 1, 1000)").run();
    await env.DB.prepare(
      "INSERT INTO connect_attempts (sid, state, status, created_at, expires_at) VALUES ('ancient', 'old', 'failed', 1, 1000)",
    ).run();
    await maintain(env, nowSeconds());
    expect(await env.DB.prepare("SELECT sid FROM session_uses WHERE sid = 'ancient'").first()).toBeNull();
    expect(await env.DB.prepare("SELECT sid FROM connect_attempts WHERE sid = 'ancient'").first()).toBeNull();
  });

  it('a state is unique per session, not across sessions', async () => {
    const state = newState();
    const a = await connect({ ...strictFields(await createSession(), '/ok'), state }, { json: true });
    const b = await connect({ ...strictFields(await createSession(), '/ok'), state }, { json: true });
    expect(((await a.json()) as { status: string }).status).toBe('connected');
    expect(((await b.json()) as { status: string }).status).toBe('connected');
  });

  it('a storage failure when recording the outcome stores nothing: the page and the result route agree', async () => {
    const session = await createSession({ tenant: 'outcome-lost' });
    const fields = strictFields(session, '/ok');
    const response = await app.request(
      `${BASE}/v1/connect`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
        body: new URLSearchParams(fields).toString(),
      },
      { ...env, DB: faultyDb(env.DB, /UPDATE connect_attempts/) },
    );
    const html = await response.text();
    expect(response.status).toBe(500);
    expect(html).toContain('Authorization Failed');
    const stored = await env.DB.prepare("SELECT id FROM connections WHERE tenant = 'outcome-lost'").all();
    expect(stored.results).toEqual([]);
    const result = await SELF.fetch(`${BASE}/v1/connect/result?state=${fields.state}`, {
      headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
    });
    // Never "connected": still pending (reported failed once its deadline passes).
    expect(await result.json()).toEqual({ status: 'pending' });
    // The session was not spent: the person can try again.
    const again = await connect(strictFields(session, '/ok'), { json: true });
    expect(((await again.json()) as { status: string }).status).not.toBe('connected');
  });

  it('a connection deleted while its refresh is in flight is not handed out', async () => {
    const { id } = await storeExpired('deleted-mid-refresh', '/slow-ok?ms=400');
    const pending = getToken(id, 'deleted-mid-refresh');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const deleted = await SELF.fetch(`${BASE}/v1/connections/${id}?tenant=deleted-mid-refresh`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(deleted.status).toBe(204);
    expect((await pending).status).toBe(404);
  });

  it('the connect preflight echoes neither a requested header nor Origin: null', async () => {
    const preflight = (origin: string) =>
      SELF.fetch(`${BASE}/v1/connect`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-evil' },
      });
    const evil = await preflight(HOST_ORIGIN);
    expect(evil.headers.get('access-control-allow-headers') ?? '').not.toContain('x-evil');
    const opaque = await preflight('null');
    expect(opaque.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a session signature has one accepted encoding', async () => {
    const session = await createSession();
    const [payload, signature] = session.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character of a 32-byte HMAC's base64url holds 4 unused bits: flip one.
    const last = alphabet.indexOf(signature.at(-1)!);
    const variant = `${payload}.${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(readUnverifiedClaims(variant)).not.toBeNull();
    const response = await connect(strictFields(variant, '/ok'), { json: true });
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('session_invalid');
  });

  it('a development token URL written with a trailing dot works end to end', async () => {
    const session = await createSession();
    const url = new URL(strictUrl('/ok'));
    const response = await connect(strictFields(session, '/ok', { token_url: `http://localhost.:${url.port}/ok` }), {
      json: true,
    });
    expect(((await response.json()) as { status: string }).status).toBe('connected');
  });
});
