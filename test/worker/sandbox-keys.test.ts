import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../worker/app.js';
import { nowSeconds } from '../../worker/common/clock.js';
import { signingKey } from '../../worker/keys/signing-keys.js';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  connectJson,
  createSession,
  expectNoSecretsLogged,
  productionEnv,
} from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// The sandbox for issue 11 (development only): an issuer with metadata, a client_secret_jwt
// client and a private_key_jwt client whose assertions are verified as a provider would.

const ISSUER = `${BASE}/sandbox`;
const TOKEN_ENDPOINT = `${ISSUER}/token`;
const logged = expectNoSecretsLogged('PRIVATE KEY', 'sandbox-secret');

// The Worker calls the sandbox over HTTP, as it would any provider; here that is this Worker.
beforeEach(() => {
  const network = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const request = new Request(input, init);
    return new URL(request.url).origin === BASE ? SELF.fetch(request) : network(request);
  });
});

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** What a person downloads from the sandbox console: a private key (PKCS#8 PEM) and its kid. */
async function generatedKey(alg?: 'ES256' | 'RS256') {
  const response = await post('/sandbox/clients/sandbox-key/keys', alg ? { alg } : undefined);
  expect(response.status).toBe(201);
  return (await response.json()) as { client_id: string; kid: string; alg: string; private_key: string };
}

const importPem = (pem: string, alg: 'ES256' | 'RS256') =>
  crypto.subtle.importKey(
    'pkcs8',
    Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0)),
    alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );

type Claims = Record<string, unknown>;

/** A token request authenticated by `auth` (oauth4webapi's, as the Worker makes it), with the payload edited by `edit`. */
async function tokenRequest(
  clientId: string,
  auth: (edit: oauth.ModifyAssertionOptions) => oauth.ClientAuth,
  edit = (_: Claims) => {},
) {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const authenticate = auth({ [oauth.modifyAssertion]: (_header, payload) => edit(payload as Claims) });
  await authenticate({ issuer: ISSUER, token_endpoint: TOKEN_ENDPOINT }, { client_id: clientId }, body, new Headers());
  return body;
}

const sendToken = (body: URLSearchParams) =>
  SELF.fetch(TOKEN_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });

async function expectInvalidClient(response: Response, says: string) {
  expect(response.status).toBe(401);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_client');
  expect(body.error_description).toContain(says);
}

