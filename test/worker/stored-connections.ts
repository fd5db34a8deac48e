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
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { strictUrl } from './helpers.js';

// Connections written straight to D1 with the store's own statements, for tests that need a row
// in a given state without a connect.

const KEYS = env.ENCRYPTION_KEYS!;

/** A connection of the strict server's client to its `path`, holding `accessToken` for an hour. */
export const strictInput = (
  tenant: string,
  path: string,
  { accessToken = 'stored-token', ...overrides }: Partial<ConnectionInput> & { accessToken?: string } = {},
): ConnectionInput => ({
  tenant,
  tokenUrl: strictUrl(path),
  clientId: STRICT_CLIENT.id,
  credential: { kind: 'secret', secret: STRICT_CLIENT.secret },
  scopes: [],
  params: {},
  authMethod: 'client_secret_basic',
  token: { accessToken, tokenType: 'Bearer', expiresIn: 3600, scopes: [] },
  ...overrides,
});

/** A stored connection to the strict server at `path` whose token is already expired. */
export const storeExpired = (tenant: string, path: string, overrides: Partial<ConnectionInput> = {}, keyRing = KEYS) =>
  storeConnection(
    strictInput(tenant, path, {
      token: { accessToken: 'expired-token', tokenType: 'Bearer', expiresIn: 60, scopes: [] },
      ...overrides,
    }),
    keyRing,
    3600,
    nowSeconds() - 120,
  );

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
