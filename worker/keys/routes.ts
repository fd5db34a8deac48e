import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CreatedKey, CreateKeyInput, Jwks, KeyList } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import type { AppEnv } from '../http/app-env.js';
import { contract } from '../http/contract.js';
import { tenant } from '../http/fields.js';
import { ADMIN_KEY, adminKeyRoutes, errors, json, routes } from '../http/openapi.js';
import {
  connectionsUsingKey,
  createSigningKey,
  listSigningKeys,
  publicPem,
  withdrawSigningKey,
} from './signing-keys.js';

const algorithm = z.enum(['ES256', 'RS256', 'PS256'], { error: 'must be one of ES256, RS256, PS256' });

const publicJwk = z
  .object({
    kty: z.string(),
    kid: z.string(),
    alg: algorithm,
    use: z.literal('sig'),
    crv: z.string().optional(),
    x: z.string().optional(),
    y: z.string().optional(),
    n: z.string().optional(),
    e: z.string().optional(),
  })
  .openapi('PublicJwk');

const createKeyInput = z.strictObject({ tenant, alg: algorithm.optional() }).openapi('CreateKeyInput');
contract<z.input<typeof createKeyInput>, CreateKeyInput>();

const createdKey = z
  .object({ kid: z.string(), alg: algorithm, public_jwk: publicJwk, public_pem: z.string(), jwks_uri: z.string() })
  .openapi('CreatedKey');
contract<z.output<typeof createdKey>, CreatedKey>();

const keyList = z
  .object({
    jwks_uri: z.string(),
    keys: z.array(
      z.object({
        kid: z.string(),
        alg: algorithm,
        public_jwk: publicJwk,
        created_at: z.number().int(),
        withdrawn_at: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('KeyList');
contract<z.output<typeof keyList>, KeyList>();

const jwks = z.object({ keys: z.array(publicJwk) }).openapi('Jwks');
contract<z.output<typeof jwks>, Jwks>();

const jwksUri = (c: Context<AppEnv>, owner: string) => `${new URL(c.req.url).origin}/v1/jwks/${owner}`;

const route = <R extends Parameters<typeof createRoute>[0]>(spec: R) =>
  createRoute({ ...spec, tags: ['Keys'], security: ADMIN_KEY });

const create = route({
  method: 'post',
  path: '/',
  summary: 'Create a Worker-held signing key for private_key_jwt (the private key never leaves the Worker)',
  request: { body: { required: true, content: { 'application/json': { schema: createKeyInput } } } },
  responses: { 201: json(createdKey, 'The public key, to register with the provider'), ...errors(400, 401, 413) },
});

const list = route({
  method: 'get',
  path: '/',
  summary: "A tenant's keys, published and withdrawn",
  request: { query: z.object({ tenant }) },
  responses: { 200: json(keyList, 'Public keys only'), ...errors(400, 401) },
});

const withdraw = route({
  method: 'delete',
  path: '/{kid}',
  summary: 'Withdraw a key: unpublished, it signs nothing any more',
  request: { params: z.object({ kid: z.string() }), query: z.object({ tenant }) },
  responses: { 204: { description: 'Withdrawn' }, ...errors(400, 401, 404, 409) },
});

/**
 * Worker-held keys for private_key_jwt (RFC 7523 §2.2), Bearer admin key. Mounted at /v1/keys.
 * Rotation: create a second key (both are published), reconnect each connection with a session
 * naming it (a connection keeps its key until then), then withdraw the first, which is refused
 * (409 key_in_use) while a connection still signs with it.
 */
export const keyRoutes = adminKeyRoutes()
  .openapi(create, async (c) => {
    const { tenant: owner, alg = 'ES256' } = c.req.valid('json');
    const key = await createSigningKey(c.env.DB, c.get('config').encryptionKeys, owner, alg);
    const answer = {
      kid: key.kid,
      alg: key.alg,
      public_jwk: key.publicJwk,
      public_pem: await publicPem(key.publicJwk),
      jwks_uri: jwksUri(c, owner),
    };
    return c.json(answer, 201);
  })
  .openapi(list, async (c) => {
    const { tenant: owner } = c.req.valid('query');
    const keys = await listSigningKeys(c.env.DB, owner);
    return c.json(
      {
        jwks_uri: jwksUri(c, owner),
        keys: keys.map((key) => ({
          kid: key.kid,
          alg: key.alg,
          public_jwk: key.publicJwk,
          created_at: key.createdAt,
          withdrawn_at: key.withdrawnAt,
        })),
      },
      200,
    );
  })
  .openapi(withdraw, async (c) => {
    const { tenant: owner } = c.req.valid('query');
    const { kid } = c.req.valid('param');
    // A connection keeps the key it connected with: withdrawing it would break the connection.
    const inUse = await connectionsUsingKey(c.env.DB, owner, kid);
    if (inUse > 0) {
      const connections = inUse === 1 ? '1 connection signs' : `${inUse} connections sign`;
      throw new Failure(
        409,
        'key_in_use',
        `${connections} with this key: reconnect them with another key (a reconnect session naming its keyId) first.`,
      );
    }
    if (!(await withdrawSigningKey(c.env.DB, owner, kid))) {
      throw new Failure(404, 'not_found', 'No such published key for this tenant.');
    }
    return c.body(null, 204);
  });

const publishedKeys = createRoute({
  method: 'get',
  path: '/{tenant}',
  tags: ['Keys'],
  summary: "A tenant's published public keys (RFC 7517 §5), for providers to verify client assertions",
  request: { params: z.object({ tenant }) },
  responses: { 200: json(jwks, 'Public and cacheable; a tenant without keys has an empty set'), ...errors(400) },
});

/** GET /v1/jwks/:tenant: public (no key), cacheable. */
export const jwksRoutes = routes().openapi(publishedKeys, async (c) => {
  const keys = await listSigningKeys(c.env.DB, c.req.valid('param').tenant);
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({ keys: keys.filter((key) => key.withdrawnAt === null).map((key) => key.publicJwk) }, 200);
});
