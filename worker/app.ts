import { bodyLimit } from 'hono/body-limit';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { randomId } from './common/random-id.js';
import { Failure } from './common/failure.js';
import { readConfig } from './config/config.js';
import { routes } from './http/openapi.js';
import { serveDocument } from './openapi/document.js';
import { publicCors } from './http/reflect-cors.js';
import { renderFailure } from './http/render-failure.js';
import { adminRoutes } from './admin/routes.js';
import { discoveryRoutes } from './discovery/routes.js';
import { certificateRoutes, jwksRoutes, keyRoutes } from './keys/routes.js';
import { connectResultRoutes } from './connect/result-routes.js';
import { connectRoutes } from './connect/routes.js';
import { connectionsRoutes } from './connections/routes.js';
import { eventsRoutes } from './events/routes.js';
import { providerRoutes } from './providers/routes.js';
import { sessionRoutes } from './sessions/routes.js';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The Worker's HTTP app: every /v1 route, and nothing for development (worker/dev.ts adds the
 * sandbox on top). `extend` mounts more routes before the 404 and the error handler close it.
 */
export function createApp(extend?: (app: ReturnType<typeof routes>) => void) {
  const app = routes();
  app
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
      const requestId = c.req.header('cf-ray') ?? randomId('req_', 9);
      c.set('requestId', requestId);
      c.header('X-Request-Id', requestId);
      c.header('Cache-Control', 'no-store');
      // Checked on every request: a misconfigured deployment answers 500 instead of running unsafely.
      c.set('config', readConfig(c.env));
      await next();
    })
    // Every route: no request needs more, and an isolate has 128 MB. Checked from Content-Length
    // before anything reads the body, or counted as a streamed body arrives.
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) =>
          renderFailure(new Failure(413, 'payload_too_large', 'The request body is larger than 64 KiB.'), c),
      }),
    )
    .use('/v1/providers', publicCors)
    .use('/v1/jwks/*', publicCors)
    .use('/v1/certificates/*', publicCors)
    .route('/v1/sessions', sessionRoutes)
    .route('/v1/connect/result', connectResultRoutes)
    .route('/v1/connect', connectRoutes)
    .route('/v1/connections', connectionsRoutes)
    .route('/v1/events', eventsRoutes)
    .route('/v1/admin', adminRoutes)
    .route('/v1/discover', discoveryRoutes)
    .route('/v1/keys', keyRoutes)
    .route('/v1/jwks', jwksRoutes)
    .route('/v1/providers', providerRoutes)
    .route('/v1/certificates', certificateRoutes);
  serveDocument(app);
  extend?.(app);
  app.notFound((c) => renderFailure(new Failure(404, 'not_found', 'No such route.'), c));
  app.onError(renderFailure);
  return app;
}
