import type {
  ApiErrorCode,
  ClientAuthMethod,
  ConnectionStatus,
  ErrorCode,
  ExtraParams,
  ProbeSpec,
} from '../../protocol/index.js';
import type { Credential, ExchangeRequest, IssuedToken } from '../exchange/exchange-types.js';
import { nowSeconds } from '../common/clock.js';
import { randomId } from '../common/random-id.js';
import { open, seal, type SealContext } from './secret-box.js';
import { tokenExpiresAt } from './token-lifetime.js';
import { connectionStatus } from './token-policy.js';

/** What connect stores: the exchange that worked, with the method it settled on and its token. */
export interface ConnectionInput extends Omit<ExchangeRequest, 'authMethod'> {
  tenant: string;
  authMethod: ClientAuthMethod;
  token: IssuedToken;
  probe?: ProbeSpec;
}

/** A connection as the admin API may show it: no secret, no token. Times in epoch seconds. */
export interface ConnectionSummary {
  id: string;
  tenant: string;
  tokenUrl: string;
  issuer: string | null;
  clientId: string;
  /** The Worker-held key, or the kid a pasted key is registered under. */
  keyId: string | null;
  scopes: string[];
  authMethod: ClientAuthMethod;
  params: ExtraParams;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  lastCheckedAt: number;
  lastError: ApiErrorCode | null;
  lastErrorMessage: string | null;
  probe: ProbeSpec | null;
}

/** Everything the token API and the refresher need; the secrets stay sealed until opened. */
export interface ConnectionRecord extends ConnectionSummary {
  tokenType: string;
  tokenScopes: string[];
  issuedAt: number;
  credentialsVersion: number;
  retryNotBefore: number | null;
  /** `credential` is null for a Worker-held key: nothing secret is stored with the connection then. */
  sealed: { credential: string | null; accessToken: string };
}

interface ConnectionRow {
  id: string;
  tenant: string;
  token_url: string;
  issuer: string | null;
  client_id: string;
  credential_enc: string | null;
  key_id: string | null;
  scopes: string;
  auth_method: ClientAuthMethod;
  params: string;
  access_token_enc: string;
  token_type: string;
  token_scopes: string;
  issued_at: number;
  expires_at: number;
  credentials_version: number;
  last_error: ApiErrorCode | null;
  last_error_message: string | null;
  retry_not_before: number | null;
  created_at: number;
  updated_at: number;
  probe: string | null;
  last_checked_at: number;
}

const CONNECTION_ID_PREFIX = 'conn_';
/** `conn_` + 128 random bits as base64url (22 characters). */
const CONNECTION_ID = /^conn_[A-Za-z0-9_-]{22}$/;

export const isConnectionId = (value: string) => CONNECTION_ID.test(value);

type SealedRow = { tenant: string; id: string; tokenUrl: string };

const context = (purpose: SealContext['purpose'], row: SealedRow): SealContext => ({
  purpose,
  tenant: row.tenant,
  connectionId: row.id,
  tokenUrl: row.tokenUrl,
});

function toSummary(row: ConnectionRow): ConnectionSummary {
  return {
    id: row.id,
    tenant: row.tenant,
    tokenUrl: row.token_url,
    issuer: row.issuer,
    clientId: row.client_id,
    keyId: row.key_id,
    scopes: JSON.parse(row.scopes) as string[],
    authMethod: row.auth_method,
    params: JSON.parse(row.params) as ExtraParams,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastCheckedAt: row.last_checked_at,
    lastError: row.last_error,
    lastErrorMessage: row.last_error_message,
    probe: row.probe === null ? null : (JSON.parse(row.probe) as ProbeSpec),
  };
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    ...toSummary(row),
    tokenType: row.token_type,
    tokenScopes: JSON.parse(row.token_scopes) as string[],
    issuedAt: row.issued_at,
    credentialsVersion: row.credentials_version,
    retryNotBefore: row.retry_not_before,
    sealed: { credential: row.credential_enc, accessToken: row.access_token_enc },
  };
}

/**
 * What is sealed at rest for a credential: the secret, or the pasted key, each under its own AAD
 * purpose; nothing for a Worker-held key (it lives, sealed, in signing_keys).
 */
