import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.js';
import { nowSeconds } from '../../worker/common/clock.js';
import type { ConnectionInput } from '../../worker/connections/connection-record.js';
import { openAccessToken, openExchangeRequest, readConnection } from '../../worker/connections/store.js';
import { SecretBoxError } from '../../worker/crypto/secret-box.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { ADMIN, BASE, expectNoSecretsLogged, jsonError } from './helpers.js';
import {
  storeConnection,
  storeReconnect,
  storeRefreshedToken,
  storeRefreshFailure,
  strictInput,
} from './stored-connections.js';

/** The app on its own, for requests with another key ring than the Worker's. */
const app = createApp();

const KEYS = env.ENCRYPTION_KEYS!;
const SECRET = 'super-secret-client-secret-0123';
const ACCESS_TOKEN = 'access-token-that-must-stay-private';

const input = (overrides: Partial<ConnectionInput> = {}): ConnectionInput => ({
  tenant: 'acme',
  tokenUrl: 'https://login.example.com/oauth/token',
  clientId: 'client-one',
  credential: { kind: 'secret', secret: SECRET },
  scopes: ['api.read'],
  params: { audience: 'https://api.example.com' },
  authMethod: 'client_secret_basic',
  token: { accessToken: ACCESS_TOKEN, tokenType: 'Bearer', expiresIn: 3600, scopes: ['api.read'] },
  ...overrides,
});

