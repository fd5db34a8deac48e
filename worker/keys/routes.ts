import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CreatedKey, CreateKeyInput, Jwks, KeyList } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import type { AppEnv } from '../http/app-env.js';
import { contract } from '../http/contract.js';
import { keyId, tenant } from '../http/fields.js';
import {
  ADMIN_KEY,
  adminErrors,
  adminKeyRoutes,
  answer,
  error,
  errors,
  json,
  PUBLIC,
  routes,
} from '../http/openapi.js';
import {
  connectionsUsingKey,
  createSigningKey,
  listSigningKeys,
  publicPem,
  publishedCertificate,
  withdrawSigningKey,
  type KeyCertificate,
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

const createKeyInput = z
  .strictObject({
    tenant,
    alg: algorithm.optional(),
    certificate: z.boolean({ error: 'must be true or false' }).optional().openapi({
      description:
        'Also issue a self-signed X.509 certificate for the key (CN=oauth-cc-connect <kid>, valid from an hour before for two years), for providers that take a certificate, not a JWKS URL (Microsoft Entra ID)',
    }),
  })
  .openapi('CreateKeyInput');
contract<z.input<typeof createKeyInput>, CreateKeyInput>();

const x5t = z.string().openapi({ description: 'base64url SHA-1 of the certificate DER (RFC 7515 §4.1.7)' });
const x5tS256 = z.string().openapi({ description: 'base64url SHA-256 of the certificate DER (RFC 7515 §4.1.8)' });

const createdKey = z
  .object({
    kid: z.string(),
    alg: algorithm,
    public_jwk: publicJwk,
    public_pem: z.string(),
    jwks_uri: z.string(),
    certificate_pem: z
      .string()
      .optional()
      .openapi({ description: 'With certificate: true: the certificate to upload' }),
    x5t: x5t.optional(),
    'x5t#S256': x5tS256.optional(),
    certificate_url: z.string().optional().openapi({ description: 'Where the certificate downloads again (public)' }),
    certificate_expires_at: z.number().int().optional().openapi({ description: 'Epoch seconds' }),
  })
  .openapi('CreatedKey');
contract<z.output<typeof createdKey>, CreatedKey>();

const keyCertificate = z
  .object({
    x5t,
    'x5t#S256': x5tS256,
    url: z.string().openapi({ description: 'GET /v1/certificates/{tenant}/{kid}: public, while the key is published' }),
    expires_at: z.number().int().openapi({ description: 'Epoch seconds' }),
  })
  .openapi({ description: "The key's self-signed certificate; null for a key made without one" });

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
        unreadable_at: z.number().int().nullable().openapi({
          description: 'When no encryption key could open it (retired before the reseal walk): it signs nothing',
        }),
        certificate: keyCertificate.nullable(),
      }),
    ),
  })
  .openapi('KeyList');
contract<z.output<typeof keyList>, KeyList>();

const jwks = z.object({ keys: z.array(publicJwk) }).openapi('Jwks');
contract<z.output<typeof jwks>, Jwks>();

const jwksUri = (c: Context<AppEnv>, owner: string) => `${new URL(c.req.url).origin}/v1/jwks/${owner}`;
const certificateUrl = (c: Context<AppEnv>, owner: string, kid: string) =>
  `${new URL(c.req.url).origin}/v1/certificates/${owner}/${kid}`;

const certificateSummary = (c: Context<AppEnv>, owner: string, kid: string, certificate: KeyCertificate) => ({
  ...certificate.thumbprints,
  url: certificateUrl(c, owner, kid),
  expires_at: certificate.notAfter,
});

const route = <R extends Parameters<typeof createRoute>[0]>(spec: R) =>
  createRoute({ ...spec, tags: ['Keys'], security: ADMIN_KEY });

const create = route({
  method: 'post',
  path: '/',
  operationId: 'createKey',
  summary:
    'Create a Worker-held signing key for private_key_jwt (the private key never leaves the Worker), with a self-signed certificate if asked',
  request: { body: { required: true, content: { 'application/json': { schema: createKeyInput } } } },
  responses: { 201: json(createdKey, 'The public key, to register with the provider'), ...adminErrors(400) },
});

const list = route({
  method: 'get',
  path: '/',
  operationId: 'listKeys',
  summary: "A tenant's keys, published and withdrawn",
  request: { query: z.object({ tenant }) },
  responses: { 200: json(keyList, 'Public keys only'), ...adminErrors(400) },
});

