import { Hono, type Context } from 'hono';
import { nowSeconds } from '../common/clock.js';
import { requireAdminKey } from '../http/admin-auth.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { tenantId } from '../http/input-rules.js';
import { checkTokenUrl } from '../outbound/token-url-policy.js';
import { answerFromRow } from './stored-token.js';
import { deleteConnection, isConnectionId, listConnections, readConnection, type ConnectionRecord } from './store.js';
import { decideToken, type TokenOutcome } from './token-policy.js';

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
 * The host backend's API over stored connections (Bearer admin key, tenant-scoped).
 * Mounted at /v1/connections.
 */
export const connectionsRoutes = new Hono<AppEnv>()
  .use(requireAdminKey)
  .get('/', async (c) => {
    const connections = await listConnections(c.env.DB, tenantOf(c));
    return c.json({
      connections: connections.map((connection) => ({
        id: connection.id,
        token_url: connection.tokenUrl,
        client_id: connection.clientId,
        scopes: connection.scopes,
        auth_method: connection.authMethod,
        params: connection.params,
        expires_at: connection.expiresAt,
        created_at: connection.createdAt,
        updated_at: connection.updatedAt,
        last_error: connection.lastError,
      })),
    });
  })
  .get('/:id/token', async (c) => {
    const config = c.get('config');
    const record = await connectionOf(c);
    // The common case never leaves this isolate: a token before 75 % of its life is served
    // from D1, and so are the broken and back-off answers. Only a refresh goes to the DO.
    const decision = decideToken(record, nowSeconds());
    if (decision.action !== 'refresh')
      return answer(c, await answerFromRow(c.env.DB, record, decision, config.encryptionKeys));

    // The SSRF policy applies to every outbound call, not only the first: it may have tightened.
    const verdict = checkTokenUrl(record.tokenUrl, config.tokenUrlPolicy);
    if (!verdict.ok)
      throw new ApiError(409, 'token_url_not_allowed', `The stored token URL is no longer allowed: ${verdict.reason}.`);
    const stub = c.env.TOKEN_REFRESHER.get(c.env.TOKEN_REFRESHER.idFromName(record.id));
    const outcome = await stub.token({
      connectionId: record.id,
      tenant: record.tenant,
      exchange: { timeoutMs: config.upstreamTimeoutMs, allowInsecureRequests: verdict.plainHttp },
      defaultTtlSeconds: config.defaultTokenTtlSeconds,
    });
    return answer(c, outcome);
  })
  .delete('/:id', async (c) => {
    const tenant = tenantOf(c);
    const id = c.req.param('id');
    if (!isConnectionId(id) || !(await deleteConnection(c.env.DB, tenant, id))) throw notFound();
    return c.body(null, 204);
  });
