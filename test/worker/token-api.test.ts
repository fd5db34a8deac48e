import { storeConnection, storeReconnect } from './stored-connections.js';
import type { ConnectionInput } from '../../worker/connections/connection-record.js';
import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';
import { readConnection } from '../../worker/connections/store.js';
import { OIDC_CLIENTS } from '../support/oauth-clients.mjs';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  connect,
  createSession,
  newState,
  oidcTokenUrl,
  strictCounts,
  strictUrl,
  expectNoSecretsLogged,
} from './helpers.js';

const KEYS = env.ENCRYPTION_KEYS!;
const SEED_TOKEN = 'seed-access-token-stored-at-connect';
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface TokenBody {
  access_token: string;
  token_type: string;
  expires_at: number;
  scope: string;
}

const oidcStats = async () =>
  (await (await fetch(`${inject('oidcIssuer')}/__stats`)).json()) as { tokenRequests: number };

/** What a connect to the oidc-provider stores, with a token that lives `lifetime` seconds. */
function storedInput(
  tenant: string,
  { lifetime = 3600, ...overrides }: Partial<ConnectionInput> & { lifetime?: number } = {},
): ConnectionInput {
  return {
    tenant,
    tokenUrl: oidcTokenUrl(),
    clientId: OIDC_CLIENTS.basic.id,
    credential: { kind: 'secret', secret: OIDC_CLIENTS.basic.secret },
    scopes: ['api:read'],
    params: {},
    authMethod: 'client_secret_basic',
    token: { accessToken: SEED_TOKEN, tokenType: 'Bearer', expiresIn: lifetime, scopes: ['api:read'] },
    ...overrides,
  };
}

/** A stored connection whose token was issued `age` seconds ago and lives `lifetime` seconds. */
function store(
  tenant: string,
  { age = 0, ...rest }: Partial<ConnectionInput> & { age?: number; lifetime?: number } = {},
) {
  return storeConnection(storedInput(tenant, rest), KEYS, 3600, nowSeconds() - age);
}

const getToken = (id: string, tenant: string, headers: Record<string, string> = ADMIN) =>
  SELF.fetch(`${BASE}/v1/connections/${id}/token?tenant=${encodeURIComponent(tenant)}`, { headers });

async function tokenOf(id: string, tenant: string): Promise<TokenBody> {
  const response = await getToken(id, tenant);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as TokenBody;
}

const secrets = [OIDC_CLIENTS.basic.secret, OIDC_CLIENTS.post.secret, 'wrong-secret-for-basic-client'];
const logged = expectNoSecretsLogged(...secrets, SEED_TOKEN);

