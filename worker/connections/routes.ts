import { Hono, type Context } from 'hono';
import { nowSeconds } from '../common/clock.js';
import { requireAdminKey } from '../http/admin-auth.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { tenantId } from '../http/input-rules.js';
import { recordEvent } from '../events/record-event.js';
import { checkTokenUrl } from '../outbound/token-url-policy.js';
import { answerFromRow } from './stored-token.js';
import { deleteConnection, isConnectionId, listConnections, readConnection, type ConnectionRecord } from './store.js';
import type { RefreshRequest } from './token-refresher.js';
import { cachedToken, cacheToken, evictToken } from './token-cache.js';
import { refreshPoint } from './token-lifetime.js';
import { connectionStatus, decideToken, type TokenOutcome } from './token-policy.js';
import { connectionView } from './view.js';

const notFound = () => new ApiError(404, 'not_found', 'No such connection for this tenant.');

/** Every call names its tenant; a missing or malformed one is the caller's error, not a lookup miss. */
const tenantOf = (c: Context<AppEnv>) => {
  const tenant = c.req.query('tenant');
  if (tenant === undefined || tenant === '')
    throw new ApiError(400, 'invalid_request', 'The tenant query parameter is required.');
  return tenantId(tenant);
};

/** Another tenant's connection, a deleted one and a malformed id all read alike: 404, never 403. */
async function connectionOf(c: Context<AppEnv>): Promise<ConnectionRecord> {
  const tenant = tenantOf(c);
  const id = c.req.param('id') ?? '';
  const record = isConnectionId(id) ? await readConnection(c.env.DB, tenant, id) : null;
  if (!record) throw notFound();
  return record;
}

function answer(c: Context<AppEnv>, outcome: TokenOutcome) {
  if (outcome.ok) return c.json(outcome.token);
  const headers: Record<string, string> =
    outcome.retryAfter === undefined ? {} : { 'Retry-After': String(outcome.retryAfter) };
  throw new ApiError(outcome.status, outcome.code, outcome.description, headers);
}

/**
 * What the refresher Durable Object needs for this connection. The URL policy applies to every
 * outbound call, not only the first: it may have tightened since the connection was made.
 */
function refreshRequest(c: Context<AppEnv>, record: ConnectionRecord, force = false): RefreshRequest {
  const config = c.get('config');
  const verdict = checkTokenUrl(record.tokenUrl, config.tokenUrlPolicy);
  if (!verdict.ok) {
    throw new ApiError(409, 'token_url_not_allowed', `The stored token URL is no longer allowed: ${verdict.reason}.`);
  }
  return {
    connectionId: record.id,
    tenant: record.tenant,
    exchange: { timeoutMs: config.upstreamTimeoutMs, allowInsecureRequests: verdict.plainHttp },
    defaultTtlSeconds: config.defaultTokenTtlSeconds,
    force,
  };
}

const refresher = (c: Context<AppEnv>, record: ConnectionRecord) =>
  c.env.TOKEN_REFRESHER.get(c.env.TOKEN_REFRESHER.idFromName(record.id));

/**
 * The host backend's API over stored connections (Bearer admin key, tenant-scoped).
 * Mounted at /v1/connections.
 */
export const connectionsRoutes = new Hono<AppEnv>()
  .use(requireAdminKey)
  .get('/', async (c) => {
    const connections = await listConnections(c.env.DB, tenantOf(c));
    return c.json({ connections: connections.map(connectionView) });
  })
  .get('/:id', async (c) => c.json(connectionView(await connectionOf(c))))
  .get('/:id/token', async (c) => {
    const force = c.req.query('force');
    if (force !== undefined && force !== '1' && force !== '0')
      throw new ApiError(400, 'invalid_request', 'force must be 1 or 0.');
    const now = nowSeconds();
    // The hottest path: a fresh token served from this isolate's memory (token-cache.ts). A
    // forced call always looks at the row: its caller just saw this token refused.
    const id = c.req.param('id');
    const cached = force === '1' ? undefined : cachedToken(id, tenantOf(c), now);
    if (cached) return c.json(cached.token);
    if (force === '1') evictToken(id);
    const record = await connectionOf(c);
    // Otherwise the common case still never leaves this isolate: a token before 75 % of its life
    // is served from D1, and so are the broken and back-off answers. Only a refresh goes to the DO.
    const decision = decideToken(record, now, { force: force === '1' });
    if (decision.action !== 'refresh') {
      const outcome = await answerFromRow(c.env, record, decision, c.get('config').encryptionKeys);
      if (outcome.ok) cacheToken(record.id, record.tenant, outcome, refreshPoint(record), now);
      return answer(c, outcome);
    }
    const outcome = await refresher(c, record).token(refreshRequest(c, record, force === '1'));
    if (outcome.ok) {
      const fresh = { issuedAt: nowSeconds(), expiresAt: outcome.token.expires_at };
      cacheToken(record.id, record.tenant, outcome, refreshPoint(fresh), nowSeconds());
    }
    return answer(c, outcome);
  })
  .post('/:id/check', async (c) => {
    const record = await connectionOf(c);
    evictToken(record.id);
    const outcome = await refresher(c, record).check(refreshRequest(c, record));
    if (!outcome.ok && outcome.code === 'not_found') throw notFound();
    const checked = await readConnection(c.env.DB, record.tenant, record.id);
    if (!checked) throw notFound();
    return c.json(connectionView(checked));
  })
  .delete('/:id', async (c) => {
    const record = await connectionOf(c);
    evictToken(record.id);
    if (!(await deleteConnection(c.env.DB, record.tenant, record.id))) throw notFound();
    const status = connectionStatus(record.lastError);
    const event = {
      type: 'connection.deleted',
      tenant: record.tenant,
      connectionId: record.id,
      status,
      previousStatus: status,
    } as const;
    await recordEvent(c.env, event, nowSeconds());
    return c.body(null, 204);
  });
