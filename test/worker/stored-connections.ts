import { env } from 'cloudflare:workers';
import type { ConnectionInput, ConnectionRecord } from '../../worker/connections/connection-record.js';
import type { RefreshFailure } from '../../worker/connections/token-policy.js';
import {
  newConnectionId,
  newConnectionStatement,
  reconnectStatement,
  refreshedTokenStatement,
  refreshFailureStatement,
} from '../../worker/connections/store.js';
import type { Credential, IssuedToken } from '../../worker/exchange/exchange-types.js';
import { nowSeconds } from '../../worker/common/clock.js';

// Connections written straight to D1 with the store's own statements, for tests that need a row
// in a given state without a connect.

const KEYS = env.ENCRYPTION_KEYS!;

/** A new connection, as a plain session's connect stores it. */
export async function storeConnection(input: ConnectionInput, keyRing = KEYS, ttl = 3600, now = nowSeconds()) {
  const id = newConnectionId();
  const write = await newConnectionStatement(env.DB, input, id, keyRing, ttl, now);
  await write.statement.run();
  return { id, expiresAt: write.expiresAt };
}

/** Connection `id` reconnected in place; false if it no longer exists. */
export async function storeReconnect(
  id: string,
  input: ConnectionInput,
  keyRing = KEYS,
  ttl = 3600,
  now = nowSeconds(),
) {
  const write = await reconnectStatement(env.DB, input, id, keyRing, ttl, now);
  return (await write.statement.run()).meta.changes === 1;
}

/** A refreshed token; false when the row's credentials changed meanwhile. */
export async function storeRefreshedToken(
  record: ConnectionRecord,
  credential: Credential,
  token: IssuedToken,
  keyRing = KEYS,
  ttl = 3600,
  now = nowSeconds(),
) {
  const write = await refreshedTokenStatement(env.DB, record, credential, token, keyRing, ttl, now);
  return { stored: (await write.statement.run()).meta.changes === 1, expiresAt: write.expiresAt };
}

/** A failed refresh; false when the row's credentials changed meanwhile. */
export async function storeRefreshFailure(
  record: ConnectionRecord,
  credential: Credential,
  failure: RefreshFailure,
  keyRing = KEYS,
  now = nowSeconds(),
) {
  const statement = await refreshFailureStatement(env.DB, record, credential, failure, keyRing, now);
  return (await statement.run()).meta.changes === 1;
}
