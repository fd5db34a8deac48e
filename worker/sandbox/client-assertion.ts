import { decodeBase64Url, isRecord } from '../../protocol/index.js';

// How the sandbox token endpoint checks a client assertion (RFC 7523 §3, RFC 7521 §4.2), as a
// provider would: WebCrypto only, nothing decided by a part that is not yet verified.

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The sandbox metadata's token_endpoint_auth_signing_alg_values_supported. */
export const ASSERTION_ALGORITHMS = ['HS256', 'RS256', 'PS256', 'ES256'] as const;

/** RFC 7523 §3 item 4 lets the server bound the lifetime; oauth4webapi signs 60 s ones. */
const MAX_LIFETIME_SECONDS = 300;
/** Clocks differ a little: how far in the future nbf and iat may be. */
const LEEWAY_SECONDS = 30;
const MAX_ASSERTION_LENGTH = 8192;
const MAX_JTI_LENGTH = 256;

/** WebCrypto parameters per JWS algorithm (RFC 7518 §3.3–3.5) for public keys. */
const PUBLIC_KEY_ALGORITHMS = {
  RS256: {
    importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    verifyAs: { name: 'RSASSA-PKCS1-v1_5' },
    kty: 'RSA',
  },
  PS256: { importAs: { name: 'RSA-PSS', hash: 'SHA-256' }, verifyAs: { name: 'RSA-PSS', saltLength: 32 }, kty: 'RSA' },
  ES256: { importAs: { name: 'ECDSA', namedCurve: 'P-256' }, verifyAs: { name: 'ECDSA', hash: 'SHA-256' }, kty: 'EC' },
} as const;
type PublicKeyAlgorithm = keyof typeof PUBLIC_KEY_ALGORITHMS;

export type RegisteredJwk = JsonWebKey & { kid?: string };

/** What may sign a client's assertions: its shared secret (client_secret_jwt) or its public keys (private_key_jwt). */
export type AssertionKeys = { kind: 'secret'; secret: string } | { kind: 'public'; keys: RegisteredJwk[] };

export interface AssertionExpectations {
  clientId: string;
  /** The token endpoint and the issuer: `aud` must name one of them. */
  audiences: string[];
  keys: AssertionKeys;
  now: number;
}

export type AssertionVerdict = { ok: true; jti: string; exp: number } | { ok: false; reason: string };

interface Jws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const refused = (reason: string): AssertionVerdict => ({ ok: false, reason });
const utf8 = new TextEncoder();

function jsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(decodeBase64Url(part)));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** A JWS in compact serialisation (RFC 7515 §7.1), not yet verified. */
function parseJws(text: string): Jws | null {
  if (text.length > MAX_ASSERTION_LENGTH) return null;
  const parts = text.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const decodedHeader = jsonPart(header);
  const decodedPayload = jsonPart(payload);
  if (!decodedHeader || !decodedPayload) return null;
  try {
    return {
      header: decodedHeader,
      payload: decodedPayload,
      signingInput: utf8.encode(`${header}.${payload}`),
      signature: decodeBase64Url(signature),
    };
  } catch {
    return null;
  }
}

/**
 * The client a request's assertion speaks for: the `client_id` parameter, else the assertion's
 * `sub` (RFC 7521 §4.2 makes client_id optional). Unverified: it only picks the keys to verify with.
 */
export function claimedClient(form: Record<string, string>): string | null {
  if (form.client_id) return form.client_id;
  const sub = parseJws(form.client_assertion ?? '')?.payload.sub;
  return typeof sub === 'string' ? sub : null;
}

/** Only the key's public members: WebCrypto refuses a JWK whose alg or key_ops disagree with the import. */
const publicMembers = ({ kty, crv, x, y, n, e }: RegisteredJwk): JsonWebKey =>
  kty === 'EC' ? { kty, crv, x, y } : { kty, n, e };

function fits(jwk: RegisteredJwk, alg: PublicKeyAlgorithm): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  return jwk.kty === PUBLIC_KEY_ALGORITHMS[alg].kty && (jwk.kty !== 'EC' || jwk.crv === 'P-256');
}

