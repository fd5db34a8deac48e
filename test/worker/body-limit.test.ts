import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ADMIN, BASE, HOST_ORIGIN, jsonError } from './helpers.js';

// Every route has a body limit (64 KiB → 413 payload_too_large), checked before the body is read.

describe('request bodies are limited before they are read', () => {
  const big = 'a='.concat('x'.repeat(100 * 1024));
  const routes: [string, string, Record<string, string>][] = [
    ['POST', '/v1/connect', { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN }],
    ['POST', '/v1/sessions', { ...ADMIN, 'content-type': 'application/json' }],
    ['POST', '/sandbox/sessions', { 'content-type': 'application/json' }],
    ['POST', '/sandbox/token', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['DELETE', '/v1/connections/conn_AAAAAAAAAAAAAAAAAAAAAA?tenant=acme', ADMIN],
    ['POST', '/no/such/route', {}],
  ];

  it.each(routes)('%s %s answers 413 payload_too_large for a 100 KiB body', async (method, path, headers) => {
    const response = await SELF.fetch(`${BASE}${path}`, { method, headers, body: big });
    expect(response.status).toBe(413);
    expect(await jsonError(response)).toMatchObject({ error: 'payload_too_large' });
  });

  it('also when the body streams in without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await SELF.fetch(`${BASE}/v1/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
      body,
    });
    expect(response.status).toBe(413);
  });
});
