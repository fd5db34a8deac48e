import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SEALED_TABLES } from '../../worker/admin/sealed-tables.js';
import { registerKeyClient } from '../support/register-key-client.mjs';
import { OIDC_CLIENTS } from '../support/oauth-clients.mjs';
import { ADMIN, BASE, createSession, HOST_ORIGIN, newState } from './helpers.js';

// README "Rotate and retire an encryption key", followed step by step with a Worker-held key and
// a client secret: every sealed value (connections and signing keys) moves to the new key, the
// old one goes, and everything still works. Then what happens when the old key goes too early:
// 409 credentials_unreadable on every route, the connection broken and told, never a 500.

const DEV_RING = env.ENCRYPTION_KEYS!;
const OLD = DEV_RING.split(',')[0]!;
const NEW = 'k2:bmV3LWVuY3J5cHRpb24ta2V5LW9mLTMyLWJ5dGVzISE=';
/** ENCRYPTION_KEYS as the deployment's secret says it for this step (the Worker reads it per request). */
const useRing = (ring: string) => ((env as { ENCRYPTION_KEYS: string }).ENCRYPTION_KEYS = ring);
afterEach(() => useRing(DEV_RING));

const admin = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    ...init,
    headers: { ...ADMIN, 'content-type': 'application/json', ...(init.headers as object) },
  });
/** Past its refresh point, so the next token call exchanges (and signs) anew. */
const expire = (id: string) =>
  env.DB.prepare('UPDATE connections SET issued_at = issued_at - 7200, expires_at = ?2 WHERE id = ?1')
    .bind(id, Math.floor(Date.now() / 1000) - 1)
    .run();
const tokenUrl = () => `${inject('oidcIssuer')}/token`;

