import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../../worker/app.js';
import { productionEnv } from './helpers.js';

const call = (url: string, overrides: Record<string, string | undefined>) =>
  app.request(url, { method: 'POST' }, productionEnv(overrides));

describe('configuration guard', () => {
  it.each([
    ['the dev admin key', { ADMIN_API_KEY: 'dev-admin-key' }, 'ADMIN_API_KEY'],
    ['no admin key', { ADMIN_API_KEY: undefined }, 'ADMIN_API_KEY'],
    ['no signing key', { SESSION_SIGNING_KEY: undefined }, 'SESSION_SIGNING_KEY'],
    ['the dev signing key', { SESSION_SIGNING_KEY: 'dev-session-signing-key-do-not-deploy' }, 'SESSION_SIGNING_KEY'],
    ['no encryption key', { ENCRYPTION_KEYS: undefined }, 'ENCRYPTION_KEYS'],
    [
      'the dev encryption key under another id',
      { ENCRYPTION_KEYS: 'k9:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=' },
      'ENCRYPTION_KEYS',
    ],
    ['loopback token URLs', { ALLOW_LOOPBACK_TOKEN_URLS: 'true' }, 'ALLOW_LOOPBACK_TOKEN_URLS'],
  ])('a production deployment with %s answers every route with 500', async (_, overrides, named) => {
    for (const path of ['/v1/sessions', '/v1/connect', '/sandbox/token']) {
      const response = await call(`https://connect.example.com${path}`, overrides);
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe('server_misconfigured');
      expect(body.error_description).toContain(named);
    }
  });

  it('the development configuration refuses to serve a non-loopback host', async () => {
    const response = await app.request('https://connect.example.com/v1/sessions', { method: 'POST' }, env);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'server_misconfigured' });
  });

  it('a well-configured production deployment serves, without the sandbox', async () => {
    const sessions = await call('https://connect.example.com/v1/sessions', {});
    expect(sessions.status).toBe(401);
    const sandbox = await call('https://connect.example.com/sandbox/token', {});
    expect(sandbox.status).toBe(404);
  });
});