function sealCredential(credential: Credential, where: SealedRow, keyRing: string) {
  if (credential.kind === 'secret') return seal(credential.secret, context('client_secret', where), keyRing);
  if (credential.kind === 'pasted_key') return seal(credential.pem, context('private_key', where), keyRing);
  return Promise.resolve(null);
}

const credentialKeyId = (credential: Credential) => (credential.kind === 'secret' ? null : (credential.keyId ?? null));

export interface SavedConnection {
  id: string;
  expiresAt: number;
  /** The row's status before this save; null for a new connection. */
  previousStatus: ConnectionStatus | null;
}

/** Reconnect in place asked for a client id another connection of the tenant already has at this token URL. */
export class ClientIdTakenError extends Error {
  constructor() {
    super('another connection of this tenant uses this client id at this token URL');
    this.name = 'ClientIdTakenError';
  }
}

/**
 * Stores what a connect attempt produced: inserts, or updates the row with the same tenant +
 * token URL + client id (connecting the same client again replaces its credentials, never adds a
 * second row).
 */
export async function saveConnection(
  db: D1Database,
  input: ConnectionInput,
  keyRing: string,
  defaultTtlSeconds: number,
  now = nowSeconds(),
): Promise<SavedConnection> {
  return (await writeConnection(db, input, keyRing, defaultTtlSeconds, now))!;
}

/**
 * Reconnect in place: gives connection `connectionId` of this tenant new credentials and token,
 * whatever client id it had. Null if it no longer exists.
 */
export function updateConnection(
  db: D1Database,
  connectionId: string,
  input: ConnectionInput,
  keyRing: string,
  defaultTtlSeconds: number,
  now = nowSeconds(),
): Promise<SavedConnection | null> {
  return writeConnection(db, input, keyRing, defaultTtlSeconds, now, connectionId);
}

/**
 * An update replaces credentials and token, clears any error and bumps the credentials' version,
 * so a refresh still running with the old credentials cannot overwrite the new ones. Ciphertexts
 * are bound to the row's id, so the id is settled before sealing; if another request inserts or
 * deletes the same row in between, the write changes nothing and is retried.
 */
async function writeConnection(
  db: D1Database,
  input: ConnectionInput,
  keyRing: string,
  defaultTtlSeconds: number,
  now: number,
  connectionId?: string,
): Promise<SavedConnection | null> {
  const expiresAt = tokenExpiresAt(input.token, now, defaultTtlSeconds);
  const lookUp = () =>
    (connectionId
      ? db
          .prepare('SELECT id, last_error FROM connections WHERE id = ?1 AND tenant = ?2')
          .bind(connectionId, input.tenant)
      : db
          .prepare('SELECT id, last_error FROM connections WHERE tenant = ?1 AND token_url = ?2 AND client_id = ?3')
          .bind(input.tenant, input.tokenUrl, input.clientId)
    ).first<{ id: string; last_error: ApiErrorCode | null }>();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // A new connection is the common case: the insert is tried first (one round trip to D1), and
    // the row is looked up only when the insert found it there (or to update a given one).
    const existing = connectionId || attempt > 0 ? await lookUp() : null;
    if (connectionId && !existing) return null;
    const id = existing?.id ?? randomId(CONNECTION_ID_PREFIX);
    const where = { tenant: input.tenant, id, tokenUrl: input.tokenUrl };
    const values = [
      await sealCredential(input.credential, where, keyRing),
      JSON.stringify(input.scopes),
      input.authMethod,
      JSON.stringify(input.params),
      await seal(input.token.accessToken, context('access_token', where), keyRing),
      input.token.tokenType,
      JSON.stringify(input.token.scopes),
      now,
      expiresAt,
      input.probe ? JSON.stringify(input.probe) : null,
      input.tenant,
      input.tokenUrl,
      input.clientId,
      input.issuer ?? null,
      credentialKeyId(input.credential),
    ];
    const statement = existing
      ? `UPDATE connections SET credential_enc = ?2, scopes = ?3, auth_method = ?4, params = ?5,
         access_token_enc = ?6, token_type = ?7, token_scopes = ?8, issued_at = ?9, expires_at = ?10, probe = ?11,
         token_url = ?13, client_id = ?14, issuer = ?15, key_id = ?16, credentials_version = credentials_version + 1,
         last_error = NULL, last_error_message = NULL, retry_not_before = NULL, updated_at = ?9, last_checked_at = ?9
         WHERE id = ?1 AND tenant = ?12`
      : `INSERT INTO connections (id, credential_enc, scopes, auth_method, params, access_token_enc, token_type,
         token_scopes, issued_at, expires_at, probe, tenant, token_url, client_id, issuer, key_id, created_at, updated_at,
         last_checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?9, ?9, ?9)
         ON CONFLICT DO NOTHING`;
    let written: D1Result;
    try {
      written = await db
        .prepare(statement)
        .bind(id, ...values)
        .run();
    } catch (error) {
      // Only an update can break the (tenant, token URL, client id) uniqueness: the insert does nothing instead.
      if (error instanceof Error && error.message.includes('UNIQUE constraint failed')) throw new ClientIdTakenError();
      throw error;
    }
    if (written.meta.changes === 1) {
      return { id, expiresAt, previousStatus: existing ? connectionStatus(existing.last_error) : null };
    }
  }
  throw new Error('saveConnection: the row kept changing under concurrent reconnects');
}