describe('the sandbox issuer', () => {
  it('serves RFC 8414 metadata at the OpenID Connect Discovery path, cacheable', async () => {
    const response = await SELF.fetch(`${ISSUER}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await response.json()).toMatchObject({
      issuer: ISSUER,
      token_endpoint: TOKEN_ENDPOINT,
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'client_secret_jwt',
        'private_key_jwt',
      ],
      token_endpoint_auth_signing_alg_values_supported: ['HS256', 'RS256', 'PS256', 'ES256'],
      scopes_supported: ['reports:read', 'reports:write', 'users:read'],
    });
    // RFC 8414 §3.1's inserted path, which discovery tries first, is not there.
    expect((await SELF.fetch(`${BASE}/.well-known/oauth-authorization-server/sandbox`)).status).toBe(404);
  });

  it('is found by POST /v1/discover', async () => {
    const response = await SELF.fetch(`${BASE}/v1/discover`, {
      method: 'POST',
      headers: { origin: HOST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ session_token: await createSession(), issuer: ISSUER }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ issuer: ISSUER, token_endpoint: TOKEN_ENDPOINT });
  });

  it.each(['client_secret_basic', 'auto'])('connects a person who pastes the issuer URL (%s)', async (authMethod) => {
    const session = await createSession({ tenant: 'pasted-sandbox', authMethod });
    const { body } = await connectJson(session, {
      client_id: 'sandbox-ok',
      client_secret: 'sandbox-secret',
      token_url: ISSUER,
    });
    expect(body.status).toBe('connected');
    const view = await SELF.fetch(`${BASE}/v1/connections/${body.connectionId}?tenant=pasted-sandbox`, {
      headers: ADMIN,
    });
    expect(await view.json()).toMatchObject({ token_url: TOKEN_ENDPOINT, auth_method: 'client_secret_basic' });
  });
});

describe('sandbox-jwt (client_secret_jwt)', () => {
  it('connects with an HS256 assertion keyed with its secret, and only so', async () => {
    const session = () => createSession({ tenant: 'sandbox-jwt', authMethod: 'client_secret_jwt' });
    const fields = { client_id: 'sandbox-jwt', client_secret: 'sandbox-secret', token_url: ISSUER };
    expect((await connectJson(await session(), fields)).body.status).toBe('connected');
    const wrong = await connectJson(await session(), { ...fields, client_secret: 'not-the-secret' });
    expect(wrong.body.error?.code).toBe('invalid_client');
    // Registered for client_secret_jwt: the secret itself is refused.
    const basic = await createSession({ tenant: 'sandbox-jwt', authMethod: 'client_secret_basic' });
    expect((await connectJson(basic, fields)).body.error?.code).toBe('invalid_client');
  });

  it('follows a rotated secret', async () => {
    const rotated = await post('/sandbox/clients/sandbox-jwt/rotate');
    const { client_secret: secret } = (await rotated.json()) as { client_secret: string };
    const old = await tokenRequest('sandbox-jwt', (options) => oauth.ClientSecretJwt('sandbox-secret', options));
    await expectInvalidClient(await sendToken(old), 'not signed with this client’s secret');
    expect((await sendToken(await tokenRequest('sandbox-jwt', (o) => oauth.ClientSecretJwt(secret, o)))).status).toBe(
      200,
    );
  });
});

describe('sandbox-key (private_key_jwt)', () => {
  it.each(['ES256', 'RS256'] as const)(
    'connects with a pasted key the console generated (%s), which it answers once and does not keep',
    async (alg) => {
      const key = await generatedKey(alg);
      expect(key).toMatchObject({ client_id: 'sandbox-key', alg });
      expect(key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const kept = await env.DB.prepare('SELECT * FROM sandbox_client_keys WHERE kid = ?').bind(key.kid).first();
      expect(JSON.stringify(kept)).not.toContain('"d"');
      const session = await createSession({ tenant: 'sandbox-key', authMethod: 'private_key_jwt' });
      const { body, text } = await connectJson(session, {
        client_id: 'sandbox-key',
        private_key: key.private_key,
        key_id: key.kid,
        token_url: ISSUER,
      });
      expect(body.status).toBe('connected');
      expect(text).not.toContain('PRIVATE KEY');
    },
  );

  it('tries every registered key when the assertion names no kid', async () => {
    const key = await generatedKey();
    const session = await createSession({
      tenant: 'sandbox-key',
      authMethod: 'private_key_jwt',
      tokenUrl: TOKEN_ENDPOINT,
    });
    const { body } = await connectJson(session, { client_id: 'sandbox-key', private_key: key.private_key });
    expect(body.status).toBe('connected');
  });

  it('connects with a Worker-held key: create key → JWKS URL → connect with the client id only', async () => {
    const created = await post('/sandbox/keys', {});
    expect(created.status).toBe(201);
    const key = (await created.json()) as { kid: string; alg: string; jwks_uri: string; public_pem: string };
    expect(key).toMatchObject({ alg: 'ES256', jwks_uri: `${BASE}/v1/jwks/sandbox` });
    expect(key.public_pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const jwks = (await (await SELF.fetch(key.jwks_uri)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(key.kid);
    const minted = await post('/sandbox/sessions', {
      origin: HOST_ORIGIN,
      issuer: ISSUER,
      authMethod: 'private_key_jwt',
      keyId: key.kid,
    });
    const { token: session } = (await minted.json()) as { token: string };
    const { body } = await connectJson(session, { client_id: 'sandbox-key', token_url: ISSUER });
    expect(body.status).toBe('connected');
  });

  it('stops trusting a Worker-held key once it is withdrawn from the JWKS', async () => {
    const { kid } = (await (await post('/sandbox/keys', { alg: 'RS256' })).json()) as { kid: string };
    const signer = (await signingKey(env.DB, env.ENCRYPTION_KEYS!, 'sandbox', kid))!;
    const sign = () => tokenRequest('sandbox-key', (options) => oauth.PrivateKeyJwt(signer, options));
    expect((await sendToken(await sign())).status).toBe(200);
    const withdrawn = await SELF.fetch(`${BASE}/v1/keys/${kid}?tenant=sandbox`, { method: 'DELETE', headers: ADMIN });
    expect(withdrawn.status).toBe(204);
    await expectInvalidClient(await sendToken(await sign()), 'kid names no key registered');
  });

  it('refuses a key it does not know, through the Worker, with invalid_client', async () => {
    const stranger = await generatedKey();
    await env.DB.prepare('DELETE FROM sandbox_client_keys WHERE kid = ?').bind(stranger.kid).run();
    const session = await createSession({
      tenant: 'sandbox-key',
      authMethod: 'private_key_jwt',
      tokenUrl: TOKEN_ENDPOINT,
    });
    const { body } = await connectJson(session, { client_id: 'sandbox-key', private_key: stranger.private_key });
    expect(body.error?.code).toBe('invalid_client');
    expect(body.error?.message).toContain('does not verify with any key registered for this client');
  });
});

describe('client assertion checks (RFC 7523 §3)', () => {
  let sign: (edit?: (payload: Claims) => void) => Promise<URLSearchParams>;
  let kid: string;

  beforeEach(async () => {
    const key = await generatedKey();
    kid = key.kid;
    const privateKey = await importPem(key.private_key, 'ES256');
    sign = (edit) =>
      tokenRequest('sandbox-key', (options) => oauth.PrivateKeyJwt({ key: privateKey, kid }, options), edit);
  });

  it('accepts an assertion naming the token endpoint or the issuer in aud', async () => {
    expect((await sendToken(await sign((p) => (p.aud = TOKEN_ENDPOINT)))).status).toBe(200);
    expect((await sendToken(await sign((p) => (p.aud = ['https://other.example', ISSUER])))).status).toBe(200);
  });

  it('refuses a reused assertion', async () => {
    const body = await sign();
    expect((await sendToken(body)).status).toBe(200);
    await expectInvalidClient(await sendToken(body), 'already used');
  });

  it.each<[string, (p: Claims) => void, string]>([
    ['a wrong aud', (p) => (p.aud = 'https://elsewhere.example/token'), 'aud must name'],
    ['an expired one', (p) => (p.exp = nowSeconds() - 1), 'expired'],
    ['one that lives too long', (p) => (p.exp = nowSeconds() + 3600), 'more than 300 s away'],
    ['iss other than the client', (p) => (p.iss = 'sandbox-ok'), 'iss and sub'],
    ['no jti', (p) => delete p.jti, 'jti is required'],
    ['an nbf in the future', (p) => (p.nbf = nowSeconds() + 120), 'not valid yet'],
  ])('refuses %s with invalid_client, and logs nothing of it', async (_, edit, says) => {
    const body = await sign(edit);
    await expectInvalidClient(await sendToken(body), says);
    for (const line of logged()) expect(line).not.toContain(body.get('client_assertion')!.split('.')[2]!);
  });

  it('refuses a signature by another key, with or without a kid, and an unknown kid', async () => {
    const { privateKey: other } = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const forged = (options: { kid?: string }) =>
      tokenRequest('sandbox-key', (o) => oauth.PrivateKeyJwt({ key: other, ...options }, o));
    await expectInvalidClient(await sendToken(await forged({ kid })), 'does not verify');
    await expectInvalidClient(await sendToken(await forged({})), 'does not verify');
    await expectInvalidClient(await sendToken(await forged({ kid: 'unknown' })), 'kid names no key');
  });

  it('refuses an HS256 assertion for a key client, a wrong assertion type and a second method', async () => {
    const hmac = await tokenRequest('sandbox-key', (o) => oauth.ClientSecretJwt('sandbox-secret', o));
    await expectInvalidClient(await sendToken(hmac), 'RS256, PS256 or ES256');
    const typed = await sign();
    typed.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer');
    await expectInvalidClient(await sendToken(typed), 'client_assertion_type must be');
    const both = await sign();
    both.set('client_secret', 'sandbox-secret');
    expect(await (await sendToken(both)).json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('sandbox CORS for the demo page', () => {
  const preflight = (path: string, origin: string) =>
    SELF.fetch(`${BASE}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it.each([
    '/sandbox/keys',
    '/sandbox/clients/sandbox-ok/rotate',
    '/sandbox/clients/sandbox-ok/reset',
    '/sandbox/clients/sandbox-key/keys',
  ])('%s answers loopback pages only', async (path) => {
    expect((await preflight(path, HOST_ORIGIN)).headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect((await preflight(path, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('in production', () => {
  it.each([
    ['GET', '/sandbox/.well-known/openid-configuration'],
    ['POST', '/sandbox/token'],
    ['POST', '/sandbox/keys'],
    ['POST', '/sandbox/clients/sandbox-key/keys'],
    ['POST', '/sandbox/clients/sandbox-ok/rotate'],
    ['OPTIONS', '/sandbox/keys'],
  ])('%s %s answers 404', async (method, path) => {
    const response = await app.request(
      `https://connect.example.com${path}`,
      { method, headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' } },
      productionEnv(),
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
