import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { nowSeconds } from '../../worker/common/clock.js';
import type { ConnectionInput } from '../../worker/connections/connection-record.js';
import { readConnection } from '../../worker/connections/store.js';
import { OIDC_CLIENTS, STALL_MS, STRICT_CLIENT } from '../support/oauth-clients.mjs';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  connect,
  countedOidcTokenUrl,
  createSession,
  eventually,
  expectNoSecretsLogged,
  getToken,
  leaksStrictSecret,
  newState,
  oidcTokenRequests,
  strictCount,
  strictUrl,
  tokenOf,
  type TokenBody,
} from './helpers.js';
import { storeConnection, storeExpired, storeReconnect } from './stored-connections.js';

/** The app on its own, for a request with settings of its own (a longer upstream timeout). */
const app = createApp();
const KEYS = env.ENCRYPTION_KEYS!;
const SEED_TOKEN = 'seed-access-token-stored-at-connect';

/** What a connect to the oidc-provider stores, with a token that lives `lifetime` seconds. */
function storedInput(
  tenant: string,
  { lifetime = 3600, ...overrides }: Partial<ConnectionInput> & { lifetime?: number } = {},
): ConnectionInput {
  return {
    tenant,
    tokenUrl: countedOidcTokenUrl(),
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

const secrets = [OIDC_CLIENTS.basic.secret, OIDC_CLIENTS.post.secret, 'wrong-secret-for-basic-client'];
const logged = expectNoSecretsLogged(...secrets, SEED_TOKEN, STRICT_CLIENT.secret, 'strict-access-token');

describe('GET /v1/connections/:id/token', () => {
  it('requires the admin key and the tenant', async () => {
    const { id } = await store('guarded');
    const unauthorized = await getToken(id, 'guarded', { headers: { authorization: 'Bearer nope' } });
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
      tokenUrl: countedOidcTokenUrl(),
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
    const before = await oidcTokenRequests();
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
    expect(await oidcTokenRequests()).toBe(before);
  });

  it('serves the stored token before 75 % of its lifetime and a new one from the provider after', async () => {
    const young = await store('lifetime-young', { age: 70, lifetime: 100 });
    expect((await tokenOf(young.id, 'lifetime-young')).access_token).toBe(SEED_TOKEN);

    const old = await store('lifetime-old', { age: 80, lifetime: 100 });
    const before = await oidcTokenRequests();
    const asked = nowSeconds();
    const fresh = await tokenOf(old.id, 'lifetime-old');
    expect(fresh.access_token).not.toBe(SEED_TOKEN);
    expect(fresh).toMatchObject({ token_type: 'Bearer', scope: 'api:read' });
    // oidc-provider's lifetime in these tests is one hour, from the refresh this call made.
    expect(fresh.expires_at).toBeGreaterThanOrEqual(asked + 3590);
    expect(await oidcTokenRequests()).toBe(before + 1);
    // The new token is stored: the next call is served without another upstream request.
    expect((await tokenOf(old.id, 'lifetime-old')).access_token).toBe(fresh.access_token);
    expect(await oidcTokenRequests()).toBe(before + 1);
  });

  it('however short the lifetime the provider grants, a connection asks upstream at most once per 10 s', async () => {
    // expires_in 0 and 1: already past 75 % of their life, yet younger than 10 s, so served as they
    // are. (Some seconds under the floor, however busy the machine: the edge itself is
    // token-policy.test.ts's, on a clock of its own.)
    const instant = await store('short-lived', { age: 0, lifetime: 0 });
    const second = await store('short-lived', { age: 2, lifetime: 1 });
    const before = await oidcTokenRequests();
    const served = await Promise.all([instant.id, second.id, instant.id].map((id) => tokenOf(id, 'short-lived')));
    expect(served.map((token) => token.access_token)).toEqual([SEED_TOKEN, SEED_TOKEN, SEED_TOKEN]);
    expect(await oidcTokenRequests()).toBe(before);
    // Ten seconds on, the 1-second token is replaced, once.
    const older = await store('short-lived', { age: 11, lifetime: 1 });
    const replaced = await Promise.all([tokenOf(older.id, 'short-lived'), tokenOf(older.id, 'short-lived')]);
    expect(replaced[0]!.access_token).not.toBe(SEED_TOKEN);
    expect(replaced[1]!.access_token).toBe(replaced[0]!.access_token);
    expect(await oidcTokenRequests()).toBe(before + 1);
  });

  it('100 concurrent calls on an expired token reach the token endpoint exactly once', async () => {
    const { id } = await store('stampede', { age: 7200, lifetime: 3600 });
    const before = await oidcTokenRequests();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => tokenOf(id, 'stampede')));
    expect((await oidcTokenRequests()) - before).toBe(1);
    expect(new Set(tokens.map((t) => t.access_token)).size).toBe(1);
    expect(tokens[0]!.access_token).not.toBe(SEED_TOKEN);
  });

  it('single flight holds on a path no other test uses, counted at the strict server', async () => {
    const { id } = await store('stampede-strict', {
      age: 7200,
      lifetime: 3600,
      tokenUrl: strictUrl('/no-expiry?token=stampede-token'),
    });
    const before = await strictCount('/no-expiry');
    const tokens = await Promise.all(Array.from({ length: 100 }, () => tokenOf(id, 'stampede-strict')));
    expect((await strictCount('/no-expiry')) - before).toBe(1);
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
    const asked = nowSeconds();
    const token = await tokenOf(opaque.id, 'no-expires-in');
    // The default TTL (an hour) from the refresh this call made, however long the call took.
    expect(token.expires_at).toBeGreaterThanOrEqual(asked + 3600);
    expect(token.expires_at).toBeLessThanOrEqual(nowSeconds() + 3600);
  });

  it('invalid_client marks the connection broken, answers 409, and stops calling upstream until reconnected', async () => {
    const broken = { credential: { kind: 'secret', secret: 'wrong-secret-for-basic-client' } } as const;
    const { id } = await store('revoked', { age: 7200, lifetime: 3600, ...broken });
    const before = await oidcTokenRequests();
    const first = await getToken(id, 'revoked');
    expect(first.status).toBe(409);
    const body = (await first.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/reconnect/);
    expect(JSON.stringify(body)).not.toContain('wrong-secret-for-basic-client');
    expect(await oidcTokenRequests()).toBe(before + 1);
    expect(logged().some((line) => line.includes('invalid_client'))).toBe(true);

    const again = await Promise.all([getToken(id, 'revoked'), getToken(id, 'revoked'), getToken(id, 'revoked')]);
    expect(again.map((r) => r.status)).toEqual([409, 409, 409]);
    expect(await oidcTokenRequests()).toBe(before + 1);
    const listed = (await (await SELF.fetch(`${BASE}/v1/connections?tenant=revoked`, { headers: ADMIN })).json()) as {
      connections: Array<{ last_error: string | null }>;
    };
    expect(listed.connections[0]?.last_error).toBe('invalid_client');

    // Reconnecting in place with the right secret repairs it.
    await storeReconnect(id, storedInput('revoked', { lifetime: 3600 }), KEYS, 3600, nowSeconds() - 7200);
    expect((await tokenOf(id, 'revoked')).access_token).not.toBe(SEED_TOKEN);
    expect(await oidcTokenRequests()).toBe(before + 2);
  });

  it('a provider’s Retry-After is honoured: 503 with Retry-After, and no upstream call until it has passed', async () => {
    const { id } = await store('unavailable', { age: 7200, lifetime: 3600, tokenUrl: strictUrl('/retry-after') });
    const before = await strictCount('/retry-after');
    const first = await getToken(id, 'unavailable');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('120');
    expect(await first.json()).toMatchObject({ error: 'provider_unavailable' });
    const second = await getToken(id, 'unavailable');
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(115);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect((await strictCount('/retry-after')) - before).toBe(1);

    // Once the pause is over, the next call asks again.
    await env.DB.prepare('UPDATE connections SET retry_not_before = ?2 WHERE id = ?1')
      .bind(id, nowSeconds() - 1)
      .run();
    expect((await getToken(id, 'unavailable')).status).toBe(503);
    expect((await strictCount('/retry-after')) - before).toBe(2);
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

  it('a refresh rejected with an echo of the secret stores and serves no piece of it', async () => {
    const { id } = await storeExpired('echo-refresh', '/echo/percent');
    const response = await getToken(id, 'echo-refresh');
    expect(response.status).toBe(409);
    expect(leaksStrictSecret(await response.text())).toBe(false);
    const list = await SELF.fetch(`${BASE}/v1/connections?tenant=echo-refresh`, { headers: ADMIN });
    expect(leaksStrictSecret(await list.text())).toBe(false);
    const row = await env.DB.prepare('SELECT last_error_message FROM connections WHERE id = ?')
      .bind(id)
      .first<{ last_error_message: string }>();
    expect(leaksStrictSecret(row!.last_error_message)).toBe(false);
  });

  it.each(['0', '-5', '1.5', 'Thu, 01 Jan 1970 00:00:00 GMT', 'soon'])(
    'Retry-After cannot switch off the back-off: after a 503 with Retry-After: %s the next call waits at least 10 s',
    async (value) => {
      const tenant = `retry-${value.length}-${value.charCodeAt(0)}`;
      const { id } = await storeExpired(tenant, `/retry-after?value=${encodeURIComponent(value)}`);
      const before = await strictCount('/retry-after');
      const first = await getToken(id, tenant);
      expect(first.status).toBe(503);
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(10);
      const second = await getToken(id, tenant);
      expect(second.status).toBe(503);
      expect((await strictCount('/retry-after')) - before).toBe(1);
    },
  );

  it('a connection deleted while its refresh is in flight is not handed out', async () => {
    const { id } = await storeExpired('deleted-mid-refresh', '/hold/deleted-mid-refresh');
    // An upstream timeout longer than the test, so that only the release below ends the refresh.
    const pending = app.request(
      `${BASE}/v1/connections/${id}/token?tenant=deleted-mid-refresh`,
      { headers: ADMIN },
      { ...env, UPSTREAM_TIMEOUT_MS: String(STALL_MS) },
    );
    // The refresh has reached the provider, which holds its answer until the delete is done.
    await eventually(async () => expect(await strictCount('/hold/deleted-mid-refresh')).toBe(1));
    const deleted = await SELF.fetch(`${BASE}/v1/connections/${id}?tenant=deleted-mid-refresh`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(deleted.status).toBe(204);
    await fetch(strictUrl('/__release/deleted-mid-refresh'));
    expect((await pending).status).toBe(404);
  });
});
