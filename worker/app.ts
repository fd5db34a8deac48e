import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { ApiError } from './http/api-error.js';
import { readConfig } from './http/config.js';
import { loggedFailure } from './http/log.js';
import { routes } from './http/openapi.js';
import { serveDocument } from './openapi/document.js';
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

/** The validators' own refusals, in our words (their messages are fixed texts, never input). */
const malformed = ({ status, message }: HTTPException) =>
  new ApiError(
    400,
    'invalid_request',
    status === 415
      ? 'the body has an unsupported content type'
      : /json/i.test(message)
        ? 'the body must be JSON'
        : 'the request is malformed',
  );

export const app = routes();

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
  .onError((thrown, c) => {
    // The validators' own refusals (malformed JSON, a body of another content type) are input errors too.
    const error = thrown instanceof HTTPException && thrown.status < 500 ? malformed(thrown) : thrown;
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toJSON(), error.status);
    }
    loggedFailure('unhandled', { error: error.name });
    return c.json({ error: 'server_error', error_description: 'Something went wrong on our side.' }, 500);
  });

serveDocument(app);
