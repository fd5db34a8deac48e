import { SELF } from 'cloudflare:test';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, decodeBase64Url } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { wireChecker } from '../support/openapi-wire.mjs';
import { ADMIN, BASE, HOST_ORIGIN } from './helpers.js';
import type { components, paths } from './openapi-types.js';
import { wireCheckCounts } from './wire-check.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// GET /v1/openapi.json is generated from the schemas that validate the routes (issue 13): it
// lists exactly the routes the Worker answers, and every answer each gives (issue 18): every
// answer of this suite is checked against it (wire-check.ts). It is valid OpenAPI 3.1
// (@readme/openapi-parser, test/e2e/api.test.mjs) and passes Redocly's recommended rules
// (test/tools/openapi-lint.test.mjs), which run in Node.

interface Answer {
  description: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, { schema: { $ref?: string } }>;
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, Answer>;
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    securitySchemes: Record<string, { type: string; scheme: string }>;
  };
}

const document = async () => (await (await SELF.fetch(`${BASE}/v1/openapi.json`)).json()) as Document;

describe('GET /v1/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every /v1 route the app answers, and nothing else', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const answered = app.routes
      .filter((route) => route.path.startsWith('/v1/') && !['ALL', 'OPTIONS'].includes(route.method))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(answered).size).toBeGreaterThanOrEqual(15);
    expect([...new Set(documented)].sort()).toEqual([...new Set(answered)].sort());
  });

  it('names every error code of protocol/ as an enum, and both ways to authenticate', async () => {
    const doc = await document();
    expect(doc.components.schemas.Error!.properties!.error!.enum).toEqual([...ALL_ERROR_CODES]);
    expect(doc.components.securitySchemes).toMatchObject({
      AdminKey: { type: 'http', scheme: 'bearer' },
      SessionToken: { type: 'http', scheme: 'bearer' },
    });
    expect(doc.paths['/v1/connections/{id}/token']!.get!.security).toEqual([{ AdminKey: [] }]);
    expect(doc.paths['/v1/connect/result']!.get!.security).toEqual([{ SessionToken: [] }]);
  });

  it('validates with the same schemas it documents: a misspelt session field is refused by name', async () => {
    const response = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', origin: 'https://app.example.com', scope: ['typo'] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'has unknown fields: scope' });
  });

  it('refuses every AdminKey operation without the key, and any other path under their mounts alike', async () => {
    const doc = await document();
    const guarded = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => JSON.stringify(operation.security) === JSON.stringify([{ AdminKey: [] }]))
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x') })),
    );
    // Unknown methods and paths under the admin surface: without the key nothing tells them apart.
    guarded.push(
      { method: 'PATCH', path: '/v1/connections/x/token' },
      { method: 'GET', path: '/v1/connections/x/nothing-here' },
      { method: 'DELETE', path: '/v1/admin/anything' },
    );
    expect(guarded.length).toBeGreaterThanOrEqual(12);
    for (const { method, path } of guarded) {
      const response = await SELF.fetch(`${BASE}${path}?tenant=acme`, {
        method,
        headers: { authorization: 'Bearer nope' },
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oauth-cc-connect"');
    }
    const unknown = await SELF.fetch(`${BASE}/v1/connections/x/nothing-here`, {
      headers: { authorization: 'Bearer dev-admin-key' },
    });
    expect(unknown.status).toBe(404);
  });
});

/** Every operation of the document as `METHOD path`. */
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

