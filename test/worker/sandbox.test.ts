import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { BASE, HOST_ORIGIN } from './helpers.js';

const token = (clientId: string, secret = 'sandbox-secret', extra: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/sandbox/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${clientId}:${secret}`)}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...extra }).toString(),
  });

describe('sandbox provider (development only)', () => {
  it('issues a token to sandbox-ok', async () => {
    const response = await token('sandbox-ok', 'sandbox-secret', { scope: 'read write' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read write' });
  });

  it('fails a wrong secret with invalid_client', async () => {
    const response = await token('sandbox-ok', 'wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('fails sandbox-scope with invalid_scope and sandbox-down with an HTML 500', async () => {
    expect(await (await token('sandbox-scope')).json()).toMatchObject({ error: 'invalid_scope' });
    const down = await token('sandbox-down');
    expect(down.status).toBe(500);
    expect(down.headers.get('content-type')).toContain('text/html');
  });

  it.each([
    ['not base64', 'Basic !!!'],
    ['a stray percent sign', `Basic ${btoa('sandbox-ok:100%')}`],
  ])('answers Basic credentials that are %s with invalid_client, not a server error', async (_, authorization) => {
    const response = await SELF.fetch(`${BASE}/sandbox/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses two authentication methods at once (RFC 6749 §2.3)', async () => {
    const response = await token('sandbox-ok', 'sandbox-secret', {
      client_id: 'sandbox-ok',
      client_secret: 'sandbox-secret',
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('mints a demo session without the admin key, for the sandbox tenant', async () => {
    const response = await SELF.fetch(`${BASE}/sandbox/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ origin: HOST_ORIGIN, tenant: 'someone-else' }),
    });
    expect(response.status).toBe(201);
    const { token: session } = (await response.json()) as { token: string };
    expect(readUnverifiedClaims(session)).toMatchObject({ tenant: 'sandbox', origin: HOST_ORIGIN });
  });
});

describe('sandbox session CORS', () => {
  const preflight = (origin: string) =>
    SELF.fetch(`${BASE}/sandbox/sessions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('lets a loopback demo page mint a session from the browser', async () => {
    const response = await preflight(HOST_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
  });

  it('does not let another website read a sandbox session', async () => {
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