export async function listConnections(db: D1Database, tenant: string): Promise<ConnectionSummary[]> {
  const { results } = await db
    .prepare('SELECT * FROM connections WHERE tenant = ?1 ORDER BY created_at, id')
    .bind(tenant)
    .all<ConnectionRow>();
  return results.map(toSummary);
}

/** The connection if it exists and belongs to `tenant`; another tenant's row reads as absent. */
export async function readConnection(db: D1Database, tenant: string, id: string): Promise<ConnectionRecord | null> {
  const row = await db
    .prepare('SELECT * FROM connections WHERE id = ?1 AND tenant = ?2')
    .bind(id, tenant)
    .first<ConnectionRow>();
  return row ? toRecord(row) : null;
}

export async function deleteConnection(db: D1Database, tenant: string, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM connections WHERE id = ?1 AND tenant = ?2').bind(id, tenant).run();
  return result.meta.changes === 1;
}

export function openAccessToken(record: ConnectionRecord, keyRing: string): Promise<string> {
  return open(record.sealed.accessToken, context('access_token', record), keyRing);
}

/** The stored credential, opened: the secret, the pasted key, or a reference to the Worker-held key. */
async function openCredential(record: ConnectionRecord, keyRing: string): Promise<Credential> {
  const keyId = record.keyId ?? undefined;
  if (record.authMethod === 'private_key_jwt') {
    if (record.sealed.credential === null) return { kind: 'worker_key', keyId: keyId ?? '' };
    return {
      kind: 'pasted_key',
      pem: await open(record.sealed.credential, context('private_key', record), keyRing),
      keyId,
    };
  }
  return {
    kind: 'secret',
    secret: await open(record.sealed.credential ?? '', context('client_secret', record), keyRing),
  };
}

/** The stored credentials as an exchange request, with the auth method that worked at connect time. */
export async function openExchangeRequest(record: ConnectionRecord, keyRing: string): Promise<ExchangeRequest> {
  return {
    tokenUrl: record.tokenUrl,
    ...(record.issuer ? { issuer: record.issuer } : {}),
    clientId: record.clientId,
    credential: await openCredential(record, keyRing),
    scopes: record.scopes,
    params: record.params,
    authMethod: record.authMethod,
  };
}

// Every write below re-seals the credential under the ring's leading key, so once a new key
// leads, rows move to it as they are used and an old key can be retired (see reseal.ts). A
// Worker-held key's id is written too: the refresher passes the tenant's newest key, so
// connections move to a rotated key on their next write.

/**
 * Stores a refreshed token. Conditional on the credentials it was obtained with: if the
 * connection was reconnected (or deleted) meanwhile, the newer row stays. Returns whether it was stored.
 */