const withdraw = route({
  method: 'delete',
  path: '/{kid}',
  operationId: 'withdrawKey',
  summary: 'Withdraw a key: unpublished, it signs nothing any more',
  request: { params: z.object({ kid: z.string() }), query: z.object({ tenant }) },
  responses: {
    204: answer('Withdrawn'),
    ...adminErrors(400),
    404: error('No such published key for this tenant (not_found)'),
    409: error('Connections still sign with this key (key_in_use): reconnect them with another key first'),
  },
});

/**
 * Worker-held keys for private_key_jwt (RFC 7523 §2.2), Bearer admin key. Mounted at /v1/keys.
 * Rotation: create a second key (both are published), reconnect each connection with a session
 * naming it (a connection keeps its key until then), then withdraw the first, which is refused
 * (409 key_in_use) while a connection still signs with it.
 */
export const keyRoutes = adminKeyRoutes()
  .openapi(create, async (c) => {
    const { tenant: owner, alg = 'ES256', certificate = false } = c.req.valid('json');
    const key = await createSigningKey(c.env.DB, c.get('config').encryptionKeys, owner, alg, { certificate });
    const answer = {
      kid: key.kid,
      alg: key.alg,
      public_jwk: key.publicJwk,
      public_pem: await publicPem(key.publicJwk),
      jwks_uri: jwksUri(c, owner),
      ...(key.certificate
        ? {
            certificate_pem: key.certificate.pem,
            ...key.certificate.thumbprints,
            certificate_url: certificateUrl(c, owner, key.kid),
            certificate_expires_at: key.certificate.notAfter,
          }
        : {}),
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
          unreadable_at: key.unreadableAt,
          certificate: key.certificate && certificateSummary(c, owner, key.kid, key.certificate),
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
  operationId: 'getJwks',
  summary: "A tenant's published public keys (RFC 7517 §5), for providers to verify client assertions",
  security: PUBLIC,
  request: { params: z.object({ tenant }) },
  responses: { 200: json(jwks, 'Public and cacheable; a tenant without keys has an empty set'), ...errors(400) },
});

/** GET /v1/jwks/:tenant: public (no key), cacheable. */
export const jwksRoutes = routes().openapi(publishedKeys, async (c) => {
  const keys = await listSigningKeys(c.env.DB, c.req.valid('param').tenant);
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({ keys: keys.filter((key) => key.withdrawnAt === null).map((key) => key.publicJwk) }, 200);
});

const certificateDownload = createRoute({
  method: 'get',
  path: '/{tenant}/{kid}',
  tags: ['Keys'],
  operationId: 'getCertificate',
  security: PUBLIC,
  summary:
    "A published key's self-signed certificate (PEM), to upload to a provider that takes one (Microsoft Entra ID)",
  description:
    'Public like the JWKS: a certificate holds only the public key, its subject (CN=oauth-cc-connect <kid>) and validity, so the element can offer it to the person with nothing but the session it has.',
  request: { params: z.object({ tenant, kid: keyId }) },
  responses: {
    200: answer(
      'The certificate as a file download; cacheable',
      { 'application/pem-certificate-chain': { schema: z.string().openapi({ description: 'One PEM certificate' }) } },
      {
        'Content-Disposition': {
          description: 'attachment; filename="oauth-cc-connect-<kid>.pem"',
          required: true,
          schema: { type: 'string' },
        },
      },
    ),
    ...errors(400),
    404: error('No published key of this tenant has this kid and a certificate (not_found)'),
  },
});

/**
 * GET /v1/certificates/:tenant/:kid: public (no key), cacheable, like the JWKS. 404 for a key
 * without a certificate, a withdrawn key, or another tenant's.
 */
export const certificateRoutes = routes().openapi(certificateDownload, async (c) => {
  const { tenant: owner, kid } = c.req.valid('param');
  const pem = await publishedCertificate(c.env.DB, owner, kid);
  if (pem === null)
    throw new Failure(404, 'not_found', 'No published key with a certificate has this kid for this tenant.');
  c.header('Content-Type', 'application/pem-certificate-chain');
  // A file name the consoles' upload dialogs accept (Entra ID takes .cer, .pem, .crt).
  c.header('Content-Disposition', `attachment; filename="oauth-cc-connect-${kid}.pem"`);
  c.header('Cache-Control', 'public, max-age=300');
  c.header('Access-Control-Allow-Origin', '*');
  return c.body(`${pem}\n`, 200);
});