async function connectJson(session: string, fields: Record<string, string>) {
  const response = await SELF.fetch(`${BASE}/v1/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN, accept: 'application/json' },
    body: new URLSearchParams({ session_token: session, state: newState(), ...fields }).toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as { status: string; connectionId?: string; error?: { code: string } },
  };
}

/** A tenant with a Worker-held key its provider knows, and two connections: one signing with it, one with a secret. */
async function setUp(tenant: string) {
  const key = (await (await admin('/v1/keys', { method: 'POST', body: JSON.stringify({ tenant }) })).json()) as {
    kid: string;
    public_jwk: JsonWebKey;
  };
  const clientId = await registerKeyClient(inject('oidcIssuer'), { jwks: { keys: [key.public_jwk] } });
  const keySession = await createSession({
    tenant,
    tokenUrl: tokenUrl(),
    authMethod: 'private_key_jwt',
    keyId: key.kid,
  });
  const signing = await connectJson(keySession, { client_id: clientId });
  const secretSession = await createSession({ tenant, tokenUrl: tokenUrl() });
  const secret = await connectJson(secretSession, {
    client_id: OIDC_CLIENTS.basic.id,
    client_secret: OIDC_CLIENTS.basic.secret,
  });
  expect([signing.body.status, secret.body.status]).toEqual(['connected', 'connected']);
  return { key, clientId, signingId: signing.body.connectionId!, secretId: secret.body.connectionId! };
}

async function walk() {
  let cursor = '';
  const totals = { resealed: 0, unreadable: 0 };
  do {
    const response = await admin(`/v1/admin/reseal?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { resealed: number; unreadable: number; next_cursor: string | null };
    totals.resealed += page.resealed;
    totals.unreadable += page.unreadable;
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return totals;
}

const sealedUnder = async (sql: string, id: string) =>
  (await env.DB.prepare(sql).bind(id).first<{ sealed: string }>())!.sealed.split('.')[0];

describe('rotating and retiring an encryption key (README)', () => {
  it('moves every sealed value, Worker-held keys included, and works on with the new key alone', async () => {
    const tenant = 'rotate-retire';
    const { key, clientId, signingId, secretId } = await setUp(tenant);
    // Step 1: the new key first, the old one after it.
    useRing(`${NEW},${OLD}`);
    // Step 2: npm run rekey walks every table.
    expect((await walk()).unreadable).toBe(0);
    expect(await sealedUnder('SELECT private_key_enc AS sealed FROM signing_keys WHERE kid = ?1', key.kid)).toBe('k2');
    expect(await sealedUnder('SELECT credential_enc AS sealed FROM connections WHERE id = ?1', secretId)).toBe('k2');
    expect(await sealedUnder('SELECT access_token_enc AS sealed FROM connections WHERE id = ?1', signingId)).toBe('k2');
    // Step 3: the old key goes. Refreshes sign with the Worker-held key, checks run, connects work.
    useRing(NEW);
    for (const id of [signingId, secretId]) {
      await expire(id);
      expect((await admin(`/v1/connections/${id}/token?tenant=${tenant}`)).status).toBe(200);
      const checked = await admin(`/v1/connections/${id}/check?tenant=${tenant}`, { method: 'POST' });
      expect(((await checked.json()) as { status: string }).status).toBe('active');
    }
    const again = await createSession({ tenant, tokenUrl: tokenUrl(), authMethod: 'private_key_jwt', keyId: key.kid });
    expect((await connectJson(again, { client_id: clientId })).body.status).toBe('connected');
  });

  it('a value sealed under a key removed too early answers 409 credentials_unreadable everywhere, and is told', async () => {
    const tenant = 'retired-too-early';
    const { key, clientId, signingId, secretId } = await setUp(tenant);
    // A session minted while the key could still be read (a new one naming it is refused).
    const later = await createSession({ tenant, tokenUrl: tokenUrl(), authMethod: 'private_key_jwt', keyId: key.kid });
    useRing(NEW);
    for (const id of [signingId, secretId]) {
      await expire(id);
      const token = await admin(`/v1/connections/${id}/token?tenant=${tenant}`);
      expect(token.status).toBe(409);
      expect(await token.json()).toMatchObject({ error: 'credentials_unreadable' });
      const check = await admin(`/v1/connections/${id}/check?tenant=${tenant}`, { method: 'POST' });
      expect(check.status).toBe(409);
      const view = (await (await admin(`/v1/connections/${id}?tenant=${tenant}`)).json()) as {
        status: string;
        last_error: string;
      };
      expect([view.status, view.last_error]).toEqual(['broken', 'credentials_unreadable']);
    }
    const connect = await connectJson(later, { client_id: clientId });
    expect([connect.status, connect.body.error?.code], JSON.stringify(connect.body)).toEqual([
      409,
      'credentials_unreadable',
    ]);
    const listed = (await (await admin(`/v1/keys?tenant=${tenant}`)).json()) as {
      keys: { kid: string; unreadable_at: number | null }[];
    };
    expect(listed.keys.find((k) => k.kid === key.kid)!.unreadable_at).toEqual(expect.any(Number));
    const events = (await (await admin(`/v1/events?tenant=${tenant}`)).json()) as {
      events: { type: string; connection_id: string }[];
    };
    for (const id of [signingId, secretId]) {
      expect(events.events.filter((e) => e.connection_id === id).map((e) => e.type)).toContain('connection.broken');
    }
  });

  it('the walk marks what no key opens, breaking and telling each connection that uses it', async () => {
    const tenant = 'walked-too-late';
    const { key, signingId, secretId } = await setUp(tenant);
    // The old key removed before the walk: only NEW, and a walk that finds values it cannot open.
    useRing(NEW);
    const { unreadable } = await walk();
    expect(unreadable).toBeGreaterThanOrEqual(3);
    const listed = (await (await admin(`/v1/keys?tenant=${tenant}`)).json()) as {
      keys: { kid: string; unreadable_at: number | null }[];
    };
    expect(listed.keys.find((k) => k.kid === key.kid)!.unreadable_at).toEqual(expect.any(Number));
    const events = (await (await admin(`/v1/events?tenant=${tenant}`)).json()) as {
      events: { type: string; connection_id: string; error_code: string | null }[];
    };
    for (const id of [signingId, secretId]) {
      expect(events.events.find((e) => e.connection_id === id && e.type === 'connection.broken')?.error_code).toBe(
        'credentials_unreadable',
      );
    }
  });
});

describe('the key ring knows every sealed column', () => {
  it('the reseal walk lists every *_enc column of the schema, today’s and any added later', async () => {
    const { results: tables } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
    ).all<{ name: string }>();
    const sealed: string[] = [];
    for (const { name } of tables) {
      const { results: columns } = await env.DB.prepare(`PRAGMA table_info(${name})`).all<{ name: string }>();
      for (const column of columns) if (column.name.endsWith('_enc')) sealed.push(`${name}.${column.name}`);
    }
    const walked = SEALED_TABLES.flatMap((table) => table.columns.map((column) => `${table.table}.${column}`));
    expect(sealed.sort()).toEqual(walked.sort());
    expect(sealed).toContain('signing_keys.private_key_enc');
  });
});
