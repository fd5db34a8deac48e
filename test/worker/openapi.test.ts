import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { BASE } from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// GET /v1/openapi.json is generated from the schemas that validate the routes (issue 13): it
// lists exactly the routes the Worker answers. (Its validity as OpenAPI 3.1 is checked with an
// OpenAPI parser in test/e2e/openapi.test.mjs, which runs in Node.)

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
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
