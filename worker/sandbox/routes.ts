import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { Failure } from '../common/failure.js';
import type { AppEnv } from '../http/app-env.js';
import { isLoopbackHost } from '../common/loopback.js';
import { validated } from '../http/validation-hook.js';
import { createSigningKey, publicPem } from '../keys/signing-keys.js';
import { sessionRequestOf, sessionRequestSchema } from '../sessions/session-request.js';
import { readJson } from '../http/read-body.js';
import { mintSession } from '../sessions/mint-session.js';
import { completeSessionRequest } from '../sessions/session-presets.js';
import { algorithmOf, SANDBOX_TENANT } from './console.js';
import { sandboxProvider } from './provider.js';

/**
 * What the demo page calls from the browser. Only loopback pages may read the answers (a
 * session, a key, a rotated secret), so a website open in a developer's browser cannot borrow them.
 */
const loopbackCors = cors({
  origin: (origin) => {
    try {
      return isLoopbackHost(new URL(origin).hostname) ? origin : null;
    } catch {
      return null;
    }
  },
  allowMethods: ['POST'],
  allowHeaders: ['Content-Type'],
});

const jwksUri = (c: Context<AppEnv>) => `${new URL(c.req.url).origin}/v1/jwks/${SANDBOX_TENANT}`;

/**
 * Development only (404 elsewhere): a provider to click through every outcome (provider.ts),
 * and what the demo page needs without the admin key, for the sandbox tenant only: session
 * minting and Worker-held keys.
 */
export const sandboxRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.get('config').development) throw new Failure(404, 'not_found');
    await next();
  })
  .use('/sessions', loopbackCors)
  .use('/keys', loopbackCors)
  .use('/clients/:id/rotate', loopbackCors)
  .use('/clients/:id/reset', loopbackCors)
  .use('/clients/sandbox-key/keys', loopbackCors)
  .post('/sessions', async (c) => {
    const body = await readJson(c);
    const fields = validated(sessionRequestSchema, { ...(body as object), tenant: SANDBOX_TENANT });
    const request = sessionRequestOf(fields, c.get('config').tokenUrlPolicy);
    return c.json(await mintSession(await completeSessionRequest(c.env.DB, request), c.get('config')), 201);
  })
  // POST /v1/keys for the sandbox tenant: "create a key → copy the JWKS URL → connect" in the demo.
  .post('/keys', async (c) => {
    const alg = await algorithmOf(c, ['ES256', 'RS256', 'PS256'] as const);
    const key = await createSigningKey(c.env.DB, c.get('config').encryptionKeys, SANDBOX_TENANT, alg);
    return c.json(
      {
        kid: key.kid,
        alg: key.alg,
        public_jwk: key.publicJwk,
        public_pem: await publicPem(key.publicJwk),
        jwks_uri: jwksUri(c),
      },
      201,
    );
  })
  .route('/', sandboxProvider);