/** Null when the signature holds, else why not. `kid` (RFC 7515 §4.1.4) selects the key; without one, every fitting key is tried. */
async function signatureProblem(jws: Jws, keys: AssertionKeys): Promise<string | null> {
  const { alg, kid } = jws.header;
  if (keys.kind === 'secret') {
    // A client_secret_jwt client signs with HMAC only; anything else would be alg confusion.
    if (alg !== 'HS256') return 'a client_secret_jwt assertion must be signed with HS256';
    const key = await crypto.subtle.importKey(
      'raw',
      utf8.encode(keys.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const valid = await crypto.subtle.verify('HMAC', key, jws.signature, jws.signingInput);
    return valid ? null : 'the assertion is not signed with this client’s secret';
  }
  if (typeof alg !== 'string' || !(alg in PUBLIC_KEY_ALGORITHMS)) {
    return 'a private_key_jwt assertion must be signed with RS256, PS256 or ES256';
  }
  const algorithm = PUBLIC_KEY_ALGORITHMS[alg as PublicKeyAlgorithm];
  if (kid !== undefined && typeof kid !== 'string') return 'the assertion’s kid must be a string';
  const candidates = keys.keys.filter(
    (jwk) => (kid === undefined || jwk.kid === kid) && fits(jwk, alg as PublicKeyAlgorithm),
  );
  if (kid !== undefined && candidates.length === 0)
    return 'the assertion’s kid names no key registered for this client';
  for (const jwk of candidates) {
    const key = await crypto.subtle
      .importKey('jwk', publicMembers(jwk), algorithm.importAs, false, ['verify'])
      .catch(() => null);
    if (key && (await crypto.subtle.verify(algorithm.verifyAs, key, jws.signature, jws.signingInput))) return null;
  }
  return 'the assertion’s signature does not verify with any key registered for this client';
}

/** Null when the claims are what RFC 7523 §3 asks of a client assertion for this client and server, else why not. */
function claimsProblem(payload: Record<string, unknown>, expected: AssertionExpectations): string | null {
  const { iss, sub, aud, exp, nbf, iat, jti } = payload;
  const { clientId, audiences, now } = expected;
  if (iss !== clientId || sub !== clientId) return 'iss and sub must both be the client id';
  const named = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!named.some((value) => audiences.includes(value))) return 'aud must name this token endpoint or its issuer';
  if (typeof exp !== 'number') return 'exp is required';
  if (exp <= now) return 'the assertion has expired';
  if (exp > now + MAX_LIFETIME_SECONDS) return `exp is more than ${MAX_LIFETIME_SECONDS} s away`;
  if (typeof nbf === 'number' && nbf > now + LEEWAY_SECONDS) return 'the assertion is not valid yet (nbf)';
  if (typeof iat === 'number' && iat > now + LEEWAY_SECONDS) return 'the assertion was issued in the future (iat)';
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) return 'jti is required';
  return null;
}

/**
 * Verifies a client assertion for `expected.clientId`: the signature with the client's secret
 * or one of its registered public keys, then iss, sub, aud, exp (in the future, at most 5
 * minutes away), nbf, iat and jti. The caller refuses a jti it has already seen until `exp`.
 * A reason never quotes the assertion.
 */
export async function verifyClientAssertion(
  assertion: string,
  expected: AssertionExpectations,
): Promise<AssertionVerdict> {
  const jws = parseJws(assertion);
  if (!jws) return refused('client_assertion is not a signed JWT');
  // RFC 7515 §4.1.11: an extension the server does not understand makes the JWS invalid.
  if (jws.header.crit !== undefined) return refused('the assertion names critical extensions');
  const signature = await signatureProblem(jws, expected.keys);
  if (signature) return refused(signature);
  const claims = claimsProblem(jws.payload, expected);
  if (claims) return refused(claims);
  return { ok: true, jti: jws.payload.jti as string, exp: jws.payload.exp as number };
}
