import { encodeBase64Url } from '../../protocol/index.js';
import { invalidRequest } from '../common/failure.js';
import type { SigningAlgorithm } from '../../protocol/index.js';
import { SIGNING_ALGORITHMS } from './algorithms.js';

// A pasted private key (PEM, PKCS#8: RFC 5958 in RFC 7468's textual encoding). Only
// "BEGIN PRIVATE KEY" is read: workerd would also take PKCS#1 and SEC1 bodies as PKCS#8, but
// other runtimes refuse them, and one accepted form keeps the behaviour the same everywhere.

const PKCS8 = /^-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----$/;
const OTHER_PEM = /-----BEGIN ([A-Z ]+)-----/;

/**
 * The key's base64 body, from a PEM whose line breaks may have been lost (a single-line input
 * drops them when a key is pasted). Throws invalid_request naming the fix, never echoing the key.
 */
function pkcs8Body(text: string): string {
  const match = PKCS8.exec(text.trim());
  if (match) return match[1]!.replace(/\s+/g, '');
  const label = OTHER_PEM.exec(text)?.[1];
  if (label && label !== 'PRIVATE KEY') {
    throw invalidRequest(
      `private_key must be PKCS#8 ("BEGIN PRIVATE KEY"), not "${label.slice(0, 24)}": convert it with openssl pkcs8 -topk8 -nocrypt`,
    );
  }
  throw invalidRequest(
    'private_key must be a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)',
  );
}

/** The key in the canonical PEM layout (64-character lines): what is sealed and what redaction looks for. */
export function canonicalPem(text: string): string {
  const body = pkcs8Body(text);
  return `-----BEGIN PRIVATE KEY-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----`;
}

const der = (pem: string) => Uint8Array.from(atob(pkcs8Body(pem)), (c) => c.charCodeAt(0));

/** RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used" with RS256 (and PS256). */
const MIN_RSA_BITS = 2048;
const KEY_RULE = 'private_key must be an RSA key of 2048 bits or more, or an EC P-256 key, in PKCS#8';

/**
 * Imports a pasted PKCS#8 key for signing, non-extractable: RSA (2048 bits or more) as RS256, EC
 * P-256 as ES256 (the algorithms every provider that takes private_key_jwt accepts). Anything
 * else (a 1024-bit RSA key, a P-384 or Ed25519 key) is refused here, naming the field, rather
 * than signing and failing later as if the provider were at fault.
 */
export async function importPrivateKey(pem: string): Promise<{ key: CryptoKey; alg: SigningAlgorithm }> {
  const bytes = der(pem);
  for (const alg of ['RS256', 'ES256'] as const) {
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey('pkcs8', bytes, SIGNING_ALGORITHMS[alg], false, ['sign']);
    } catch {
      // Not this kind of key; try the next.
      continue;
    }
    const bits = (key.algorithm as { modulusLength?: number }).modulusLength;
    if (bits !== undefined && bits < MIN_RSA_BITS) throw invalidRequest(`${KEY_RULE}: this RSA key has ${bits} bits`);
    return { key, alg };
  }
  throw invalidRequest(KEY_RULE);
}

/** The pasted key's public members (RFC 7517 §6: n and e, or crv, x and y), to compare with a certificate's. */
export async function publicJwkOf(pem: string): Promise<{ jwk: JsonWebKey; alg: SigningAlgorithm }> {
  const { alg } = await importPrivateKey(pem);
  const key = await crypto.subtle.importKey('pkcs8', der(pem), SIGNING_ALGORITHMS[alg], true, ['sign']);
  const { kty, crv, x, y, n, e } = (await crypto.subtle.exportKey('jwk', key)) as JsonWebKey;
  return { jwk: { kty, crv, x, y, n, e }, alg };
}

/** RFC 7638 JWK thumbprint: a kid derived from the public key itself. */
export async function thumbprint(jwk: JsonWebKey): Promise<string> {
  const members =
    jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(members)));
  return encodeBase64Url(new Uint8Array(digest));
}
