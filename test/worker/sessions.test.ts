import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { ADMIN, BASE, HOST_ORIGIN, connect, createSession, jsonError, strictFields } from './helpers.js';

const post = (body: unknown, headers: Record<string, string> = ADMIN) =>
  SELF.fetch(`${BASE}/v1/sessions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /v1/sessions', () => {
  it('requires the admin key', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'Basic ZGV2LWFkbWluLWtleQ==' },
    ] as Record<string, string>[]) {
      const response = await post({ tenant: 'acme', origin: HOST_ORIGIN }, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('accepts the Bearer scheme in any case (RFC 9110 §11.1)', async () => {
    expect(
      (await post({ tenant: 'acme', origin: HOST_ORIGIN }, { authorization: 'bearer dev-admin-key' })).status,
    ).toBe(201);
  });

  it('mints a signed session of at most 10 minutes whose claims carry the presets', async () => {
    const response = await post({
      tenant: 'acme',
      origin: HOST_ORIGIN,
      tokenUrl: 'https://login.example.com/oauth/token',
      scopes: ['api.read', 'api.read', 'api.write'],
      params: { audience: 'https://api.example.com' },
      authMethod: 'auto',
      locked: ['tokenUrl', 'scopes'],
    });
    expect(response.status).toBe(201);
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: number };
    const claims = readUnverifiedClaims(token);
    expect(claims).toMatchObject({
      tenant: 'acme',
      origin: HOST_ORIGIN,
      tokenUrl: 'https://login.example.com/oauth/token',
      scopes: ['api.read', 'api.write'],
      params: { audience: 'https://api.example.com' },
      authMethod: 'auto',
      locked: ['tokenUrl', 'scopes'],
    });
    expect(claims!.exp - claims!.iat).toBeLessThanOrEqual(600);
    expect(expiresAt).toBe(claims!.exp);
  });

  it.each([
    [{ origin: HOST_ORIGIN }, 'tenant'],
    [{ tenant: 'acme' }, 'origin'],
    [{ tenant: 'acme', origin: 'https://app.example.com/path' }, 'exact origin'],
    [{ tenant: 'acme', origin: 'null' }, 'exact origin'],
    [{ tenant: 'acme', origin: 'http://app.example.com' }, 'https'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, ttl: 3600 }, 'ttl'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, scopes: 'api.read' }, 'scopes'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, scopes: ['has space'] }, 'scopes'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, authMethod: 'tls_client_auth' }, 'authMethod'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, locked: ['tokenUrl'] }, 'preset value'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, params: { resource: 'not a uri' } }, 'resource'],
    [{ tenant: 'acme', origin: HOST_ORIGIN, params: { scopeSeparator: ';' } }, 'scopeSeparator'],
  ])('rejects %j with invalid_request naming %s', async (body, field) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error: string; error_description: string };
    expect(error.error).toBe('invalid_request');
    expect(error.error_description).toContain(field);
  });

  it('rejects a preset token URL that breaks the SSRF policy', async () => {
    const response = await post({ tenant: 'acme', origin: HOST_ORIGIN, tokenUrl: 'https://169.254.169.254/token' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'token_url_not_allowed' });
  });

  it('rejects a body that is not JSON', async () => {
    const response = await SELF.fetch(`${BASE}/v1/sessions`, { method: 'POST', headers: ADMIN, body: 'tenant=acme' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses at mint a session whose token would be too long to verify', async () => {
    const scopes = Array.from({ length: 50 }, (_, i) => `scope-${i}-`.padEnd(200, 'z'));
    const response = await post({ tenant: 'acme', origin: HOST_ORIGIN, scopes });
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('the session token', () => {
  it('has one accepted encoding of its signature', async () => {
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
});
