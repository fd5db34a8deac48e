import {
  CONNECTION_ID_PREFIX,
  type ApiErrorCode,
  type ClientAuthMethod,
  type ExtraParams,
  type ProbeSpec,
} from '../../protocol/index.js';
import { randomId } from '../common/random-id.js';
import { insertStatement, updateStatement, type Columns } from '../common/sql.js';
import { open, seal, type SealContext } from '../crypto/secret-box.js';
import type { Credential, ExchangeRequest, IssuedToken } from '../exchange/exchange-types.js';
import type { ConnectionInput, ConnectionRecord, ConnectionSummary, StoredProfile } from './connection-record.js';
import { tokenExpiresAt } from './token-lifetime.js';

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
  profile: string | null;
  access_token_enc: string;
  token_type: string;
  token_scopes: string;
  captured: string | null;
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
  certificate: string | null;
}

export const newConnectionId = () => randomId(CONNECTION_ID_PREFIX);

type SealedRow = { tenant: string; id: string; tokenUrl: string };

/** The AAD of a connection's sealed values: bound to its tenant, id and token URL. */
const sealContext = (purpose: SealContext['purpose'], row: SealedRow): SealContext => ({
  purpose,
  tenant: row.tenant,
  connectionId: row.id,
  tokenUrl: row.tokenUrl,
});

const parsed = <T>(json: string | null, fallback: T): T => (json === null ? fallback : (JSON.parse(json) as T));

function toSummary(row: ConnectionRow): ConnectionSummary {
  return {
    id: row.id,
    tenant: row.tenant,
    tokenUrl: row.token_url,
    issuer: row.issuer,
    clientId: row.client_id,
    keyId: row.key_id,
    scopes: parsed<string[]>(row.scopes, []),
    authMethod: row.auth_method,
    params: parsed<ExtraParams>(row.params, {}),
    profile: parsed<StoredProfile | null>(row.profile, null),
    captured: parsed<Record<string, string>>(row.captured, {}),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastCheckedAt: row.last_checked_at,
    lastError: row.last_error,
    lastErrorMessage: row.last_error_message,
    probe: parsed<ProbeSpec | null>(row.probe, null),
  };
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    ...toSummary(row),
    tokenType: row.token_type,
    tokenScopes: parsed<string[]>(row.token_scopes, []),
    issuedAt: row.issued_at,
    credentialsVersion: row.credentials_version,
    retryNotBefore: row.retry_not_before,
    sealed: { credential: row.credential_enc, accessToken: row.access_token_enc },
    certificate: row.certificate,
  };
}

/**
 * What is sealed at rest for a credential: the secret, or the pasted key, each under its own AAD
 * purpose; nothing for a Worker-held key (it lives, sealed, in signing_keys).
 */
function sealCredential(credential: Credential, where: SealedRow, keyRing: string): Promise<string | null> {
  if (credential.kind === 'secret') return seal(credential.secret, sealContext('client_secret', where), keyRing);
  if (credential.kind === 'pasted_key') return seal(credential.pem, sealContext('private_key', where), keyRing);
  return Promise.resolve(null);
}

const credentialKeyId = (credential: Credential) => (credential.kind === 'secret' ? null : (credential.keyId ?? null));

/** A token's columns: sealed, with its type, granted scopes, captured values and lifetime. */
async function tokenColumns(token: IssuedToken, where: SealedRow, keyRing: string, expiresAt: number, now: number) {
  return {
    access_token_enc: await seal(token.accessToken, sealContext('access_token', where), keyRing),
    token_type: token.tokenType,
    token_scopes: JSON.stringify(token.scopes),
    captured: token.captured && Object.keys(token.captured).length > 0 ? JSON.stringify(token.captured) : null,
    issued_at: now,
    expires_at: expiresAt,
  } satisfies Columns;
}

/** A token just issued: no error left, no back-off, asked now. */
const healthyAt = (now: number) => ({
  last_error: null,
  last_error_message: null,
  retry_not_before: null,
  updated_at: now,
  last_checked_at: now,
});

/** Every column a connect sets, by name: one object both the INSERT and the reconnect's UPDATE are built from. */
async function connectColumns(input: ConnectionInput, id: string, keyRing: string, expiresAt: number, now: number) {
  const where = { tenant: input.tenant, id, tokenUrl: input.tokenUrl };
  return {
    token_url: input.tokenUrl,
    issuer: input.issuer ?? null,
    client_id: input.clientId,
    credential_enc: await sealCredential(input.credential, where, keyRing),
    key_id: credentialKeyId(input.credential),
    certificate: input.credential.kind === 'pasted_key' ? (input.credential.certificate ?? null) : null,
    scopes: JSON.stringify(input.scopes),
    auth_method: input.authMethod,
    params: JSON.stringify(input.params),
    profile: input.profile ? JSON.stringify(input.profile) : null,
    probe: input.probe ? JSON.stringify(input.probe) : null,
    ...(await tokenColumns(input.token, where, keyRing, expiresAt, now)),
    ...healthyAt(now),
  } satisfies Columns;
}

