import { Hono, type Context } from 'hono';
import type { DiscoveryAnswer } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { readForm, readJson } from '../http/read-body.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { verifySessionSignature } from '../sessions/session-token.js';
import { discover } from './discover.js';

/** The body's fields, from a form (the element) or JSON (a script). */
async function fieldsOf(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  if (c.req.header('content-type')?.includes('application/json')) {
    const body = await readJson(c);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw invalidRequest('the body must be a JSON object');
    return body as Record<string, unknown>;
  }
  return readForm(c);
}

/**
 * POST /v1/discover: what an issuer's metadata says (RFC 8414), so the element can say "Found the
 * token endpoint of …" and suggest scopes while the person types. Authorised like connect: a
 * valid session, and the request's Origin must be the session's. Failures are `discovery_failed`.
 */
export const discoveryRoutes = new Hono<AppEnv>().use(reflectOriginCors(['POST'], ['Accept'])).post('/', async (c) => {
  const config = c.get('config');
  const { session_token: token, issuer } = await fieldsOf(c);
  const claims = typeof token === 'string' ? await verifySessionSignature(token, config.sessionSigningKey) : null;
  if (!claims) throw new ApiError(401, 'session_invalid');
  if (c.req.header('origin') !== claims.origin) throw new ApiError(403, 'origin_not_allowed');
  if (claims.exp <= nowSeconds()) throw new ApiError(401, 'session_expired');
  if (typeof issuer !== 'string' || issuer === '') throw invalidRequest('issuer is required');
  const found = await discover(issuer.trim(), config.tokenUrlPolicy, config.upstreamTimeoutMs);
  if (!found.ok) throw new ApiError(found.status, 'discovery_failed', found.reason);
  const { metadata } = found;
  const answer: DiscoveryAnswer = {
    issuer: metadata.issuer,
    token_endpoint: metadata.tokenEndpoint,
    ...(metadata.authMethods ? { token_endpoint_auth_methods_supported: metadata.authMethods } : {}),
    ...(metadata.scopes ? { scopes_supported: metadata.scopes } : {}),
  };
  return c.json(answer);
});
