import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.js';
import { readWebhookSettings } from '../../worker/config/webhook-settings.js';
import { DEV_WEBHOOK_SECRET } from '../../worker/config/webhook-settings.js';
import { productionEnv } from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

const PRODUCTION_SECRET = `whsec_${btoa('a production webhook secret, 40 bytes!!!')}`;

async function production(overrides: Record<string, string | undefined>) {
  const response = await app.request(
    'https://connect.example.com/v1/sessions',
    { method: 'POST' },
    productionEnv(overrides),
  );
  return { status: response.status, body: (await response.json()) as { error: string; error_description: string } };
}

describe('webhook settings', () => {
  it.each([
    ['a URL without a secret', { WEBHOOK_SECRET: undefined }, 'WEBHOOK_URL and WEBHOOK_SECRET'],
    ['a secret without a URL', { WEBHOOK_URL: '' }, 'WEBHOOK_URL and WEBHOOK_SECRET'],
    ['a secret without whsec_', { WEBHOOK_SECRET: PRODUCTION_SECRET.slice(6) }, 'WEBHOOK_SECRET'],
    ['a secret of 16 bytes', { WEBHOOK_SECRET: `whsec_${btoa('sixteen bytes!!!')}` }, 'WEBHOOK_SECRET'],
    ['the development secret', { WEBHOOK_SECRET: DEV_WEBHOOK_SECRET }, 'development secret'],
    [
      'the development secret after a new one',
      { WEBHOOK_SECRET: `${PRODUCTION_SECRET} ${DEV_WEBHOOK_SECRET}` },
      'development secret',
    ],
    [
      'the development secret without padding',
      { WEBHOOK_SECRET: DEV_WEBHOOK_SECRET.replace(/=+$/, '') },
      'development secret',
    ],
    ['an http URL', { WEBHOOK_URL: 'http://hooks.example.com/in' }, 'not https'],
    ['a loopback URL', { WEBHOOK_URL: 'http://127.0.0.1:5173/__webhooks' }, 'WEBHOOK_URL'],
    ['an IP address', { WEBHOOK_URL: 'https://169.254.169.254/latest' }, 'IP address'],
    ['an internal host', { WEBHOOK_URL: 'https://hooks.internal/in' }, 'internal'],
    ['a port not allowed', { WEBHOOK_URL: 'https://hooks.example.com:8443/in' }, 'port 8443'],
    ['user info in the URL', { WEBHOOK_URL: 'https://user:pw@hooks.example.com/in' }, 'user name'],
    ['a zero timeout', { WEBHOOK_TIMEOUT_MS: '0' }, 'WEBHOOK_TIMEOUT_MS'],
  ])('a production deployment with %s answers 500 server_misconfigured', async (_, overrides, named) => {
    const { status, body } = await production({
      WEBHOOK_URL: 'https://hooks.example.com/in',
      WEBHOOK_SECRET: PRODUCTION_SECRET,
      ...overrides,
    });
    expect(status).toBe(500);
    expect(body.error).toBe('server_misconfigured');
    expect(body.error_description).toContain(named);
    // The description names the setting; it never repeats the secret.
    expect(body.error_description).not.toContain(PRODUCTION_SECRET.slice(6, 20));
  });

  it('serves with both set well, or neither', async () => {
    expect(
      (await production({ WEBHOOK_URL: 'https://hooks.example.com/in', WEBHOOK_SECRET: PRODUCTION_SECRET })).status,
    ).toBe(401);
    expect((await production({})).status).toBe(401);
  });

  it('honours TOKEN_URL_ALLOWED_PORTS, but not the token host allowlist (it names providers)', async () => {
    const settings = readWebhookSettings(
      productionEnv({
        WEBHOOK_URL: 'https://Hooks.Example.com.:8443/in',
        WEBHOOK_SECRET: `${PRODUCTION_SECRET}  whsec_${btoa('x'.repeat(24))}`,
        TOKEN_URL_ALLOWED_PORTS: '8443',
        TOKEN_URL_ALLOWED_HOSTS: 'auth.example.com',
        WEBHOOK_TIMEOUT_MS: undefined,
      }) as Env,
    )!;
    // The canonical host is what gets called.
    expect(settings.url.href).toBe('https://hooks.example.com:8443/in');
    expect(settings.keys.map((key) => key.length)).toEqual([40, 24]);
    expect(settings.timeoutMs).toBe(10_000);
  });

  it('development delivers to loopback http only with ALLOW_LOOPBACK_TOKEN_URLS', () => {
    expect(readWebhookSettings(env)!.url.protocol).toBe('http:');
    expect(() => readWebhookSettings({ ...env, ALLOW_LOOPBACK_TOKEN_URLS: undefined })).toThrow(/WEBHOOK_URL/);
  });
});