export interface ConnectionWrite {
  statement: D1PreparedStatement;
  expiresAt: number;
}

/** The INSERT of a new connection `id` (sealed under its id, so the id is chosen first). */
export async function newConnectionStatement(
  db: D1Database,
  input: ConnectionInput,
  id: string,
  keyRing: string,
  defaultTtlSeconds: number,
  now: number,
): Promise<ConnectionWrite> {
  const expiresAt = tokenExpiresAt(input.token, now, defaultTtlSeconds);
  const columns = {
    id,
    tenant: input.tenant,
    created_at: now,
    ...(await connectColumns(input, id, keyRing, expiresAt, now)),
  };
  return { statement: insertStatement(db, 'connections', columns), expiresAt };
}

/**
 * Reconnect in place: new credentials and token for connection `id` of the tenant, its error
 * cleared and its credentials' version bumped, so a refresh still running with the old
 * credentials cannot overwrite the new ones.
 */
export async function reconnectStatement(
  db: D1Database,
  input: ConnectionInput,
  id: string,
  keyRing: string,
  defaultTtlSeconds: number,
  now: number,
): Promise<ConnectionWrite> {
  const expiresAt = tokenExpiresAt(input.token, now, defaultTtlSeconds);
  const columns = await connectColumns(input, id, keyRing, expiresAt, now);
  const statement = updateStatement(
    db,
    'connections',
    columns,
    'id = :id AND tenant = :tenant',
    { id, tenant: input.tenant },
    ['credentials_version = credentials_version + 1'],
  );
  return { statement, expiresAt };
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

export function deleteConnectionStatement(db: D1Database, tenant: string, id: string): D1PreparedStatement {
  return db.prepare('DELETE FROM connections WHERE id = ?1 AND tenant = ?2').bind(id, tenant);
}

export function openAccessToken(record: ConnectionRecord, keyRing: string): Promise<string> {
  return open(record.sealed.accessToken, sealContext('access_token', record), keyRing);
}

/** The stored credential, opened: the secret, the pasted key, or a reference to the Worker-held key. */
async function openCredential(record: ConnectionRecord, keyRing: string): Promise<Credential> {
  const keyId = record.keyId ?? undefined;
  if (record.authMethod === 'private_key_jwt') {
    if (record.sealed.credential === null) return { kind: 'worker_key', keyId: keyId ?? '' };
    return {
      kind: 'pasted_key',
      pem: await open(record.sealed.credential, sealContext('private_key', record), keyRing),
      keyId,
      ...(record.certificate ? { certificate: record.certificate } : {}),
    };
  }
  return {
    kind: 'secret',
    secret: await open(record.sealed.credential ?? '', sealContext('client_secret', record), keyRing),
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
    ...(record.profile ? { profile: record.profile } : {}),
  };
}

// Every write below re-seals what it stores under the ring's leading key, so once a new key
// leads, rows move to it as they are used and an old key can be retired (see reseal.ts).

const sameCredentials = (record: ConnectionRecord) => ({ id: record.id, version: record.credentialsVersion });

/**
 * A refreshed token, stored only if the connection still has the credentials it was obtained
 * with: if it was reconnected (or deleted) meanwhile, the newer row stays.
 */
export async function refreshedTokenStatement(
  db: D1Database,
  record: ConnectionRecord,
  credential: Credential,
  token: IssuedToken,
  keyRing: string,
  defaultTtlSeconds: number,
  now: number,
): Promise<ConnectionWrite> {
  const expiresAt = tokenExpiresAt(token, now, defaultTtlSeconds);
  const columns = {
    credential_enc: await sealCredential(credential, record, keyRing),
    ...(await tokenColumns(token, record, keyRing, expiresAt, now)),
    ...healthyAt(now),
  } satisfies Columns;
  const where = 'id = :id AND credentials_version = :version';
  return { statement: updateStatement(db, 'connections', columns, where, sameCredentials(record)), expiresAt };
}

/** What a failed exchange leaves on the row; like a refreshed token, only on the same credentials. */
export async function refreshFailureStatement(
  db: D1Database,
  record: ConnectionRecord,
  credential: Credential | null,
  failure: { code: ApiErrorCode; message: string; retryNotBefore: number | null },
  keyRing: string,
  now: number,
): Promise<D1PreparedStatement> {
  const columns: Columns = {
    ...(credential ? { credential_enc: await sealCredential(credential, record, keyRing) } : {}),
    last_error: failure.code,
    last_error_message: failure.message,
    retry_not_before: failure.retryNotBefore,
    updated_at: now,
    last_checked_at: now,
  };
  return updateStatement(
    db,
    'connections',
    columns,
    'id = :id AND credentials_version = :version',
    sameCredentials(record),
  );
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
  const accessToken = await openAccessToken(record, keyRing);
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
      await seal(accessToken, sealContext('access_token', record), keyRing),
    )
    .run();
}
