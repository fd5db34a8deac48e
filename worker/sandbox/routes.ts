import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { isLoopbackHost } from '../common/loopback.js';
import { sessionRequestOf, sessionRequestSchema } from '../sessions/session-request.js';
import { validated } from '../http/validation-hook.js';
import { readJson } from '../http/read-body.js';
import { mintSession } from '../sessions/mint-session.js';
import { completeSessionRequest } from '../sessions/session-presets.js';
import { sandboxProvider } from './provider.js';

const SANDBOX_TENANT = 'sandbox';

/**
 * Development only (404 elsewhere): a provider to click through every outcome (provider.ts), and
 * session minting for the demo page without the admin key, for the sandbox tenant only.
 */
export const sandboxRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.get('config').development) throw new ApiError(404, 'not_found');
    await next();
  })
  // The demo page mints its session from the browser. Only loopback pages may read one, so a
  // website open in a developer's browser cannot borrow the sandbox.
  .use(
    '/sessions',
    cors({
      origin: (origin) => {
        try {
          return isLoopbackHost(new URL(origin).hostname) ? origin : null;
        } catch {
          return null;
        }
      },
      allowMethods: ['POST'],
      allowHeaders: ['Content-Type'],
    }),
  )
  .post('/sessions', async (c) => {
    const body = await readJson(c);
    const fields = validated(sessionRequestSchema, { ...(body as object), tenant: SANDBOX_TENANT });
    const request = sessionRequestOf(fields, c.get('config').tokenUrlPolicy);
    return c.json(await mintSession(await completeSessionRequest(c.env.DB, request), c.get('config')), 201);
  })
  .route('/', sandboxProvider);
