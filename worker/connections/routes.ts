import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CONNECTION_ID_PATTERN, type AccessToken } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { Failure } from '../common/failure.js';
import { recordEvent } from '../events/record-event.js';
import type { AppEnv } from '../http/app-env.js';
import { ADMIN_KEY, adminErrors, adminKeyRoutes, answer, error, json } from '../http/openapi.js';
import type { ConnectionRecord } from './connection-record.js';
import { accessToken, connectionList, connectionPath, connectionSchema, tenantQuery, tokenQuery } from './schemas.js';
import { connectionStatus } from './status.js';
import { answerFromRow } from './stored-token.js';
import { deleteConnectionStatement, listConnections, readConnection } from './store.js';
import type { RefreshRequest, TokenAnswer } from './token-refresher.js';
import { cachedToken, cacheToken, evictToken } from './token-cache.js';
import { refreshPoint } from './token-lifetime.js';
import { decideToken, notFound } from './token-policy.js';
import { connectionView } from './view.js';

/** Another tenant's connection, a deleted one and a malformed id all read alike: 404, never 403. */
async function connectionOf(c: Context<AppEnv>, tenant: string, id: string): Promise<ConnectionRecord> {
  const record = CONNECTION_ID_PATTERN.test(id) ? await readConnection(c.env.DB, tenant, id) : null;
  if (!record) throw notFound();
  return record;
}

/** The refresher's answer, as a token or the Failure it carries across the RPC boundary. */
function tokenOf(answer: TokenAnswer): AccessToken {
  if ('failure' in answer) throw Failure.fromData(answer.failure);
  return answer.token;
}

/** What the refresher Durable Object needs for this connection; the URL policy travels with it, for every outbound call. */
function refreshRequest(c: Context<AppEnv>, record: ConnectionRecord, force = false): RefreshRequest {
  const config = c.get('config');
  return {
    connectionId: record.id,
    tenant: record.tenant,
    timeoutMs: config.upstreamTimeoutMs,
    policy: config.tokenUrlPolicy,
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
  operationId: 'listConnections',
  summary: "A tenant's connections, with their health",
  request: { query: tenantQuery },
  responses: { 200: json(connectionList, 'Never a secret or a token'), ...adminErrors(400) },
});

const one = route({
  method: 'get',
  path: '/{id}',
  operationId: 'getConnection',
  summary: 'One connection, with its health',
  request: { params: connectionPath, query: tenantQuery },
  responses: { 200: json(connectionSchema, 'Never a secret or a token'), ...adminErrors(400, 404) },
});

const token = route({
  method: 'get',
  path: '/{id}/token',
  operationId: 'getConnectionToken',
  summary: 'A valid access token, refreshed when past 75 % of its life (one upstream call however many wait)',
  request: { params: connectionPath, query: tokenQuery },
  responses: { 200: json(accessToken, 'The access token'), ...adminErrors(400, 404, 409, 503) },
});

const check = route({
  method: 'post',
  path: '/{id}/check',
  operationId: 'checkConnection',
  summary: 'Exchange now (and run the probe): the connection with its new health',
  description:
    "The check's outcome, a failure too, is the connection's new health in the 200 answer; only a connection that is gone or whose credentials cannot be read answers otherwise.",
  request: { params: connectionPath, query: tenantQuery },
  responses: {
    200: json(connectionSchema, 'The connection after the check'),
    ...adminErrors(400, 404),
    409: error('Its credentials cannot be read with any encryption key (credentials_unreadable)'),
  },
});

const remove = route({
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteConnection',
  summary: 'Delete a connection (connection.deleted is told)',
  request: { params: connectionPath, query: tenantQuery },
  responses: { 204: answer('Deleted'), ...adminErrors(400, 404) },
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
    if (cached) return c.json(cached, 200);
    if (forced) evictToken(id);
    const record = await connectionOf(c, tenant, id);
    // Otherwise the common case still never leaves this isolate: a token before 75 % of its life
    // is served from D1, and so are the broken and back-off answers. Only a refresh goes to the DO.
    const decision = decideToken(record, now, { force: forced });
    if (decision.action !== 'refresh') {
      const token = await answerFromRow(c.env, record, decision, c.get('config').encryptionKeys, now);
      cacheToken(record.id, record.tenant, token, refreshPoint(record), now);
      return c.json(token, 200);
    }
    const token = tokenOf(await refresher(c, record).token(refreshRequest(c, record, forced)));
    const fresh = { issuedAt: nowSeconds(), expiresAt: token.expires_at };
    cacheToken(record.id, record.tenant, token, refreshPoint(fresh), nowSeconds());
    return c.json(token, 200);
  })
  .openapi(check, async (c) => {
    const record = await connectionOf(c, c.req.valid('query').tenant, c.req.valid('param').id);
    evictToken(record.id);
    const answer = await refresher(c, record).check(refreshRequest(c, record));
    // The check's own outcome is recorded on the row, which is the answer; only these are not.
    if ('failure' in answer && ['not_found', 'credentials_unreadable', 'server_error'].includes(answer.failure.code)) {
      throw Failure.fromData(answer.failure);
    }
    const checked = await readConnection(c.env.DB, record.tenant, record.id);
    if (!checked) throw notFound();
    return c.json(connectionView(checked), 200);
  })
  .openapi(remove, async (c) => {
    const record = await connectionOf(c, c.req.valid('query').tenant, c.req.valid('param').id);
    evictToken(record.id);
    const status = connectionStatus(record.lastError);
    const { tenant, id: connectionId } = record;
    const deleted = await recordEvent(
      c.env,
      { type: 'connection.deleted', tenant, connectionId, status, previousStatus: status },
      nowSeconds(),
      deleteConnectionStatement(c.env.DB, tenant, connectionId),
    );
    if (!deleted.changed) throw notFound();
    return c.body(null, 204);
  });