const api = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/v1/connections${path}`, {
    ...init,
    headers: { ...ADMIN, ...(init.headers as Record<string, string>) },
  });

interface Listed {
  connections: Array<Record<string, unknown>>;
}

expectNoSecretsLogged(SECRET, ACCESS_TOKEN, STRICT_CLIENT.secret, 'strict-access-token');

describe('connection storage', () => {
  it('keeps the client secret and the access token only as ciphertext', async () => {
    const { id, expiresAt } = await storeConnection(input({ tenant: 'at-rest' }), KEYS, 3600);
    expect(id).toMatch(/^conn_[A-Za-z0-9_-]{22}$/);
    expect(expiresAt).toBeGreaterThan(Date.now() / 1000 + 3500);
    const row = await env.DB.prepare('SELECT * FROM connections WHERE id = ?').bind(id).first();
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(ACCESS_TOKEN);
    const record = (await readConnection(env.DB, 'at-rest', id))!;
    expect((await openExchangeRequest(record, KEYS)).credential).toEqual({ kind: 'secret', secret: SECRET });
    expect(await openAccessToken(record, KEYS)).toBe(ACCESS_TOKEN);
  });

  it('does not open a ciphertext copied into another row', async () => {
    const a = await storeConnection(input({ tenant: 'copy', clientId: 'a' }), KEYS, 3600);
    const b = await storeConnection(
      input({ tenant: 'copy', clientId: 'b', credential: { kind: 'secret', secret: 'b-secret' } }),
      KEYS,
      3600,
    );
    await env.DB.prepare(
      'UPDATE connections SET credential_enc = (SELECT credential_enc FROM connections WHERE id = ?1) WHERE id = ?2',
    )
      .bind(a.id, b.id)
      .run();
    const record = (await readConnection(env.DB, 'copy', b.id))!;
    await expect(openExchangeRequest(record, KEYS)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('a plain connect always makes a new connection; only a reconnect (by id) changes one', async () => {
    const first = await storeConnection(input({ tenant: 'reconnect' }), KEYS, 3600);
    await env.DB.prepare(
      "UPDATE connections SET last_error = 'invalid_client', last_error_message = 'rejected' WHERE id = ?",
    )
      .bind(first.id)
      .run();
    // The same tenant, token URL and client id again: a second connection, the first untouched.
    const second = await storeConnection(input({ tenant: 'reconnect', scopes: ['api.admin'] }), KEYS, 3600);
    expect(second.id).not.toBe(first.id);
    expect((await readConnection(env.DB, 'reconnect', first.id))!.scopes).toEqual(['api.read']);

    const rotated = input({
      tenant: 'reconnect',
      credential: { kind: 'secret', secret: 'rotated-secret' },
      scopes: ['api.write'],
      token: { accessToken: 'second', tokenType: 'Bearer', scopes: [] },
    });
    expect(await storeReconnect(first.id, rotated, KEYS, 3600)).toBe(true);
    const record = (await readConnection(env.DB, 'reconnect', first.id))!;
    expect(record.lastError).toBeNull();
    expect(record.scopes).toEqual(['api.write']);
    expect(record.credentialsVersion).toBe(2);
    expect((await openExchangeRequest(record, KEYS)).credential).toEqual({ kind: 'secret', secret: 'rotated-secret' });
    expect(await openAccessToken(record, KEYS)).toBe('second');
    // Another tenant's id reads as absent.
    expect(await storeReconnect(first.id, { ...rotated, tenant: 'someone-else' }, KEYS, 3600)).toBe(false);
    const listed = (await (await api('?tenant=reconnect')).json()) as Listed;
    expect(listed.connections.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('a refresh that began before a reconnect neither overwrites the new token nor marks it broken', async () => {
    const { id } = await storeConnection(input({ tenant: 'stale' }), KEYS, 3600);
    const before = (await readConnection(env.DB, 'stale', id))!;
    const reconnected = input({
      tenant: 'stale',
      token: { accessToken: 'after-reconnect', tokenType: 'Bearer', scopes: [] },
    });
    await storeReconnect(id, reconnected, KEYS, 3600);
    const token = { accessToken: 'from-old-secret', tokenType: 'Bearer', scopes: [] };
    const oldSecret = { kind: 'secret', secret: 'old-secret' } as const;
    const refreshed = await storeRefreshedToken(before, oldSecret, token, KEYS, 3600, 1);
    expect(refreshed.stored).toBe(false);
    const failure = { code: 'invalid_client' as const, message: 'x', retryNotBefore: null };
    expect(await storeRefreshFailure(before, oldSecret, failure, KEYS, 1)).toBe(false);
    const after = (await readConnection(env.DB, 'stale', id))!;
    expect(after.lastError).toBeNull();
    expect(await openAccessToken(after, KEYS)).toBe('after-reconnect');
  });

  it('uses the JWT exp, then the default TTL, when the provider sends no expires_in', async () => {
    const exp = Math.floor(Date.now() / 1000) + 500;
    const payload = btoa(JSON.stringify({ exp })).replace(/=+$/, '');
    const jwt = await storeConnection(
      input({
        tenant: 'ttl',
        clientId: 'jwt',
        token: { accessToken: `eyJhbGciOiJub25lIn0.${payload}.sig`, tokenType: 'Bearer', scopes: [] },
      }),
      KEYS,
      3600,
    );
    expect(jwt.expiresAt).toBe(exp);
    const opaque = await storeConnection(
      input({ tenant: 'ttl', clientId: 'opaque', token: { accessToken: 'opaque', tokenType: 'Bearer', scopes: [] } }),
      KEYS,
      777,
      1_000,
    );
    expect(opaque.expiresAt).toBe(1_777);
  });
});

describe('GET /v1/connections and DELETE /v1/connections/:id', () => {
  it('requires the admin key', async () => {
    for (const headers of [{ authorization: '' }, { authorization: 'Bearer wrong' }]) {
      const response = await api('?tenant=acme', { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('requires a valid tenant', async () => {
    for (const query of ['', '?tenant=', '?tenant=has%20space']) {
      const response = await api(query);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
    const response = await api('/conn_AAAAAAAAAAAAAAAAAAAAAA', { method: 'DELETE' });
    expect(response.status).toBe(400);
  });

  it('lists a tenant’s connections without secrets or tokens', async () => {
    const { id, expiresAt } = await storeConnection(input({ tenant: 'listing' }), KEYS, 3600);
    const response = await api('?tenant=listing');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(ACCESS_TOKEN);
    const { connections } = JSON.parse(text) as Listed;
    expect(connections).toHaveLength(1);
    expect(connections[0]).toEqual({
      id,
      token_url: 'https://login.example.com/oauth/token',
      issuer: null,
      client_id: 'client-one',
      key_id: null,
      scopes: ['api.read'],
      auth_method: 'client_secret_basic',
      params: { audience: 'https://api.example.com' },
      values: {},
      probe: null,
      status: 'active',
      last_error: null,
      last_error_description: null,
      last_checked_at: expect.any(Number),
      expires_at: expiresAt,
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
  });

  it('tenant B can neither see, read nor delete tenant A’s connection: 404, not 403', async () => {
    const { id } = await storeConnection(input({ tenant: 'tenant-a' }), KEYS, 3600);
    expect(((await (await api('?tenant=tenant-b')).json()) as Listed).connections).toEqual([]);
    for (const response of [
      await api(`/${id}/token?tenant=tenant-b`),
      await api(`/${id}/token?tenant=tenant-b&force=1`),
      await api(`/${id}?tenant=tenant-b`),
      await api(`/${id}/check?tenant=tenant-b`, { method: 'POST' }),
      await api(`/${id}?tenant=tenant-b`, { method: 'DELETE' }),
    ]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    }
    expect(await readConnection(env.DB, 'tenant-a', id)).not.toBeNull();
  });

  it('deletes with 204, then answers 404', async () => {
    const { id } = await storeConnection(input({ tenant: 'deleting' }), KEYS, 3600);
    const deleted = await api(`/${id}?tenant=deleting`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(((await (await api('?tenant=deleting')).json()) as Listed).connections).toEqual([]);
    for (const response of [
      await api(`/${id}?tenant=deleting`, { method: 'DELETE' }),
      await api(`/${id}/token?tenant=deleting`),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await api('/not-an-id?tenant=deleting', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('retiring an encryption key', () => {
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
    storeConnection(strictInput(tenant, '/ok', { clientId, accessToken: 'fresh-token' }), ring, 3600);

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
