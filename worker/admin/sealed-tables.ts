import { isSealedUnderLeadingKey } from '../crypto/secret-box.js';
import type { ConnectionRecord } from '../connections/connection-record.js';
import { markUnusable, WITHDRAWN_KEY_MESSAGE } from '../connections/stored-token.js';
import { readConnection, readConnectionPage, resealConnection } from '../connections/store.js';
import {
  markSigningKeyUnreadable,
  readSigningKeyPage,
  resealSigningKey,
  type SigningKeyRow,
} from '../keys/signing-keys.js';

/**
 * One table that holds sealed values (AES-GCM under ENCRYPTION_KEYS), as the reseal walk sees it.
 * Every column holding a sealed value must be named in `columns`: a test reads the schema and
 * fails on a `*_enc` column no entry names, so a new sealed column cannot be left out of the walk.
 */
export interface SealedTable<Row> {
  table: string;
  columns: string[];
  page(db: D1Database, after: string, limit: number): Promise<Row[]>;
  key(row: Row): string;
  /** The row's sealed values (null for an empty column). */
  sealed(row: Row): (string | null)[];
  /** Opens and re-seals under the leading key; throws SecretBoxError when no key opens a value. */
  reseal(env: Env, row: Row, keyRing: string): Promise<void>;
  /** A row no key opens: what it means for the product (a connection broken, a key that signs nothing). */
  unreadable(env: Env, row: Row, now: number): Promise<void>;
}

const connections: SealedTable<ConnectionRecord> = {
  table: 'connections',
  columns: ['credential_enc', 'access_token_enc'],
  page: readConnectionPage,
  key: (row) => row.id,
  sealed: (row) => [row.sealed.credential, row.sealed.accessToken],
  reseal: (env, row, keyRing) => resealConnection(env.DB, row, keyRing),
  unreadable: async (env, row, now) => void (await markUnusable(env, row, now)),
};

const signingKeys: SealedTable<SigningKeyRow> = {
  table: 'signing_keys',
  columns: ['private_key_enc'],
  page: readSigningKeyPage,
  key: (row) => row.kid,
  sealed: (row) => [row.private_key_enc],
  reseal: (env, row, keyRing) => resealSigningKey(env.DB, row, keyRing),
  // The key signs nothing from now on, and every connection that signs with it is broken.
  async unreadable(env, row, now) {
    await markSigningKeyUnreadable(env.DB, row, now);
    const { results } = await env.DB.prepare(
      'SELECT id FROM connections WHERE tenant = ?1 AND key_id = ?2 AND credential_enc IS NULL',
    )
      .bind(row.tenant, row.kid)
      .all<{ id: string }>();
    for (const { id } of results) {
      const record = await readConnection(env.DB, row.tenant, id);
      if (record) await markUnusable(env, record, now, WITHDRAWN_KEY_MESSAGE);
    }
  },
};

/** Every table with sealed values, in the order the walk visits them. */
export const SEALED_TABLES = [connections, signingKeys] as const;

/** Whether a row still holds a value sealed under an older key. */
export const needsReseal = (sealed: (string | null)[], keyRing: string) =>
  sealed.some((value) => value !== null && !isSealedUnderLeadingKey(value, keyRing));
