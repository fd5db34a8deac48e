import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { ApiError } from './api-error.js';
import type { AppEnv } from './app-env.js';
import { readConfig } from './config.js';
import { loggedFailure } from './log.js';
import { connectResultRoutes } from './routes/connect-result.js';
import { connectRoutes } from './routes/connect.js';
import { connectionsRoutes } from './routes/connections.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { sessionRoutes } from './routes/sessions.js';

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