export async function saveRefreshedToken(
  db: D1Database,
  record: ConnectionRecord,
  credential: Credential,
  token: IssuedToken,
  keyRing: string,
  defaultTtlSeconds: number,
  now: number,
): Promise<{ stored: boolean; expiresAt: number }> {
  const expiresAt = tokenExpiresAt(token, now, defaultTtlSeconds);
  const result = await db
    .prepare(
      `UPDATE connections SET credential_enc = ?3, key_id = ?4, access_token_enc = ?5, token_type = ?6,
       token_scopes = ?7, issued_at = ?8, expires_at = ?9, last_error = NULL, last_error_message = NULL,
       retry_not_before = NULL, updated_at = ?8, last_checked_at = ?8
       WHERE id = ?1 AND credentials_version = ?2`,
    )
    .bind(
      record.id,
      record.credentialsVersion,
      await sealCredential(credential, record, keyRing),
      credentialKeyId(credential),
      await seal(token.accessToken, context('access_token', record), keyRing),
      token.tokenType,
      JSON.stringify(token.scopes),
      now,
      expiresAt,
    )
    .run();
  return { stored: result.meta.changes === 1, expiresAt };
}

/** Records a failed refresh; like saveRefreshedToken it leaves a reconnected row alone. Returns whether it was stored. */
export async function saveRefreshFailure(
  db: D1Database,
  record: ConnectionRecord,
  credential: Credential,
  failure: { code: ErrorCode; message: string; retryNotBefore: number | null },
  keyRing: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE connections SET credential_enc = ?3, key_id = ?4, last_error = ?5, last_error_message = ?6,
       retry_not_before = ?7, updated_at = ?8, last_checked_at = ?8 WHERE id = ?1 AND credentials_version = ?2`,
    )
    .bind(
      record.id,
      record.credentialsVersion,
      await sealCredential(credential, record, keyRing),
      credentialKeyId(credential),
      failure.code,
      failure.message,
      failure.retryNotBefore,
      now,
    )
    .run();
  return result.meta.changes === 1;
}

export const UNREADABLE_MESSAGE =
  'The stored credentials cannot be decrypted with any key in ENCRYPTION_KEYS (the key they were sealed with was removed). Put that key back, or have the customer reconnect.';

/** Marks a row whose ciphertexts no key in the ring opens; it answers this until reconnected. */
export async function markCredentialsUnreadable(
  db: D1Database,
  record: ConnectionRecord,
  now: number,
  message = UNREADABLE_MESSAGE,
): Promise<void> {
  await db
    .prepare(
      `UPDATE connections SET last_error = 'credentials_unreadable', last_error_message = ?3, retry_not_before = NULL,
       updated_at = ?4 WHERE id = ?1 AND credentials_version = ?2`,
    )
    .bind(record.id, record.credentialsVersion, message, now)
    .run();
}

/** Up to `limit` rows after `afterId`, in id order, for walks over every connection. */
export async function readConnectionPage(db: D1Database, afterId: string, limit: number): Promise<ConnectionRecord[]> {
  const { results } = await db
    .prepare('SELECT * FROM connections WHERE id > ?1 ORDER BY id LIMIT ?2')
    .bind(afterId, limit)
    .all<ConnectionRow>();
  return results.map(toRecord);
}

/**
 * Re-seals a row's ciphertexts under the leading key. Conditional on the ciphertexts read, so a
 * write that happened meanwhile (already under the leading key) is left alone.
 */
export async function resealConnection(db: D1Database, record: ConnectionRecord, keyRing: string): Promise<void> {
  const credential = await openCredential(record, keyRing);
  const accessToken = await open(record.sealed.accessToken, context('access_token', record), keyRing);
  await db
    .prepare(
      `UPDATE connections SET credential_enc = ?4, access_token_enc = ?5
       WHERE id = ?1 AND credential_enc IS ?2 AND access_token_enc = ?3`,
    )
    .bind(
      record.id,
      record.sealed.credential,
      record.sealed.accessToken,
      await sealCredential(credential, record, keyRing),
      await seal(accessToken, context('access_token', record), keyRing),
    )
    .run();
}
