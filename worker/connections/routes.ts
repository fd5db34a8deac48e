import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { nowSeconds } from '../common/clock.js';
import { recordEvent } from '../events/record-event.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { ADMIN_KEY, adminKeyRoutes, errors, json } from '../http/openapi.js';
import { checkTokenUrl } from '../outbound/token-url-policy.js';
import { accessToken, connectionList, connectionPath, connectionSchema, tenantQuery, tokenQuery } from './schemas.js';
import { answerFromRow } from './stored-token.js';
import { deleteConnection, isConnectionId, listConnections, readConnection, type ConnectionRecord } from './store.js';
import type { RefreshRequest } from './token-refresher.js';
import { cachedToken, cacheToken, evictToken } from './token-cache.js';
import { refreshPoint } from './token-lifetime.js';
import { connectionStatus, decideToken, type TokenOutcome } from './token-policy.js';
import { connectionView } from './view.js';

const notFound = () => new ApiError(404, 'not_found', 'No such connection for this tenant.');

/** Another tenant's connection, a deleted one and a malformed id all read alike: 404, never 403. */
async function connectionOf(c: Context<AppEnv>, tenant: string, id: string): Promise<ConnectionRecord> {
  const record = isConnectionId(id) ? await readConnection(c.env.DB, tenant, id) : null;
  if (!record) throw notFound();
  return record;
}

function answer(c: Context<AppEnv>, outcome: TokenOutcome) {
  if (outcome.ok) return c.json(outcome.token, 200);
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

const route = <R extends Parameters<typeof createRoute>[0]>(spec: R) =>
  createRoute({ ...spec, tags: ['Connections'], security: ADMIN_KEY });

const list = route({
  method: 'get',
  path: '/',
  summary: "A tenant's connections, with their health",
  request: { query: tenantQuery },
  responses: { 200: json(connectionList, 'Never a secret or a token'), ...errors(400, 401) },
});

const one = route({
  method: 'get',
  path: '/{id}',
  summary: 'One connection, with its health',
  request: { params: connectionPath, query: tenantQuery },
  responses: { 200: json(connectionSchema, 'Never a secret or a token'), ...errors(400, 401, 404) },
});

const token = route({
  method: 'get',
  path: '/{id}/token',
  summary: 'A valid access token, refreshed when past 75 % of its life (one upstream call however many wait)',
  request: { params: connectionPath, query: tokenQuery },
  responses: { 200: json(accessToken, 'The access token'), ...errors(400, 401, 404, 409, 503) },
});

const check = route({
  method: 'post',
  path: '/{id}/check',
  summary: 'Exchange now (and run the probe): the connection with its new health',
  request: { params: connectionPath, query: tenantQuery },
  responses: { 200: json(connectionSchema, 'The connection after the check'), ...errors(400, 401, 404, 409) },
});

const remove = route({
  method: 'delete',
  path: '/{id}',
  summary: 'Delete a connection (connection.deleted is told)',
  request: { params: connectionPath, query: tenantQuery },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
});

/**
 * The host backend's API over stored connections (Bearer admin key, tenant-scoped).
 * Mounted at /v1/connections.
 */
export const connectionsRoutes = adminKeyRoutes()
  .openapi(list, async (c) => {
    const connections = await listConnections(c.env.DB, c.req.valid('query').tenant);
    return c.json({ connections: connections.map(connectionView) }, 200);
  })
  .openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(connectionView(await connectionOf(c, c.req.valid('query').tenant, id)), 200);
  })
  .openapi(token, async (c) => {
    const { tenant, force } = c.req.valid('query');
    const { id } = c.req.valid('param');
    const forced = force === '1';
    const now = nowSeconds();
    // The hottest path: a fresh token served from this isolate's memory (token-cache.ts). A
    // forced call always looks at the row: its caller just saw this token refused.
    const cached = forced ? undefined : cachedToken(id, tenant, now);
    if (cached) return c.json(cached.token, 200);
    if (forced) evictToken(id);
    const record = await connectionOf(c, tenant, id);
    // Otherwise the common case still never leaves this isolate: a token before 75 % of its life
    // is served from D1, and so are the broken and back-off answers. Only a refresh goes to the DO.
    const decision = decideToken(record, now, { force: forced });
    if (decision.action !== 'refresh') {
      const outcome = await answerFromRow(c.env, record, decision, c.get('config').encryptionKeys);
      if (outcome.ok) cacheToken(record.id, record.tenant, outcome, refreshPoint(record), now);
      return answer(c, outcome);
    }
    const outcome = await refresher(c, record).token(refreshRequest(c, record, forced));
    if (outcome.ok) {
      const fresh = { issuedAt: nowSeconds(), expiresAt: outcome.token.expires_at };
      cacheToken(record.id, record.tenant, outcome, refreshPoint(fresh), nowSeconds());
    }
    return answer(c, outcome);
  })
  .openapi(check, async (c) => {
    const record = await connectionOf(c, c.req.valid('query').tenant, c.req.valid('param').id);
    evictToken(record.id);
    const outcome = await refresher(c, record).check(refreshRequest(c, record));
    if (!outcome.ok && outcome.code === 'not_found') throw notFound();
    const checked = await readConnection(c.env.DB, record.tenant, record.id);
    if (!checked) throw notFound();
    return c.json(connectionView(checked), 200);
  })
  .openapi(remove, async (c) => {
    const record = await connectionOf(c, c.req.valid('query').tenant, c.req.valid('param').id);
    evictToken(record.id);
    if (!(await deleteConnection(c.env.DB, record.tenant, record.id))) throw notFound();
    const status = connectionStatus(record.lastError);
    const { tenant, id: connectionId } = record;
    await recordEvent(
      c.env,
      { type: 'connection.deleted', tenant, connectionId, status, previousStatus: status },
      nowSeconds(),
    );
    return c.body(null, 204);
  });
