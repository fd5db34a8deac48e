import { Hono, type Context } from 'hono';
import { requireAdminKey } from '../http/admin-auth.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { tenantId } from '../http/input-rules.js';
import { isRecord } from '../../protocol/index.js';
import { readJson } from '../http/read-body.js';
import { isSigningAlgorithm } from './algorithms.js';
import { createSigningKey, listSigningKeys, publicPem, withdrawSigningKey } from './signing-keys.js';

const jwksUri = (c: Context<AppEnv>, tenant: string) => `${new URL(c.req.url).origin}/v1/jwks/${tenant}`;

const tenantQuery = (c: Context<AppEnv>) => {
  const tenant = c.req.query('tenant');
  if (!tenant) throw invalidRequest('The tenant query parameter is required.');
  return tenantId(tenant);
};

/**
 * Worker-held keys for private_key_jwt (RFC 7523 §2.2), Bearer admin key. Mounted at /v1/keys.
 * Rotation: create a second key (both are published), let connections move to it (each moves on
 * its next write), then withdraw the first.
 */
export const keyRoutes = new Hono<AppEnv>()
  .use(requireAdminKey)
  .post('/', async (c) => {
    const body = await readJson(c);
    if (!isRecord(body)) throw invalidRequest('the body must be a JSON object {tenant, alg?}');
    const tenant = tenantId(body.tenant);
    const alg = body.alg ?? 'ES256';
    if (!isSigningAlgorithm(alg)) throw invalidRequest('alg must be one of ES256, RS256, PS256');
    const key = await createSigningKey(c.env.DB, c.get('config').encryptionKeys, tenant, alg);
    return c.json(
      {
        kid: key.kid,
        alg: key.alg,
        public_jwk: key.publicJwk,
        public_pem: await publicPem(key.publicJwk),
        jwks_uri: jwksUri(c, tenant),
      },
      201,
    );
  })
  .get('/', async (c) => {
    const tenant = tenantQuery(c);
    const keys = await listSigningKeys(c.env.DB, tenant);
    return c.json({
      jwks_uri: jwksUri(c, tenant),
      keys: keys.map((key) => ({
        kid: key.kid,
        alg: key.alg,
        public_jwk: key.publicJwk,
        created_at: key.createdAt,
        withdrawn_at: key.withdrawnAt,
      })),
    });
  })
  .delete('/:kid', async (c) => {
    if (!(await withdrawSigningKey(c.env.DB, tenantQuery(c), c.req.param('kid')))) {
      throw new ApiError(404, 'not_found', 'No such published key for this tenant.');
    }
    return c.body(null, 204);
  });

/**
 * GET /v1/jwks/:tenant: the tenant's published public keys (RFC 7517 §5), for providers to
 * verify client assertions. Public and cacheable; a tenant without keys has an empty set.
 */
export const jwksRoutes = new Hono<AppEnv>().get('/:tenant', async (c) => {
  const keys = await listSigningKeys(c.env.DB, tenantId(c.req.param('tenant')));
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({ keys: keys.filter((key) => key.withdrawnAt === null).map((key) => key.publicJwk) });
});
