import type { PublicJwk, SigningAlgorithm } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { Failure } from '../common/failure.js';
import { open, seal, SecretBoxError, type SealContext } from '../crypto/secret-box.js';
import { SIGNING_ALGORITHMS } from './algorithms.js';
import {
  certificatePem,
  readCertificatePem,
  selfSignedCertificate,
  thumbprints,
  type Thumbprints,
} from './certificate.js';
import { thumbprint } from './pem.js';

/** A Worker-held key's self-signed certificate (public: stored in the clear, downloadable by kid). */
export interface KeyCertificate {
  pem: string;
  thumbprints: Thumbprints;
  notBefore: number;
  notAfter: number;
}

export interface SigningKeySummary {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: PublicJwk;
  createdAt: number;
  withdrawnAt: number | null;
  /** When the walk found no encryption key that opens it; it signs nothing since. */
  unreadableAt: number | null;
  /** Its self-signed certificate, when it was created with one (POST /v1/keys { certificate: true }). */
  certificate: KeyCertificate | null;
}

export interface SigningKeyRow {
  kid: string;
  tenant: string;
  alg: SigningAlgorithm;
  public_jwk: string;
  private_key_enc: string;
  created_at: number;
  withdrawn_at: number | null;
  unreadable_at: number | null;
  /** PEM (RFC 7468), or NULL for a key without a certificate. */
  certificate: string | null;
}

const UNREADABLE_KEY =
  'The Worker-held signing key cannot be decrypted with any key in ENCRYPTION_KEYS (the key it was sealed with was removed before the reseal walk). Create a key and reconnect with it.';

/** The sealed private key is bound to its tenant and kid (the secret box's AAD has room for both). */
const signingKeyContext = (tenant: string, kid: string): SealContext => ({
  purpose: 'signing_key',
  tenant,
  connectionId: kid,
  tokenUrl: '',
});

