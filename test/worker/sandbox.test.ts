import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { BASE, connectJson, createSession, HOST_ORIGIN } from './helpers.js';

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

  it('rotates a client secret: the new one works, the old one is rejected at once', async () => {
    const rotated = await SELF.fetch(`${BASE}/sandbox/clients/sandbox-slow/rotate`, { method: 'POST' });
    const { client_secret: secret } = (await rotated.json()) as { client_secret: string };
    expect(secret).toMatch(/^sandbox-secret-/);
    expect(await (await token('sandbox-slow', 'sandbox-secret')).json()).toMatchObject({ error: 'invalid_client' });
    expect((await SELF.fetch(`${BASE}/sandbox/clients/nobody/rotate`, { method: 'POST' })).status).toBe(404);
  });

  it('resets a rotated secret to the documented one', async () => {
    await SELF.fetch(`${BASE}/sandbox/clients/sandbox-scope/rotate`, { method: 'POST' });
    const reset = await SELF.fetch(`${BASE}/sandbox/clients/sandbox-scope/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ client_id: 'sandbox-scope', client_secret: 'sandbox-secret' });
    expect(await (await token('sandbox-scope')).json()).toMatchObject({ error: 'invalid_scope' });
    expect((await SELF.fetch(`${BASE}/sandbox/clients/sandbox-key/reset`, { method: 'POST' })).status).toBe(404);
  });

  it('has an API for Test & Save: one path accepts its tokens, one refuses every token', async () => {
    const { access_token: issued } = (await (await token('sandbox-ok')).json()) as { access_token: string };
    const api = (path: string, authorization: string, method = 'GET') =>
      SELF.fetch(`${BASE}/sandbox/api/${path}`, { method, headers: { authorization } });
    expect((await api('ok', `Bearer ${issued}`)).status).toBe(200);
    expect((await api('ok', `Bearer ${issued}`, 'HEAD')).status).toBe(200);
    const stranger = await api('ok', 'Bearer someone-elses-token');
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await api('forbidden', `Bearer ${issued}`)).status).toBe(403);
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

// worker/dev.ts: the development Worker answers a request to its own address in process. Nothing
// listens on this test's BASE (port 80): over the network, these exchanges could not even start.
describe('the development Worker connecting to its own sandbox', () => {
  const connectToSandbox = async (client_secret: string) =>
    connectJson(await createSession(), { client_id: 'sandbox-ok', client_secret, token_url: `${BASE}/sandbox/token` });

  it('connects sandbox-ok through its own token URL', async () => {
    const { status, body } = await connectToSandbox('sandbox-secret');
    expect(status).toBe(200);
    expect(body.status).toBe('connected');
  });

  it('hears the sandbox refuse a wrong secret as invalid_client', async () => {
    const { status, body } = await connectToSandbox('wrong');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('invalid_client');
  });
});
