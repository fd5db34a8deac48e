import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';

/** What the document says of the API as a whole; the paths come from the routes' own schemas. */
const INFO = {
  title: 'oauth-cc-connect',
  version: '1',
  description:
    'A Connect experience for the OAuth 2.0 Client Credentials grant (RFC 6749 §4.4): sessions for the element, the connect exchange, stored connections and their tokens, lifecycle events, Worker-held signing keys. Errors are RFC 6749 §5.2-style JSON {error, error_description} with a code of the Error schema.',
};

/**
 * Serves GET /v1/openapi.json on `app`, the Worker's root: the OpenAPI 3.1 document of every /v1
 * route, generated from the schemas that validate them, so it cannot drift from what the Worker
 * accepts. Call it once every route is mounted (the registry is then complete).
 */
export function serveDocument(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'AdminKey', {
    type: 'http',
    scheme: 'bearer',
    description: "The deployment's ADMIN_API_KEY: for the host's backend only",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'SessionToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /v1/sessions: what the browser holds',
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/openapi.json',
    tags: ['Document'],
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The document', content: { 'application/json': { schema: z.looseObject({}) } } } },
  });
  app.get('/v1/openapi.json', (c) =>
    c.json(app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO, servers: [{ url: new URL(c.req.url).origin }] })),
  );
}