describe('GET /v1/connections/:id/token', () => {
  it('requires the admin key and the tenant', async () => {
    const { id } = await store('guarded');
    const unauthorized = await getToken(id, 'guarded', { authorization: 'Bearer nope' });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.text()).not.toContain(SEED_TOKEN);
    const noTenant = await SELF.fetch(`${BASE}/v1/connections/${id}/token`, { headers: ADMIN });
    expect(noTenant.status).toBe(400);
    expect(await noTenant.json()).toMatchObject({ error: 'invalid_request' });
    const unknown = await getToken('conn_AAAAAAAAAAAAAAAAAAAAAA', 'guarded');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found', error_description: expect.any(String) });
  });

  it('round trip: a connection made through /v1/connect hands out its token without asking upstream again', async () => {
    const session = await createSession({
      tenant: 'roundtrip',
      tokenUrl: oidcTokenUrl(),
      scopes: ['api:read'],
      locked: ['tokenUrl', 'scopes'],
    });
    const connected = await connect(
      {
        session_token: session,
        state: newState(),
        client_id: OIDC_CLIENTS.basic.id,
        client_secret: OIDC_CLIENTS.basic.secret,
      },
      { origin: HOST_ORIGIN, json: true },
    );
    const message = (await connected.json()) as { status: string; connectionId: string; expiresAt: number };
    expect(message.status).toBe('connected');
    const before = await oidcStats();
    const response = await getToken(message.connectionId, 'roundtrip');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const token = (await response.json()) as TokenBody;
    expect(token).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_at: message.expiresAt,
      scope: 'api:read',
      values: {},
    });
    expect(token.access_token.length).toBeGreaterThan(20);
    expect((await tokenOf(message.connectionId, 'roundtrip')).access_token).toBe(token.access_token);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests);
  });

  it('serves the stored token before 75 % of its lifetime and a new one from the provider after', async () => {
    const young = await store('lifetime-young', { age: 70, lifetime: 100 });
    expect((await tokenOf(young.id, 'lifetime-young')).access_token).toBe(SEED_TOKEN);

    const old = await store('lifetime-old', { age: 80, lifetime: 100 });
    const before = await oidcStats();
    const fresh = await tokenOf(old.id, 'lifetime-old');
    expect(fresh.access_token).not.toBe(SEED_TOKEN);
    expect(fresh).toMatchObject({ token_type: 'Bearer', scope: 'api:read' });
    // oidc-provider's lifetime in these tests is one hour.
    expect(fresh.expires_at).toBeGreaterThanOrEqual(nowSeconds() + 3590);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 1);
    // The new token is stored: the next call is served without another upstream request.
    expect((await tokenOf(old.id, 'lifetime-old')).access_token).toBe(fresh.access_token);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 1);
  });

  it('however short the lifetime the provider grants, a connection asks upstream at most once per 10 s', async () => {
    // expires_in 0 and 1: already past 75 % of their life, yet younger than 10 s, so served as
    // they are (ages well inside the window, so a slow machine crossing a second changes nothing).
    const instant = await store('short-lived', { age: 0, lifetime: 0 });
    const second = await store('short-lived', { age: 5, lifetime: 1 });
    const before = await oidcStats();
    const served = await Promise.all([instant.id, second.id, instant.id].map((id) => tokenOf(id, 'short-lived')));
    expect(served.map((token) => token.access_token)).toEqual([SEED_TOKEN, SEED_TOKEN, SEED_TOKEN]);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests);
    // Ten seconds on, the 1-second token is replaced, once.
    const older = await store('short-lived', { age: 11, lifetime: 1 });
    const replaced = await Promise.all([tokenOf(older.id, 'short-lived'), tokenOf(older.id, 'short-lived')]);
    expect(replaced[0]!.access_token).not.toBe(SEED_TOKEN);
    expect(replaced[1]!.access_token).toBe(replaced[0]!.access_token);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 1);
  });

  it('100 concurrent calls on an expired token reach the token endpoint exactly once', async () => {
    const { id } = await store('stampede', { age: 7200, lifetime: 3600 });
    const before = await oidcStats();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => tokenOf(id, 'stampede')));
    expect((await oidcStats()).tokenRequests - before.tokenRequests).toBe(1);
    expect(new Set(tokens.map((t) => t.access_token)).size).toBe(1);
    expect(tokens[0]!.access_token).not.toBe(SEED_TOKEN);
  });

  it('single flight holds on a path no other test uses, counted at the strict server', async () => {
    const { id } = await store('stampede-strict', {
      age: 7200,
      lifetime: 3600,
      tokenUrl: strictUrl('/no-expiry?token=stampede-token'),
    });
    const before = (await strictCounts())['/no-expiry'] ?? 0;
    const tokens = await Promise.all(Array.from({ length: 100 }, () => tokenOf(id, 'stampede-strict')));
    expect(((await strictCounts())['/no-expiry'] ?? 0) - before).toBe(1);
    expect(tokens.every((t) => t.access_token === 'stampede-token')).toBe(true);
  });

  it('a token without expires_in lives until its JWT exp, else the default TTL', async () => {
    const exp = nowSeconds() + 1800;
    const part = (value: unknown) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
    const jwt = `${part({ alg: 'none' })}.${part({ exp, sub: 'svc' })}.c2ln`;
    const withJwt = await store('no-expires-in', {
      age: 7200,
      lifetime: 3600,
      clientId: 'jwt',
      tokenUrl: strictUrl(`/no-expiry?token=${jwt}`),
    });
    expect((await tokenOf(withJwt.id, 'no-expires-in')).expires_at).toBe(exp);
    const opaque = await store('no-expires-in', {
      age: 7200,
      lifetime: 3600,
      clientId: 'opaque',
      tokenUrl: strictUrl('/no-expiry?token=opaque'),
    });
    const token = await tokenOf(opaque.id, 'no-expires-in');
    expect(token.expires_at - nowSeconds()).toBeGreaterThanOrEqual(3599);
    expect(token.expires_at - nowSeconds()).toBeLessThanOrEqual(3600);
  });

  it('invalid_client marks the connection broken, answers 409, and stops calling upstream until reconnected', async () => {
    const broken = { credential: { kind: 'secret', secret: 'wrong-secret-for-basic-client' } } as const;
    const { id } = await store('revoked', { age: 7200, lifetime: 3600, ...broken });
    const before = await oidcStats();
    const first = await getToken(id, 'revoked');
    expect(first.status).toBe(409);
    const body = (await first.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/reconnect/);
    expect(JSON.stringify(body)).not.toContain('wrong-secret-for-basic-client');
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 1);
    expect(logged().some((line) => line.includes('invalid_client'))).toBe(true);

    const again = await Promise.all([getToken(id, 'revoked'), getToken(id, 'revoked'), getToken(id, 'revoked')]);
    expect(again.map((r) => r.status)).toEqual([409, 409, 409]);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 1);
    const listed = (await (await SELF.fetch(`${BASE}/v1/connections?tenant=revoked`, { headers: ADMIN })).json()) as {
      connections: Array<{ last_error: string | null }>;
    };
    expect(listed.connections[0]?.last_error).toBe('invalid_client');

    // Reconnecting in place with the right secret repairs it.
    await storeReconnect(id, storedInput('revoked', { lifetime: 3600 }), KEYS, 3600, nowSeconds() - 7200);
    expect((await tokenOf(id, 'revoked')).access_token).not.toBe(SEED_TOKEN);
    expect((await oidcStats()).tokenRequests).toBe(before.tokenRequests + 2);
  });

  it('a provider’s Retry-After is honoured: 503 with Retry-After, and no upstream call until it has passed', async () => {
    const { id } = await store('unavailable', { age: 7200, lifetime: 3600, tokenUrl: strictUrl('/retry-after') });
    const before = (await strictCounts())['/retry-after'] ?? 0;
    const first = await getToken(id, 'unavailable');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('120');
    expect(await first.json()).toMatchObject({ error: 'provider_unavailable' });
    const second = await getToken(id, 'unavailable');
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(115);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect(((await strictCounts())['/retry-after'] ?? 0) - before).toBe(1);

    // Once the pause is over, the next call asks again.
    await env.DB.prepare('UPDATE connections SET retry_not_before = ?2 WHERE id = ?1')
      .bind(id, nowSeconds() - 1)
      .run();
    expect((await getToken(id, 'unavailable')).status).toBe(503);
    expect(((await strictCounts())['/retry-after'] ?? 0) - before).toBe(2);
  });

  it('a transient failure while the old token is still valid hands out the old token', async () => {
    const { id } = await store('still-valid', { age: 80, lifetime: 100, tokenUrl: strictUrl('/retry-after') });
    expect((await tokenOf(id, 'still-valid')).access_token).toBe(SEED_TOKEN);
    const record = await readConnection(env.DB, 'still-valid', id);
    expect(record?.lastError).toBe('provider_unavailable');
    expect(record?.retryNotBefore).toBeGreaterThan(nowSeconds() + 100);
  });

  it('never puts a stored secret in an error body, even when the provider echoes it', async () => {
    const echoing = strictUrl(
      `/error/invalid_request?description=${encodeURIComponent(`bad secret ${OIDC_CLIENTS.basic.secret}`)}`,
    );
    const { id } = await store('echo', { age: 7200, lifetime: 3600, tokenUrl: echoing });
    const response = await getToken(id, 'echo');
    expect(response.status).toBe(409);
    const text = await response.text();
    expect(text).toContain('invalid_request');
    expect(text).not.toContain(OIDC_CLIENTS.basic.secret);
  });
});
