import { decodeBase64Url, encodeBase64Url } from '../../protocol/index.js';
import { keyBytes, ringEntries } from '../common/key-bytes.js';

/**
 * Secrets at rest: AES-256-GCM (NIST SP 800-38D) through WebCrypto, keyed from ENCRYPTION_KEYS,
 * a ring of `kid:base64key` entries. The first key encrypts; every key decrypts the rows it
 * wrote, so a new key can be put first while old rows stay readable until they are rewritten.
 *
 * A sealed value is `kid "." base64url(iv) "." base64url(ciphertext+tag)`. The IV is 96 random
 * bits per encryption (SP 800-38D §8.2.2). The additional authenticated data names what the
 * value is and where it belongs, so a ciphertext copied to another row or field fails to open.
 */

/** What a ciphertext is bound to: the field it holds and the row it belongs to. */
export interface SealContext {
  purpose: 'client_secret' | 'private_key' | 'access_token' | 'signing_key';
  tenant: string;
  connectionId: string;
  tokenUrl: string;
}

export class KeyRingError extends Error {
  constructor(why: string) {
    super(`ENCRYPTION_KEYS is unusable: ${why}`);
    this.name = 'KeyRingError';
  }
}

export class SecretBoxError extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'SecretBoxError';
  }
}

interface KeyRing {
  current: string;
  keys: Map<string, CryptoKey>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const encoder = new TextEncoder();

// Imported keys per isolate, by ring text: importKey is paid once, not on every request.
const rings = new Map<string, Promise<KeyRing>>();

function decodeKey(text: string, kid: string): Uint8Array {
  const bytes = keyBytes(text);
  if (!bytes) throw new KeyRingError(`key "${kid}" is not base64`);
  if (bytes.byteLength !== 32) throw new KeyRingError(`key "${kid}" must be 32 bytes (AES-256)`);
  return bytes;
}

async function importRing(text: string): Promise<KeyRing> {
  const entries = ringEntries(text);
  if (entries.length === 0) throw new KeyRingError('no key');
  const keys = new Map<string, CryptoKey>();
  for (const [kid, keyText] of entries) {
    if (!KEY_ID.test(kid))
      throw new KeyRingError('every entry must be "kid:base64key" with a kid of letters, digits, _ or -');
    if (keys.has(kid)) throw new KeyRingError(`key id "${kid}" appears twice`);
    // Non-extractable: the raw key cannot be read back out of the CryptoKey.
    const key = await crypto.subtle.importKey('raw', decodeKey(keyText, kid), 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(kid, key);
  }
  return { current: entries[0]![0], keys };
}

function keyRing(text: string): Promise<KeyRing> {
  let ring = rings.get(text);
  if (!ring) {
    ring = importRing(text);
    // A broken ring is not cached, so fixing the secret takes effect without a restart.
    ring.catch(() => rings.delete(text));
    rings.set(text, ring);
  }
  return ring;
}

/** Unambiguous encoding of the context: a JSON array cannot be re-split differently. */
const additionalData = (context: SealContext) =>
  encoder.encode(
    JSON.stringify(['oauth-cc-connect/1', context.purpose, context.tenant, context.connectionId, context.tokenUrl]),
  );

export async function seal(plaintext: string, context: SealContext, ringText: string): Promise<string> {
  const ring = await keyRing(ringText);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(context) },
    ring.keys.get(ring.current)!,
    encoder.encode(plaintext),
  );
  return `${ring.current}.${encodeBase64Url(iv)}.${encodeBase64Url(new Uint8Array(ciphertext))}`;
}

/** Whether `sealed` was sealed under the ring's leading key (the one `seal` uses now). */
export const isSealedUnderLeadingKey = (sealed: string, ringText: string) =>
  sealed.split('.')[0] === ringEntries(ringText)[0]?.[0];

/** Opens a sealed value; throws SecretBoxError (whose text holds nothing secret) if it does not authenticate. */
export async function open(sealed: string, context: SealContext, ringText: string): Promise<string> {
  const ring = await keyRing(ringText);
  const [kid, ivText, ciphertextText, ...rest] = sealed.split('.');
  if (!kid || ivText === undefined || ciphertextText === undefined || rest.length > 0) {
    throw new SecretBoxError('the sealed value is malformed');
  }
  const key = ring.keys.get(kid);
  if (!key) throw new SecretBoxError(`no key "${kid}" in ENCRYPTION_KEYS to open this value`);
  let iv: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    iv = decodeBase64Url(ivText);
    ciphertext = decodeBase64Url(ciphertextText);
  } catch {
    throw new SecretBoxError('the sealed value is malformed');
  }
  if (iv.byteLength !== IV_BYTES) throw new SecretBoxError('the sealed value is malformed');
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(context) },
      key,
      ciphertext,
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new SecretBoxError(`the ${context.purpose} of connection ${context.connectionId} does not authenticate`);
  }
}