/** A stored certificate, read back: its thumbprints and validity come from the certificate itself. */
async function keyCertificate(pem: string | null): Promise<KeyCertificate | null> {
  if (pem === null) return null;
  const certificate = readCertificatePem(pem);
  return {
    pem,
    thumbprints: await thumbprints(certificate.der),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

const toSummary = async (row: SigningKeyRow): Promise<SigningKeySummary> => ({
  kid: row.kid,
  alg: row.alg,
  publicJwk: JSON.parse(row.public_jwk) as PublicJwk,
  createdAt: row.created_at,
  withdrawnAt: row.withdrawn_at,
  unreadableAt: row.unreadable_at,
  certificate: await keyCertificate(row.certificate),
});

const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** SubjectPublicKeyInfo in PEM (RFC 7468 §13), for consoles that take a public key rather than a JWKS URL. */
export async function publicPem(jwk: PublicJwk): Promise<string> {
  const key = await crypto.subtle.importKey('jwk', jwk, SIGNING_ALGORITHMS[jwk.alg], true, ['verify']);
  const spki = toBase64((await crypto.subtle.exportKey('spki', key)) as ArrayBuffer);
  return `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
}

/**
 * Generates a key pair for `tenant`, with a self-signed certificate when asked (certificate.ts).
 * The private key is exported once, as PKCS#8, only to be sealed at rest (a CryptoKey cannot be
 * stored); it is used as a non-extractable key and never leaves the Worker. The kid is the
 * public key's RFC 7638 thumbprint.
 */
export async function createSigningKey(
  db: D1Database,
  keyRing: string,
  tenant: string,
  alg: SigningAlgorithm,
  { certificate = false }: { certificate?: boolean } = {},
): Promise<SigningKeySummary> {
  const pair = (await crypto.subtle.generateKey(SIGNING_ALGORITHMS[alg], true, ['sign', 'verify'])) as CryptoKeyPair;
  const { kty, crv, x, y, n, e } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  // Only the public members: the export also names key_ops and ext, which a JWKS does not carry.
  const bare = { kty: kty!, ...(kty === 'EC' ? { crv, x, y } : { n, e }) };
  const kid = await thumbprint(bare);
  const publicJwk: PublicJwk = { ...bare, kid, alg, use: 'sig' };
  const pkcs8 = toBase64((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  const now = nowSeconds();
  const pem = certificate ? certificatePem(await selfSignedCertificate(pair, alg, kid, now)) : null;
  await db
    .prepare(
      `INSERT INTO signing_keys (kid, tenant, alg, public_jwk, private_key_enc, created_at, certificate)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(
      kid,
      tenant,
      alg,
      JSON.stringify(publicJwk),
      await seal(pkcs8, signingKeyContext(tenant, kid), keyRing),
      now,
      pem,
    )
    .run();
  return {
    kid,
    alg,
    publicJwk,
    createdAt: now,
    withdrawnAt: null,
    unreadableAt: null,
    certificate: await keyCertificate(pem),
  };
}

export async function listSigningKeys(db: D1Database, tenant: string): Promise<SigningKeySummary[]> {
  const { results } = await db
    .prepare('SELECT * FROM signing_keys WHERE tenant = ?1 ORDER BY created_at DESC, rowid DESC')
    .bind(tenant)
    .all<SigningKeyRow>();
  return Promise.all(results.map(toSummary));
}

export async function readSigningKey(db: D1Database, tenant: string, kid: string): Promise<SigningKeySummary | null> {
  const row = await db
    .prepare('SELECT * FROM signing_keys WHERE tenant = ?1 AND kid = ?2')
    .bind(tenant, kid)
    .first<SigningKeyRow>();
  return row ? toSummary(row) : null;
}

/** A published key's certificate (PEM), for download; null if the key has none, is withdrawn or absent. */
export async function publishedCertificate(db: D1Database, tenant: string, kid: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT certificate FROM signing_keys WHERE tenant = ?1 AND kid = ?2 AND withdrawn_at IS NULL')
    .bind(tenant, kid)
    .first<{ certificate: string | null }>();
  return row?.certificate ?? null;
}

/** Takes a key out of the JWKS; it signs nothing any more. False if there is no such published key. */
export async function withdrawSigningKey(db: D1Database, tenant: string, kid: string): Promise<boolean> {
  const result = await db
    .prepare('UPDATE signing_keys SET withdrawn_at = ?3 WHERE tenant = ?1 AND kid = ?2 AND withdrawn_at IS NULL')
    .bind(tenant, kid, nowSeconds())
    .run();
  return result.meta.changes === 1;
}

/** How many of the tenant's connections sign with `kid`: a key in use is not withdrawn (409 key_in_use). */
export async function connectionsUsingKey(db: D1Database, tenant: string, kid: string): Promise<number> {
  const row = await db
    .prepare(
      "SELECT COUNT(*) AS count FROM connections WHERE tenant = ?1 AND key_id = ?2 AND auth_method = 'private_key_jwt' AND credential_enc IS NULL",
    )
    .bind(tenant, kid)
    .first<{ count: number }>();
  return row?.count ?? 0;
}

/** A Worker-held key opened to sign, with its certificate's thumbprints when it has one (the assertion's header names them). */
export interface OpenedSigningKey {
  key: CryptoKey;
  kid: string;
  thumbprints?: Thumbprints;
}

/**
 * The private key, opened and imported non-extractable, for signing an assertion; null if
 * withdrawn or absent. One no encryption key opens (its key retired before the reseal walk moved
 * it) is marked so, and throws 409 credentials_unreadable: the connection signing with it is
 * broken until reconnected with another key, never a 500.
 */
export async function signingKey(
  db: D1Database,
  keyRing: string,
  tenant: string,
  kid: string,
): Promise<OpenedSigningKey | null> {
  const row = await db
    .prepare('SELECT * FROM signing_keys WHERE tenant = ?1 AND kid = ?2 AND withdrawn_at IS NULL')
    .bind(tenant, kid)
    .first<SigningKeyRow>();
  if (!row) return null;
  if (row.unreadable_at !== null) throw new Failure(409, 'credentials_unreadable', UNREADABLE_KEY);
  let opened: string;
  try {
    opened = await open(row.private_key_enc, signingKeyContext(tenant, kid), keyRing);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    await markSigningKeyUnreadable(db, row, nowSeconds());
    throw new Failure(409, 'credentials_unreadable', UNREADABLE_KEY, { cause: error });
  }
  const pkcs8 = Uint8Array.from(atob(opened), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, SIGNING_ALGORITHMS[row.alg], false, ['sign']);
  const certificate = await keyCertificate(row.certificate);
  return certificate ? { key, kid, thumbprints: certificate.thumbprints } : { key, kid };
}

/** Up to `limit` keys after `afterKid` (all tenants), in kid order, for the reseal walk. */
export async function readSigningKeyPage(db: D1Database, afterKid: string, limit: number): Promise<SigningKeyRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM signing_keys WHERE kid > ?1 ORDER BY kid LIMIT ?2')
    .bind(afterKid, limit)
    .all<SigningKeyRow>();
  return results;
}

/** Re-seals a key under the leading encryption key, unless it was rewritten meanwhile. */
export async function resealSigningKey(db: D1Database, row: SigningKeyRow, keyRing: string): Promise<void> {
  const context = signingKeyContext(row.tenant, row.kid);
  const pkcs8 = await open(row.private_key_enc, context, keyRing);
  await db
    .prepare('UPDATE signing_keys SET private_key_enc = ?3 WHERE tenant = ?1 AND kid = ?2 AND private_key_enc = ?4')
    .bind(row.tenant, row.kid, await seal(pkcs8, context, keyRing), row.private_key_enc)
    .run();
}

/** Marks a key no encryption key opens: it signs nothing from now on. */
export async function markSigningKeyUnreadable(db: D1Database, row: SigningKeyRow, now: number): Promise<void> {
  await db
    .prepare('UPDATE signing_keys SET unreadable_at = ?3 WHERE tenant = ?1 AND kid = ?2 AND unreadable_at IS NULL')
    .bind(row.tenant, row.kid, now)
    .run();
}
