import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { ApiError } from './http/api-error.js';
import type { AppEnv } from './http/app-env.js';
import { readConfig } from './http/config.js';
import { loggedFailure } from './http/log.js';
import { adminRoutes } from './admin/routes.js';
import { discoveryRoutes } from './discovery/routes.js';
import { jwksRoutes, keyRoutes } from './keys/routes.js';
import { connectResultRoutes } from './connect/result-routes.js';
import { connectRoutes } from './connect/routes.js';
import { connectionsRoutes } from './connections/routes.js';
import { eventsRoutes } from './events/routes.js';
import { sandboxRoutes } from './sandbox/routes.js';
import { sessionRoutes } from './sessions/routes.js';

const MAX_BODY_BYTES = 64 * 1024;

export const app = new Hono<AppEnv>()
  .use(
    secureHeaders({
      // No COOP at all: it would sever window.opener and the popup could not report back.
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      referrerPolicy: 'no-referrer',
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: [NONCE],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  )
  // Every route: no request needs more, and an isolate has 128 MB. Checked from Content-Length
  // before anything reads the body, or counted as a streamed body arrives.
  .use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(new ApiError(413, 'payload_too_large', 'The request body is larger than 64 KiB.').toJSON(), 413),
    }),
  )
  .use(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    // Checked on every request: a misconfigured deployment answers 500 instead of running unsafely.
    c.set('config', readConfig(c.env, new URL(c.req.url)));
    await next();
  })
  .route('/v1/sessions', sessionRoutes)
  .route('/v1/connect/result', connectResultRoutes)
  .route('/v1/connect', connectRoutes)
  .route('/v1/connections', connectionsRoutes)
  .route('/v1/events', eventsRoutes)
  .route('/v1/admin', adminRoutes)
  .route('/v1/discover', discoveryRoutes)
  .route('/v1/keys', keyRoutes)
  .route('/v1/jwks', jwksRoutes)
  .route('/sandbox', sandboxRoutes)
  .notFound((c) => c.json(new ApiError(404, 'not_found', 'No such route.').toJSON(), 404))
  .onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toJSON(), error.status);
    }
    loggedFailure('unhandled', { error: error.name });
    return c.json({ error: 'server_error', error_description: 'Something went wrong on our side.' }, 500);
  });
