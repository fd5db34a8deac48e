import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, inject } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { OIDC_CLIENTS, STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { registerKeyClient } from '../support/register-key-client.mjs';
import {
  BASE,
  HOST_ORIGIN,
  admin,
  connectJson,
  createSession,
  expectNoSecretsLogged,
  getToken,
  strictLastRequest,
  strictUrl,
} from './helpers.js';

// Key-based client authentication (issue 11): private_key_jwt with a pasted key or a Worker-held
// one, client_secret_jwt (RFC 7523 §2.2, RFC 7521), and org-defined token parameters.

const pasted = () => inject('pastedKeys');
/** The base64 body of a PEM, a few lines of which must never appear anywhere. */
const keyBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
const logged = expectNoSecretsLogged(OIDC_CLIENTS.jwt.secret, STRICT_CLIENT.secret);

const oidcToken = () => `${inject('oidcIssuer')}/token`;

/** Makes the stored token expired, so the next token call signs a new assertion. */
const expire = (id: string) =>
  env.DB.prepare('UPDATE connections SET issued_at = issued_at - 7200, expires_at = ?2 WHERE id = ?1')
    .bind(id, Math.floor(Date.now() / 1000) - 1)
    .run();

describe('private_key_jwt with a pasted key', () => {
  it.each(['rsa', 'ec'] as const)(
    'connects oidc-provider with a pasted %s key, and refreshes by signing anew',
    async (type) => {
      const key = pasted()[type];
      const tenant = `pasted-${type}`;
      const session = await createSession({
        tenant,
        tokenUrl: oidcToken(),
        authMethod: 'private_key_jwt',
        locked: ['tokenUrl'],
      });
      // A single-line input drops a pasted key's line breaks: the Worker reads it all the same.
      const { body, text } = await connectJson(session, {
        client_id: key.clientId,
        private_key: key.pem.replace(/\n/g, ''),
        key_id: key.kid,
      });
      expect(body.status).toBe('connected');
      expect(text).not.toContain(keyBody(key.pem).slice(0, 40));
      await expire(body.connectionId!);
      const refreshed = await getToken(body.connectionId!, tenant);
      expect(refreshed.status).toBe(200);
      expect(await refreshed.text()).not.toContain(keyBody(key.pem).slice(0, 40));
    },
  );

  it('never stores, answers or logs the key in plain text', async () => {
    const key = pasted().ec;
    const session = await createSession({
      tenant: 'pasted-leak',
      tokenUrl: oidcToken(),
      authMethod: 'private_key_jwt',
    });
    const { body } = await connectJson(session, { client_id: key.clientId, private_key: key.pem, key_id: key.kid });
    const row = await env.DB.prepare('SELECT * FROM connections WHERE id = ?').bind(body.connectionId).first();
    const list = await (await admin('/v1/connections?tenant=pasted-leak')).text();
    const lines = keyBody(key.pem).match(/.{1,16}/g)!;
    for (const text of [JSON.stringify(row), list, logged().join('\n')]) {
      for (const line of lines) expect(text).not.toContain(line);
    }
  });

  it('a wrong key is the provider rejecting the client; a malformed one is the person’s input error', async () => {
    const session = () => createSession({ tokenUrl: oidcToken(), authMethod: 'private_key_jwt' });
    const wrong = await connectJson(await session(), {
      client_id: pasted().ec.clientId,
      private_key: pasted().rsa.pem,
    });
    expect(wrong.body.error?.code).toBe('invalid_client');
    const pkcs1 = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const malformed = await connectJson(await session(), { client_id: 'x', private_key: pkcs1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.code).toBe('invalid_request');
    expect(malformed.body.error?.message).toContain('openssl pkcs8 -topk8');
    const missing = await connectJson(await session(), { client_id: 'x' });
    expect(missing.body.error?.message).toContain('private_key is required');
  });

  it('signs the assertion as RFC 7523 §3 asks: iss = sub = client id, aud the token endpoint, a fresh jti, exp within 60 s, kid', async () => {
    const session = await createSession({
      tokenUrl: strictUrl('/assertion'),
      authMethod: 'private_key_jwt',
      locked: ['tokenUrl'],
    });
    await connectJson(session, { client_id: 'assertive', private_key: pasted().rsa.pem, key_id: 'kid-7' });
    const first = (await strictLastRequest('/assertion'))!.assertion!;
    expect(first.type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(first.header).toMatchObject({ alg: 'RS256', kid: 'kid-7' });
    const { iss, sub, aud, jti, exp, iat } = first.payload as Record<string, number & string>;
    expect([iss, sub, aud]).toEqual(['assertive', 'assertive', strictUrl('/assertion')]);
    expect(exp - iat).toBeLessThanOrEqual(60);
    const again = await createSession({
      tokenUrl: strictUrl('/assertion'),
      authMethod: 'private_key_jwt',
      locked: ['tokenUrl'],
    });
    await connectJson(again, { client_id: 'assertive', private_key: pasted().rsa.pem });
    expect((await strictLastRequest('/assertion'))!.assertion!.payload.jti).not.toBe(jti);
  });

  it('names the issuer in aud too when the token endpoint came from its metadata', async () => {
    const session = await createSession({ authMethod: 'private_key_jwt' });
    const { body } = await connectJson(session, {
      client_id: pasted().ec.clientId,
      private_key: pasted().ec.pem,
      key_id: pasted().ec.kid,
      token_url: inject('oidcIssuer'),
    });
    expect(body.status).toBe('connected');
  });
});

describe('client_secret_jwt', () => {
  it('connects oidc-provider with an HS256 assertion', async () => {
    const session = await createSession({ tokenUrl: oidcToken(), authMethod: 'client_secret_jwt' });
    const { body } = await connectJson(session, {
      client_id: OIDC_CLIENTS.jwt.id,
      client_secret: OIDC_CLIENTS.jwt.secret,
    });
    expect(body.status).toBe('connected');
  });
});

describe('Worker-held keys', () => {
  interface CreatedKey {
    kid: string;
    alg: string;
    public_jwk: JsonWebKey & { kid: string };
    public_pem: string;
    jwks_uri: string;
  }

  const createKey = async (tenant: string, alg?: string) => {
    const response = await admin('/v1/keys', {
      method: 'POST',
      body: JSON.stringify({ tenant, ...(alg ? { alg } : {}) }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedKey;
  };

  const jwks = async (tenant: string) => {
    const response = await SELF.fetch(`${BASE}/v1/jwks/${tenant}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    return ((await response.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  };

  /** A private_key_jwt client at oidc-provider that knows only these public keys. */
  const registerClient = (keys: JsonWebKey[]) => registerKeyClient(inject('oidcIssuer'), { jwks: { keys } });

  /** A connect through a session that signs with the Worker-held key `kid`: the person gives only the client id. */
  async function connectWithWorkerKey(tenant: string, kid: string, clientId: string) {
    const session = await createSession({ tenant, tokenUrl: oidcToken(), authMethod: 'private_key_jwt', keyId: kid });
    const { body } = await connectJson(session, { client_id: clientId });
    return { session, body };
  }

  it.each(['ES256', 'RS256', 'PS256'])('creates an %s key: public JWK and PEM, never the private key', async (alg) => {
    const key = await createKey(`keys-${alg}`, alg);
    expect(key.alg).toBe(alg);
    expect(key.public_jwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
    expect(key.public_jwk).not.toHaveProperty('d');
    expect(key.public_pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(key.jwks_uri).toBe(`${BASE}/v1/jwks/keys-${alg}`);
    expect(await jwks(`keys-${alg}`)).toEqual([key.kid]);
  });

  it('connects a client whose provider knows only the public key, asking the person for nothing but the client id', async () => {
    const tenant = 'worker-key';
    const key = await createKey(tenant);
    const clientId = await registerClient([key.public_jwk]);
    const { session, body } = await connectWithWorkerKey(tenant, key.kid, clientId);
    expect(readUnverifiedClaims(session)).toMatchObject({ keyId: key.kid, authMethod: 'private_key_jwt' });
    expect(body.status).toBe('connected');
    await expire(body.connectionId!);
    expect((await getToken(body.connectionId!, tenant)).status).toBe(200);
    const row = await env.DB.prepare('SELECT credential_enc, key_id FROM connections WHERE id = ?')
      .bind(body.connectionId)
      .first();
    expect(row).toEqual({ credential_enc: null, key_id: key.kid });
  });

  it('rotates: a connection keeps its key until a reconnect names the next one; a key in use cannot be withdrawn', async () => {
    const tenant = 'rotating';
    const first = await createKey(tenant);
    const second = await createKey(tenant, 'RS256');
    // The provider knows both keys (the JWKS URL publishes both).
    const clientId = await registerClient([first.public_jwk, second.public_jwk]);
    const { body } = await connectWithWorkerKey(tenant, first.kid, clientId);
    const id = body.connectionId!;
    // A newer key moves nothing: the connection still signs with the one it connected with.
    await expire(id);
    expect((await getToken(id, tenant)).status).toBe(200);
    const keyOf = async () =>
      (await env.DB.prepare('SELECT key_id FROM connections WHERE id = ?').bind(id).first<{ key_id: string }>())
        ?.key_id;
    expect(await keyOf()).toBe(first.kid);
    const refused = await admin(`/v1/keys/${first.kid}?tenant=${tenant}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: 'key_in_use',
      error_description: expect.stringContaining('1 connection signs'),
    });
    expect((await jwks(tenant)).sort()).toEqual([first.kid, second.kid].sort());
    // A reconnect session naming the second key moves the connection.
    const reconnect = await createSession({ tenant, connectionId: id, keyId: second.kid });
    expect((await connectJson(reconnect, { client_id: clientId })).body.status).toBe('connected');
    expect(await keyOf()).toBe(second.kid);
    expect((await admin(`/v1/keys/${first.kid}?tenant=${tenant}`, { method: 'DELETE' })).status).toBe(204);
    expect(await jwks(tenant)).toEqual([second.kid]);
    await expire(id);
    expect((await getToken(id, tenant)).status).toBe(200);
  });

  it("keeps tenants apart: another tenant's key is neither listed, usable, published nor withdrawable", async () => {
    const key = await createKey('key-owner');
    const listed = (await (await admin('/v1/keys?tenant=key-thief')).json()) as { keys: unknown[] };
    expect(listed.keys).toEqual([]);
    expect(await jwks('key-thief')).toEqual([]);
    expect((await admin(`/v1/keys/${key.kid}?tenant=key-thief`, { method: 'DELETE' })).status).toBe(404);
    const minted = await admin('/v1/sessions', {
      method: 'POST',
      body: JSON.stringify({ tenant: 'key-thief', origin: HOST_ORIGIN, authMethod: 'private_key_jwt', keyId: key.kid }),
    });
    expect(minted.status).toBe(400);
    expect(await jwks('key-owner')).toEqual([key.kid]);
  });

  it('refuses a key request without the admin key, and an unknown algorithm', async () => {
    const anonymous = await SELF.fetch(`${BASE}/v1/keys`, { method: 'POST', body: JSON.stringify({ tenant: 'x' }) });
    expect(anonymous.status).toBe(401);
    const weird = await admin('/v1/keys', { method: 'POST', body: JSON.stringify({ tenant: 'x', alg: 'HS256' }) });
    expect(weird.status).toBe(400);
  });
});

describe('org-defined token parameters (params.extra)', () => {
  it('are sent in the token request body', async () => {
    const session = await createSession({
      tokenUrl: strictUrl('/ok'),
      params: { extra: { account_id: '42', 'x-region': 'eu' } },
    });
    const { body } = await connectJson(session, { client_id: STRICT_CLIENT.id, client_secret: STRICT_CLIENT.secret });
    expect(body.status).toBe('connected');
    expect((await strictLastRequest('/ok'))?.params).toMatchObject({ account_id: '42', 'x-region': 'eu' });
  });

  it.each([{ grant_type: 'password' }, { client_secret: 'x' }, { 'bad name': 'x' }, { n: 42 }])(
    'refuses %j at mint',
    async (extra) => {
      const response = await admin('/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, params: { extra } }),
      });
      expect(response.status).toBe(400);
    },
  );
});

describe('reconnecting a connection that signs with a Worker-held key', () => {
  it('keeps its key unless the reconnect session names another', async () => {
    const tenant = 'reconnect-rotated';
    const create = async () =>
      (await (await admin('/v1/keys', { method: 'POST', body: JSON.stringify({ tenant }) })).json()) as {
        kid: string;
        public_jwk: JsonWebKey;
      };
    const first = await create();
    const clientId = await registerKeyClient(inject('oidcIssuer'), { jwks: { keys: [first.public_jwk] } });
    const session = await createSession({
      tenant,
      tokenUrl: oidcToken(),
      authMethod: 'private_key_jwt',
      keyId: first.kid,
    });
    const { body } = await connectJson(session, { client_id: clientId });
    const second = await create();
    const kept = await createSession({ tenant, connectionId: body.connectionId! });
    expect(readUnverifiedClaims(kept)?.keyId).toBe(first.kid);
    const moved = await createSession({ tenant, connectionId: body.connectionId!, keyId: second.kid });
    expect(readUnverifiedClaims(moved)?.keyId).toBe(second.kid);
  });
});
