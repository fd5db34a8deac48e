import { createRoute, z } from '@hono/zod-openapi';
import type { DiscoveryAnswer } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { contract } from '../http/contract.js';
import { callableUrl } from '../http/fields.js';
import { errors, json, routes } from '../http/openapi.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { verifySessionSignature } from '../sessions/session-token.js';
import { discover } from './discover.js';

const discoverInput = z
  .object({ session_token: z.string({ error: 'is required' }), issuer: callableUrl })
  .openapi('DiscoverInput');

const discoveryAnswer = z
  .object({
    issuer: z.string(),
    token_endpoint: z.string(),
    token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
    scopes_supported: z.array(z.string()).optional(),
  })
  .openapi('DiscoveryAnswer');
contract<z.output<typeof discoveryAnswer>, DiscoveryAnswer>();

const discoverRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Connect'],
  summary: "What an issuer's metadata says about its token endpoint (RFC 8414, OpenID Connect Discovery)",
  description:
    "Called by the element while the person types. Authorised like connect: the session token in the body, and the request's Origin must be the session's.",
  request: {
    body: {
      // Not `required`: with it, @hono/zod-openapi runs both media types' validators on every
      // body; without, each runs for its own Content-Type (and any other is a 415).
      required: false,
      content: {
        'application/x-www-form-urlencoded': { schema: discoverInput },
        'application/json': { schema: discoverInput },
      },
    },
  },
  responses: {
    200: json(discoveryAnswer, "The issuer's token endpoint, auth methods and scopes"),
    ...errors(400, 401, 403, 413, 502, 504),
  },
});

/**
 * POST /v1/discover: what an issuer's metadata says (RFC 8414), so the element can say "Found the
 * token endpoint of …" and suggest scopes while the person types. Failures are `discovery_failed`.
 */
export const discoveryRoutes = routes();
discoveryRoutes.use(reflectOriginCors(['POST'], ['Accept']));
discoveryRoutes.openapi(discoverRoute, async (c) => {
  const config = c.get('config');
  const type = c.req.header('content-type') ?? '';
  if (!/application\/json|application\/x-www-form-urlencoded|multipart\/form-data/.test(type)) {
    throw invalidRequest('the body must be a form or JSON {session_token, issuer}');
  }
  const input = type.includes('application/json') ? c.req.valid('json') : c.req.valid('form');
  const claims = await verifySessionSignature(input.session_token, config.sessionSigningKey);
  if (!claims) throw new ApiError(401, 'session_invalid');
  if (c.req.header('origin') !== claims.origin) throw new ApiError(403, 'origin_not_allowed');
  if (claims.exp <= nowSeconds()) throw new ApiError(401, 'session_expired');
  const found = await discover(input.issuer.trim(), config.tokenUrlPolicy, config.upstreamTimeoutMs);
  if (!found.ok) throw new ApiError(found.status, 'discovery_failed', found.reason);
  const { metadata } = found;
  return c.json(
    {
      issuer: metadata.issuer,
      token_endpoint: metadata.tokenEndpoint,
      ...(metadata.authMethods ? { token_endpoint_auth_methods_supported: metadata.authMethods } : {}),
      ...(metadata.scopes ? { scopes_supported: metadata.scopes } : {}),
    },
    200,
  );
});
