import type { PublicJwk, SigningAlgorithm } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { open, seal, type SealContext } from '../crypto/secret-box.js';
import { SIGNING_ALGORITHMS } from './algorithms.js';
import { thumbprint } from './pem.js';

export interface SigningKeySummary {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: PublicJwk;
  createdAt: number;
  withdrawnAt: number | null;
  /** When the walk found no encryption key that opens it; it signs nothing since. */
  unreadableAt: number | null;
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
}

/** The sealed private key is bound to its tenant and kid (the secret box's AAD has room for both). */
const signingKeyContext = (tenant: string, kid: string): SealContext => ({
  purpose: 'signing_key',
  tenant,
  connectionId: kid,
  tokenUrl: '',
});

const toSummary = (row: SigningKeyRow): SigningKeySummary => ({
  kid: row.kid,
  alg: row.alg,
  publicJwk: JSON.parse(row.public_jwk) as PublicJwk,
  createdAt: row.created_at,
  withdrawnAt: row.withdrawn_at,
  unreadableAt: row.unreadable_at,
});

const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** SubjectPublicKeyInfo in PEM (RFC 7468 §13), for consoles that take a public key rather than a JWKS URL. */
export async function publicPem(jwk: PublicJwk): Promise<string> {
  const key = await crypto.subtle.importKey('jwk', jwk, SIGNING_ALGORITHMS[jwk.alg], true, ['verify']);
  const spki = toBase64((await crypto.subtle.exportKey('spki', key)) as ArrayBuffer);
  return `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
}

/**
 * Generates a key pair for `tenant`. The private key is exported once, as PKCS#8, only to be
 * sealed at rest (a CryptoKey cannot be stored); it is used as a non-extractable key and never
 * leaves the Worker. The kid is the public key's RFC 7638 thumbprint.
 */
export async function createSigningKey(
  db: D1Database,
  keyRing: string,
  tenant: string,
  alg: SigningAlgorithm,
): Promise<SigningKeySummary> {
  const pair = (await crypto.subtle.generateKey(SIGNING_ALGORITHMS[alg], true, ['sign', 'verify'])) as CryptoKeyPair;
  const { kty, crv, x, y, n, e } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  // Only the public members: the export also names key_ops and ext, which a JWKS does not carry.
  const bare = { kty: kty!, ...(kty === 'EC' ? { crv, x, y } : { n, e }) };
  const kid = await thumbprint(bare);
  const publicJwk: PublicJwk = { ...bare, kid, alg, use: 'sig' };
  const pkcs8 = toBase64((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  const now = nowSeconds();
  await db
    .prepare(
      `INSERT INTO signing_keys (kid, tenant, alg, public_jwk, private_key_enc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(kid, tenant, alg, JSON.stringify(publicJwk), await seal(pkcs8, signingKeyContext(tenant, kid), keyRing), now)
    .run();
  return { kid, alg, publicJwk, createdAt: now, withdrawnAt: null, unreadableAt: null };
}

export async function listSigningKeys(db: D1Database, tenant: string): Promise<SigningKeySummary[]> {
  const { results } = await db
    .prepare('SELECT * FROM signing_keys WHERE tenant = ?1 ORDER BY created_at DESC, rowid DESC')
    .bind(tenant)
    .all<SigningKeyRow>();
  return results.map(toSummary);
}

export async function readSigningKey(db: D1Database, tenant: string, kid: string): Promise<SigningKeySummary | null> {
  const row = await db
    .prepare('SELECT * FROM signing_keys WHERE tenant = ?1 AND kid = ?2')
    .bind(tenant, kid)
    .first<SigningKeyRow>();
  return row ? toSummary(row) : null;
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

/**
 * The private key, opened and imported non-extractable, for signing an assertion; null if
 * withdrawn, absent or unreadable. Throws SecretBoxError when no encryption key opens it.
 */
export async function signingKey(
  db: D1Database,
  keyRing: string,
  tenant: string,
  kid: string,
): Promise<{ key: CryptoKey; kid: string } | null> {
  const row = await db
    .prepare(
      'SELECT * FROM signing_keys WHERE tenant = ?1 AND kid = ?2 AND withdrawn_at IS NULL AND unreadable_at IS NULL',
    )
    .bind(tenant, kid)
    .first<SigningKeyRow>();
  if (!row) return null;
  const pkcs8 = Uint8Array.from(atob(await open(row.private_key_enc, signingKeyContext(tenant, kid), keyRing)), (c) =>
    c.charCodeAt(0),
  );
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, SIGNING_ALGORITHMS[row.alg], false, ['sign']);
  return { key, kid };
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
