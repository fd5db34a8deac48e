import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';
import { errors, HEADER_COMPONENTS, json, PUBLIC } from '../http/openapi.js';

/** What the document says of the API as a whole; the paths come from the routes' own schemas. */
const INFO = {
  title: 'oauth-cc-connect',
  version: '1',
  description:
    'A Connect experience for the OAuth 2.0 Client Credentials grant (RFC 6749 §4.4): sessions for the element, the connect exchange, stored connections and their tokens, lifecycle events, Worker-held signing keys. Errors are RFC 6749 §5.2-style JSON {error, error_description} with a code of the Error schema; every answer carries X-Request-Id.',
  license: { name: 'MIT', identifier: 'MIT' },
};

/** The groups of operations, in the order a host meets them. */
const TAGS = [
  { name: 'Sessions', description: "The host's backend starts a connect for one tenant and embedding origin" },
  { name: 'Connect', description: 'What the element calls from the browser, authorised by the session token' },
  { name: 'Connections', description: 'Stored connections, their health and their access tokens' },
  { name: 'Events', description: 'Lifecycle events of connections (also delivered as webhooks)' },
  { name: 'Keys', description: 'Worker-held signing keys for private_key_jwt, their JWKS and certificates' },
  { name: 'Providers', description: 'The catalog of provider presets' },
  { name: 'Admin', description: 'Operations on the deployment itself' },
  { name: 'Document', description: 'This document' },
];

const documentRoute = createRoute({
  method: 'get',
  path: '/v1/openapi.json',
  tags: ['Document'],
  operationId: 'getOpenApiDocument',
  summary: 'This OpenAPI 3.1 document',
  security: PUBLIC,
  responses: {
    200: json(z.looseObject({}).openapi({ description: 'An OpenAPI 3.1 document' }), 'The document'),
    ...errors(),
  },
});

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
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) {
    app.openAPIRegistry.registerComponent('headers', name, header);
  }
  app.openapi(documentRoute, (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: INFO,
        tags: TAGS,
        servers: [{ url: new URL(c.req.url).origin }],
      }),
      200,
    ),
  );
}
