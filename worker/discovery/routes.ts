import { z } from '@hono/zod-openapi';
import type { DiscoveryAnswer } from '../../protocol/index.js';
import { contract } from '../http/contract.js';
import { callableUrl } from '../http/fields.js';
import { error, errorMeaning, errors, json, PUBLIC, routes } from '../http/openapi.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { validated } from '../http/validation-hook.js';
import { requireSession } from '../sessions/require-session.js';
import { countDiscovery } from '../sessions/session-uses.js';
import { discover } from './discover.js';

const discoverInput = z
  .strictObject({ session_token: z.string({ error: 'is required' }), issuer: callableUrl })
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

/**
 * POST /v1/discover: what an issuer's metadata says (RFC 8414), so the element can say "Found the
 * token endpoint of …" and suggest scopes while the person types. Authorised like connect (the
 * session token in the body, the request's Origin the session's), at most 20 times per session
 * and never after it connected: it is not a fetch proxy. Failures are `discovery_failed`, or
 * `token_url_not_allowed` naming the host of a token endpoint the policy refuses.
 */
export const discoveryRoutes = routes();

discoveryRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/',
  tags: ['Connect'],
  operationId: 'discoverIssuer',
  summary: "What an issuer's metadata says about its token endpoint (RFC 8414, OpenID Connect Discovery)",
  description:
    "Called by the element while the person types. Authorised like connect: the session token in the body, and the request's Origin must be the session's. At most 20 calls per session.",
  security: PUBLIC,
  request: {
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': { schema: discoverInput },
        'application/json': { schema: discoverInput },
      },
    },
  },
  responses: {
    200: json(discoveryAnswer, "The issuer's token endpoint, auth methods and scopes"),
    ...errors(403, 502, 504),
    400: error(
      `${errorMeaning(400)}, or no usable metadata was found (discovery_failed), or the policy refuses the token endpoint it names (token_url_not_allowed)`,
    ),
    401: error(`${errorMeaning(401)}, or it has already connected`),
    429: error('This session has looked up as many issuers as a session may (rate_limited)'),
  },
});

discoveryRoutes.use(reflectOriginCors(['POST'], ['Accept']));
discoveryRoutes.post('/', requireSession({ from: 'body', json: true }), async (c) => {
  const config = c.get('config');
  const input = validated(discoverInput, c.get('body'));
  await countDiscovery(c.env.DB, c.get('session'));
  const metadata = await discover(input.issuer.trim(), config.tokenUrlPolicy, config.upstreamTimeoutMs);
  const answer: DiscoveryAnswer = {
    issuer: metadata.issuer,
    token_endpoint: metadata.tokenEndpoint,
    ...(metadata.authMethods ? { token_endpoint_auth_methods_supported: metadata.authMethods } : {}),
    ...(metadata.scopes ? { scopes_supported: metadata.scopes } : {}),
  };
  return c.json(answer, 200);
});