describe('what the document says of each operation', () => {
  it('names each with a stable operationId and says how it is authenticated', async () => {
    const doc = await document();
    const said = Object.fromEntries(
      operations(doc).map(({ name, operation }) => [
        name,
        `${operation.operationId} ${Object.keys(operation.security?.[0] ?? { public: [] }).join()}`,
      ]),
    );
    expect(said).toEqual({
      'POST /v1/sessions': 'createSession AdminKey',
      'POST /v1/connect': 'connect public',
      'GET /v1/connect/result': 'readConnectResult SessionToken',
      'GET /v1/connections': 'listConnections AdminKey',
      'GET /v1/connections/{id}': 'getConnection AdminKey',
      'GET /v1/connections/{id}/token': 'getConnectionToken AdminKey',
      'POST /v1/connections/{id}/check': 'checkConnection AdminKey',
      'DELETE /v1/connections/{id}': 'deleteConnection AdminKey',
      'GET /v1/events': 'listEvents AdminKey',
      'POST /v1/discover': 'discoverIssuer public',
      'POST /v1/keys': 'createKey AdminKey',
      'GET /v1/keys': 'listKeys AdminKey',
      'DELETE /v1/keys/{kid}': 'withdrawKey AdminKey',
      'GET /v1/jwks/{tenant}': 'getJwks public',
      'GET /v1/certificates/{tenant}/{kid}': 'getCertificate public',
      'GET /v1/providers': 'listProviders public',
      'POST /v1/admin/reseal': 'resealPage AdminKey',
      'GET /v1/openapi.json': 'getOpenApiDocument public',
    });
    // Public routes say so (`security: []`), rather than leaving it unsaid.
    for (const { operation } of operations(doc)) expect(operation.security).toBeDefined();
  });

  it('documents the answers every route can give: 413 before the body is read, 500, X-Request-Id on each', async () => {
    const doc = await document();
    const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    for (const { name, operation } of operations(doc)) {
      expect({ name, 413: operation.responses['413']?.content }).toEqual({ name, 413: error });
      expect(Object.keys(operation.responses['500']?.content ?? {}), name).toContain('application/json');
      for (const [status, answer] of Object.entries(operation.responses)) {
        expect({ name, status, header: answer.headers?.['X-Request-Id'] }).toEqual({
          name,
          status,
          header: { $ref: '#/components/headers/RequestId' },
        });
      }
      // The admin key's refusal names its scheme (RFC 6750 §3).
      if (operation.security?.[0]?.AdminKey) {
        expect(operation.responses['401']!.headers!['WWW-Authenticate'], name).toEqual({
          $ref: '#/components/headers/BearerChallenge',
        });
      }
    }
    const token = doc.paths['/v1/connections/{id}/token']!.get!.responses['503']!;
    expect(token.headers!['Retry-After']).toMatchObject({ required: true });
    // The connect route answers its page or its message; a body too large is refused before it is read, as JSON.
    const connect = doc.paths['/v1/connect']!.post!.responses;
    for (const status of ['200', '400', '401', '403', '409', '429', '500', '502', '504']) {
      expect(Object.keys(connect[status]!.content!).sort(), status).toEqual(['application/json', 'text/html']);
    }
  });

  it('says Probe.method defaults to GET without a JSON Schema default, so generated clients need not send it', async () => {
    const doc = await document();
    const probe = doc.components.schemas.Probe as { required: string[]; properties: Record<string, object> };
    expect(probe.required).toEqual(['url']);
    expect(probe.properties.method).not.toHaveProperty('default');
    expect(probe.properties.method).toMatchObject({ description: 'GET when absent' });
  });
});

