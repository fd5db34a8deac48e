import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../worker/webhooks/backoff.js';
import { DEV_WEBHOOK_SECRET } from '../../worker/config/webhook-settings.js';
import { webhookSecretKey } from '../../worker/config/webhook-settings.js';
import { webhookSignature } from '../../worker/webhooks/signature.js';
import { verifySignature } from '../support/webhook-receiver.mjs';

// The vector of the Standard Webhooks libraries' tests ("sign function works", the same in the
// JavaScript, Python, Go, PHP, C#, Java and Ruby libraries).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signature', () => {
  it('signs the specification’s test vector exactly', async () => {
    const key = webhookSecretKey(VECTOR.secret)!;
    expect(key).toHaveLength(24);
    expect(await webhookSignature([key], VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('the tests’ node:crypto verifier accepts the vector, and refuses it stale or altered', () => {
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    };
    expect(verifySignature(VECTOR.secret, headers, VECTOR.body, VECTOR.timestamp + 10)).toBe(true);
    expect(verifySignature(VECTOR.secret, headers, VECTOR.body, VECTOR.timestamp + 301)).toBe(false);
    expect(verifySignature(VECTOR.secret, headers, '{"test": 2432232315}', VECTOR.timestamp)).toBe(false);
    expect(
      verifySignature(VECTOR.secret, { ...headers, 'webhook-id': 'msg_other' }, VECTOR.body, VECTOR.timestamp),
    ).toBe(false);
  });

  it('signs with every secret given, space-separated, so a receiver can roll its secret over', async () => {
    const other = webhookSecretKey(DEV_WEBHOOK_SECRET)!;
    const header = await webhookSignature(
      [webhookSecretKey(VECTOR.secret)!, other],
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.body,
    );
    const [first, second] = header.split(' ');
    expect(first).toBe(VECTOR.signature);
    expect(second).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': header,
    };
    expect(verifySignature(DEV_WEBHOOK_SECRET, headers, VECTOR.body, VECTOR.timestamp)).toBe(true);
  });

  it.each([
    ['no whsec_ prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['fewer than 24 bytes', `whsec_${btoa('x'.repeat(23))}`],
    ['more than 64 bytes', `whsec_${btoa('x'.repeat(65))}`],
    ['the base64url alphabet', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-_'],
    ['not base64 at all', 'whsec_not base64!'],
    ['nothing after the prefix', 'whsec_'],
  ])('refuses a secret with %s', (_, secret) => {
    expect(webhookSecretKey(secret)).toBeNull();
  });

  it('accepts 24 to 64 bytes', () => {
    expect(webhookSecretKey(`whsec_${btoa('x'.repeat(24))}`)).toHaveLength(24);
    expect(webhookSecretKey(`whsec_${btoa('x'.repeat(64))}`)).toHaveLength(64);
  });

  it('the development secret is the one wrangler.toml gives the Worker (the demo verifies with it)', () => {
    expect(env.WEBHOOK_SECRET).toBe(DEV_WEBHOOK_SECRET);
    expect(webhookSecretKey(DEV_WEBHOOK_SECRET)).toHaveLength(32);
  });
});

describe('retry back-off', () => {
  it('waits 30 s after the first failure and doubles each time, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((attempts) => retryDelaySeconds(attempts))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });

  it('waits for a longer Retry-After, still at most an hour', () => {
    expect(retryDelaySeconds(1, 120)).toBe(120);
    expect(retryDelaySeconds(4, 120)).toBe(240);
    expect(retryDelaySeconds(1, 86_400)).toBe(3600);
    expect(retryDelaySeconds(1, 0)).toBe(30);
  });
});
