import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../protocol/index.js';
import { KeyRingError, open, seal, SecretBoxError, type SealContext } from '../../worker/crypto/secret-box.js';

const newKey = (kid: string) => `${kid}:${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
const OLD = newKey('k2025');
const NEW = newKey('k2026');
const CONTEXT: SealContext = {
  purpose: 'client_secret',
  tenant: 'acme',
  connectionId: 'conn_AAAAAAAAAAAAAAAAAAAAAA',
  tokenUrl: 'https://login.example.com/token',
};
const SECRET = 'client-secret-value-\u00e9';

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, and never returns the plaintext in the sealed text', async () => {
    const sealed = await seal(SECRET, CONTEXT, OLD);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).toMatch(/^k2025\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(await open(sealed, CONTEXT, OLD)).toBe(SECRET);
  });

  it('gives a different ciphertext (fresh IV) for the same plaintext each time', async () => {
    const [a, b] = await Promise.all([seal(SECRET, CONTEXT, OLD), seal(SECRET, CONTEXT, OLD)]);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('refuses a ciphertext with one flipped byte', async () => {
    const [kid, iv, body] = (await seal(SECRET, CONTEXT, OLD)).split('.') as [string, string, string];
    for (const position of [0, 5, decodeBase64Url(body).length - 1]) {
      const bytes = decodeBase64Url(body);
      bytes[position]! ^= 0x01;
      await expect(open(`${kid}.${iv}.${encodeBase64Url(bytes)}`, CONTEXT, OLD)).rejects.toBeInstanceOf(SecretBoxError);
    }
    const ivBytes = decodeBase64Url(iv);
    ivBytes[0]! ^= 0x80;
    await expect(open(`${kid}.${encodeBase64Url(ivBytes)}.${body}`, CONTEXT, OLD)).rejects.toBeInstanceOf(
      SecretBoxError,
    );
  });

  it('refuses the ciphertext in any other context: tenant, connection, token URL or field', async () => {
    const sealed = await seal(SECRET, CONTEXT, OLD);
    const elsewhere: SealContext[] = [
      { ...CONTEXT, tenant: 'other' },
      { ...CONTEXT, connectionId: 'conn_BBBBBBBBBBBBBBBBBBBBBB' },
      { ...CONTEXT, tokenUrl: 'https://evil.example.com/token' },
      { ...CONTEXT, purpose: 'access_token' },
    ];
    for (const context of elsewhere) await expect(open(sealed, context, OLD)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('keeps old rows readable after a new key is put first, and encrypts with the new key', async () => {
    const before = await seal(SECRET, CONTEXT, OLD);
    const rotated = `${NEW},${OLD}`;
    expect(await open(before, CONTEXT, rotated)).toBe(SECRET);
    const after = await seal(SECRET, CONTEXT, rotated);
    expect(after.startsWith('k2026.')).toBe(true);
    expect(await open(after, CONTEXT, rotated)).toBe(SECRET);
    // Once the old key is retired, its rows no longer open, and the error names only the key id.
    const error = await open(before, CONTEXT, NEW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretBoxError);
    expect((error as Error).message).toContain('k2025');
    expect((error as Error).message).not.toContain(OLD.split(':')[1]);
  });

  it('refuses a malformed ring without echoing key material', async () => {
    const shortKey = `bad:${btoa('too short')}`;
    for (const ring of ['', 'nokid', shortKey, `${OLD},${OLD}`, ':abc']) {
      const error = await seal(SECRET, CONTEXT, ring).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyRingError);
      expect((error as Error).message).not.toContain(btoa('too short'));
    }
  });

  it('refuses malformed sealed values', async () => {
    for (const sealed of ['', 'k2025', 'k2025.abc', 'k2025.!!.??', 'k2025.a.b.c']) {
      await expect(open(sealed, CONTEXT, OLD)).rejects.toBeInstanceOf(SecretBoxError);
    }
  });
});
