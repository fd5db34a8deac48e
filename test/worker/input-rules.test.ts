import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { signSession } from '../../worker/sessions/session-token.js';
import { ADMIN, BASE, connect, createSession, HOST_ORIGIN, newState, strictUrl } from './helpers.js';

// What the Worker refuses at its edge, in its own words: never an echo of what was sent, never
// "the provider" for a refusal of ours.

async function mint(body: Record<string, unknown>) {
  const response = await SELF.fetch(`${BASE}/v1/sessions`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'rules', origin: HOST_ORIGIN, ...body }),
  });
  return { status: response.status, body: (await response.json()) as { error: string; error_description: string } };
}

/** A PKCS#8 PEM of a fresh WebCrypto key, as a person would paste it. */
async function pastedKey(algorithm: Parameters<typeof crypto.subtle.generateKey>[0]) {
  const pair = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const der = new Uint8Array((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  const body = btoa(String.fromCharCode(...der))
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
}

describe('names', () => {
  it.each(['.', '..'])('refuses the tenant %j on every route: it would name no path segment', async (tenant) => {
    expect((await mint({ tenant })).body.error_description).toMatch(/^tenant must be/);
    const keys = await SELF.fetch(`${BASE}/v1/keys?tenant=${encodeURIComponent(tenant)}`, { headers: ADMIN });
    expect(keys.status).toBe(400);
    const created = await SELF.fetch(`${BASE}/v1/keys`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant }),
    });
    expect(created.status).toBe(400);
  });

  it.each(['Scope', 'GRANT_TYPE', 'Client_Id', 'CLIENT_ASSERTION'])(
    'refuses a parameter the Worker sets itself, whatever its case: %s',
    async (name) => {
      const { status, body } = await mint({ params: { extra: { [name]: 'x' } } });
      expect(status).toBe(400);
      expect(body.error_description).toMatch(/params\.extra names must be parameter names the Worker does not set/);
    },
  );

  it('names at most five unknown fields, and never one that is long or odd', async () => {
    const odd = `<img src=x onerror=alert(1)>${'x'.repeat(60_000)}`;
    const fields = Object.fromEntries([odd, 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => [name, 1]));
    const { status, body } = await mint(fields);
    expect(status).toBe(400);
    expect(body.error_description.length).toBeLessThan(200);
    expect(body.error_description).not.toContain('<img');
    expect(body.error_description).toMatch(/has unknown fields: \(a name not shown\), a1, a2, a3, a4 and 2 more$/);
  });
});

describe('pasted keys', () => {
  const session = () =>
    createSession({ tenant: 'rules', tokenUrl: strictUrl('/assertion'), authMethod: 'private_key_jwt' });

  it.each([
    [
      'a 1024-bit RSA key',
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) },
      /this RSA key has 1024 bits/,
    ],
    ['a P-384 key', { name: 'ECDSA', namedCurve: 'P-384' }, /RSA key of 2048 bits or more, or an EC P-256 key/],
  ] as const)('refuses %s at the edge, naming the field, before anything is sent', async (_, algorithm, why) => {
    const before = (await (await fetch(strictUrl('/__counts'))).json()) as { counts: Record<string, number> };
    const response = await connect(
      { session_token: await session(), state: newState(), client_id: 'weak', private_key: await pastedKey(algorithm) },
      { json: true },
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/private_key must be/);
    expect(error.message).toMatch(why);
    expect(error.message).not.toMatch(/provider/i);
    const after = (await (await fetch(strictUrl('/__counts'))).json()) as { counts: Record<string, number> };
    expect(after.counts['/assertion'] ?? 0).toBe(before.counts['/assertion'] ?? 0);
  });
});

describe('session claims', () => {
  it('are checked, not cast: a signed token whose claims have the wrong types is session_invalid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const malformed = {
      v: 1,
      sid: 's',
      tenant: 'rules',
      origin: HOST_ORIGIN,
      iat: now,
      exp: now + 600,
      authMethod: 'auto',
      locked: 'tokenUrl',
    };
    const token = await signSession(malformed as never, env.SESSION_SIGNING_KEY!);
    const response = await connect(
      { session_token: token, state: newState(), client_id: 'x', client_secret: 'y' },
      { json: true },
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('session_invalid');
  });
});

describe('the connect body', () => {
  it('refuses JSON in our own words: what is wrong is the content type, not the provider', async () => {
    const response = await SELF.fetch(`${BASE}/v1/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HOST_ORIGIN, accept: 'application/json' },
      body: JSON.stringify({ session_token: await createSession(), state: newState() }),
    });
    expect(response.status).toBe(400);
    const { error_description } = (await response.json()) as { error_description: string };
    expect(error_description).toMatch(
      /the body must be a form \(application\/x-www-form-urlencoded\), not application\/json/,
    );
    expect(error_description).not.toMatch(/provider/i);
  });
});
