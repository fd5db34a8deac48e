import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { decodeBase64Url, encodeBase64Url } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { jsonError, productionEnv } from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

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

  const DEV_KEY = 'ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=';
  it.each([
    ['unpadded', DEV_KEY.replace(/=+$/, '')],
    ['base64url', encodeBase64Url(decodeBase64Url(DEV_KEY.replace(/=+$/, '')))],
  ])(
    'recognises the dev encryption key by its bytes: a production deployment holding it %s answers 500',
    async (_, key) => {
      const response = await call('https://connect.example.com/v1/sessions', {
        ENCRYPTION_KEYS: `prod1:cHJvZHVjdGlvbi10ZXN0LWtleS1vZi0zMi1ieXRlcyE=,old:${key}`,
      });
      expect(response.status).toBe(500);
      expect(await jsonError(response)).toMatchObject({
        error: 'server_misconfigured',
        error_description: expect.stringContaining('ENCRYPTION_KEYS'),
      });
    },
  );

  it('development is a matter of configuration: a Host naming this machine does not switch it on', async () => {
    const production = productionEnv();
    const asLoopback = (path: string, body: unknown) =>
      app.request(
        `http://foo.localhost${path}`,
        {
          method: 'POST',
          headers: {
            host: 'foo.localhost',
            authorization: `Bearer ${production.ADMIN_API_KEY}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        },
        production,
      );
    const session = await asLoopback('/v1/sessions', {
      tenant: 'acme',
      origin: 'https://app.example.com',
      tokenUrl: 'http://127.0.0.1:9000/token',
    });
    expect(session.status).toBe(400);
    expect(await session.json()).toMatchObject({ error: 'token_url_not_allowed' });
    expect((await asLoopback('/sandbox/sessions', {})).status).toBe(404);
    // And a development configuration serves development on any host: it is never deployed
    // (wrangler.toml's top level has no route, and its production entry has no sandbox).
    const development = await app.request('https://connect.example.com/v1/openapi.json', {}, env);
    expect(development.status).toBe(200);
  });

  it('a well-configured production deployment serves, without the sandbox', async () => {
    const sessions = await call('https://connect.example.com/v1/sessions', {});
    expect(sessions.status).toBe(401);
    const sandbox = await call('https://connect.example.com/sandbox/token', {});
    expect(sandbox.status).toBe(404);
  });
});