describe('a client generated from the document (openapi-typescript, openapi-fetch)', () => {
  const client = createClient<paths>({ baseUrl: BASE, fetch: (request) => SELF.fetch(request) });

  it('creates a session with a probe that names no method, and reads answers of the documented types', async () => {
    // This compiles only because the generated types leave Probe.method optional.
    const created = await client.POST('/v1/sessions', {
      headers: ADMIN,
      body: { tenant: 'typed', origin: HOST_ORIGIN, probe: { url: 'https://api.example.com/me' } },
    });
    expect(created.response.status).toBe(201);
    // The Worker filled in the method the client left out.
    const claims = JSON.parse(new TextDecoder().decode(decodeBase64Url(created.data!.token.split('.')[0]!)));
    expect(claims.probe).toEqual({ url: 'https://api.example.com/me', method: 'GET' });

    const listed = await client.GET('/v1/connections', { headers: ADMIN, params: { query: { tenant: 'typed' } } });
    expect(listed.data!.connections).toEqual([]);

    const missing = await client.GET('/v1/connections/{id}', {
      headers: ADMIN,
      params: { path: { id: 'conn_AAAAAAAAAAAAAAAAAAAAAA' }, query: { tenant: 'typed' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error!.error).toBe('not_found');

    const jwks = await client.GET('/v1/jwks/{tenant}', { params: { path: { tenant: 'typed' } } });
    expect(jwks.data!.keys).toEqual([]);
  });

  it('refuses at compile time what the Worker refuses at run time', async () => {
    // @ts-expect-error -- `scope` is no field of CreateSessionInput (it is `scopes`).
    const typo: components['schemas']['CreateSessionInput'] = { tenant: 'typed', origin: HOST_ORIGIN, scope: ['x'] };
    const refused = await client.POST('/v1/sessions', { headers: ADMIN, body: typo });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ error: 'invalid_request', error_description: 'has unknown fields: scope' });
  });
});

describe('the wire check (wire-check.ts): every answer the suite receives, against the document', () => {
  it('has compared the answers of the tests above with the document', () => {
    // As each test ends (wire-check.ts): the refusals of every admin route above among them.
    expect(wireCheckCounts.checked).toBeGreaterThanOrEqual(20);
  });

  it('tells every way an answer can differ from the document', async () => {
    const doc = await document();
    const check = wireChecker(doc).check;
    const headers = { 'content-type': 'application/json', 'x-request-id': 'req_1' };
    const token = { access_token: 't', token_type: 'Bearer', expires_at: 1, scope: '', values: {} };
    const answer = {
      method: 'GET',
      url: '/v1/connections/conn_1/token',
      status: 200,
      headers,
      body: JSON.stringify(token),
    };
    expect(check(answer)).toEqual([]);
    expect(check({ ...answer, url: '/v1/nowhere' })).toBeNull();
    // Read as the runtime reads a request line: this is GET /v1/, an unknown route.
    expect(check({ ...answer, url: '/v1/jwks/..' })).toBeNull();
    const where = 'GET /v1/connections/{id}/token';
    expect(check({ ...answer, status: 418 })).toEqual([
      `${where} → 418: status not documented (documented: 200, 400, 401, 404, 409, 413, 500, 503)`,
    ]);
    expect(check({ ...answer, headers: { ...headers, 'content-type': 'text/html' } })).toEqual([
      `${where} → 200: content type text/html not documented (documented: application/json)`,
    ]);
    expect(check({ ...answer, body: JSON.stringify({ ...token, expires_at: null, extra: 1 }) })).toEqual([
      `${where} → 200: body/expires_at must be integer`,
      `${where} → 200: body must NOT have unevaluated properties: extra`,
    ]);
    expect(check({ ...answer, headers: { 'content-type': 'application/json' } })).toEqual([
      `${where} → 200: header x-request-id is documented as required but was not sent`,
    ]);
    expect(check({ ...answer, headers: { ...headers, 'retry-after': '5' } })).toEqual([
      `${where} → 200: header retry-after sent, not documented`,
    ]);
    const failing = { error: 'provider_unavailable', error_description: 'Try again.' };
    expect(check({ ...answer, status: 503, body: JSON.stringify(failing) })).toEqual([
      `${where} → 503: header retry-after is documented as required but was not sent`,
    ]);
    const deleted = { method: 'DELETE', url: '/v1/connections/conn_1', status: 204, headers: { 'x-request-id': 'r' } };
    expect(check({ ...deleted, body: '' })).toEqual([]);
    expect(check({ ...deleted, body: 'gone' })).toEqual([
      'DELETE /v1/connections/{id} → 204: a body was sent (no content type), none is documented',
    ]);
  });
});
