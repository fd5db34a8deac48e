import { decodeBase64Url, encodeBase64Url, readUnverifiedClaims, type SessionClaims } from '../../protocol/index.js';
import { checkedClaims } from './session-claims-schema.js';

const encoder = new TextEncoder();

/** Longer tokens are refused unread: verifying costs a decode and an HMAC over the whole text. */
export const MAX_SESSION_TOKEN_LENGTH = 8192;
const keys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA-256 key, imported once per isolate and never extractable. */
function signingKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** `base64url(claims JSON) "." base64url(HMAC of the first part)`: compact, and readable by the element. */
export async function signSession(claims: SessionClaims, secret: string): Promise<string> {
  const payload = encodeBase64Url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign('HMAC', await signingKey(secret), encoder.encode(payload));
  return `${payload}.${encodeBase64Url(new Uint8Array(signature))}`;
}

/** The claims if the signature holds (expiry is the caller's check), else null. */
export async function verifySessionSignature(token: string, secret: string): Promise<SessionClaims | null> {
  const parts = token.split('.');
  if (parts.length !== 2 || token.length > MAX_SESSION_TOKEN_LENGTH) return null;
  const [payload, signature] = parts as [string, string];
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = decodeBase64Url(signature);
  } catch {
    return null;
  }
  // One spelling only: base64url's last character carries unused bits, so several strings decode
  // to the same bytes; only the one signSession writes is accepted.
  if (encodeBase64Url(signatureBytes) !== signature) return null;
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', await signingKey(secret), signatureBytes, encoder.encode(payload));
  return valid ? checkedClaims(readUnverifiedClaims(token)) : null;
}
