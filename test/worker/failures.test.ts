import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../worker/app.js';
import { ADMIN, BASE } from './helpers.js';
import { faultyDb } from './faulty-db.js';

// The one failure type: our own fault answers 500 server_error with the request's id, and its log
// line says what went wrong and where (name, message, first stack frame, cause), never a secret.

const app = createApp();
afterEach(() => vi.restoreAllMocks());

describe('our own fault', () => {
  it('answers 500 server_error, and logs name, message, first frame and the request id', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const response = await app.request(
      `${BASE}/v1/connections?tenant=acme`,
      { headers: ADMIN },
      { ...env, DB: faultyDb(env.DB, /FROM connections/) },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: 'server_error',
      error_description: 'Something went wrong on our side. Try again in a moment.',
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^req_[A-Za-z0-9_-]{12}$/);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!) as {
      event: string;
      requestId: string;
      error: { name: string; message: string; at: string };
    };
    expect(logged.event).toBe('unexpected');
    expect(logged.requestId).toBe(requestId);
    expect(logged.error.name).toBe('Error');
    expect(logged.error.message).toMatch(/D1_ERROR: injected failure/);
    expect(logged.error.at).toMatch(/^at .*faulty-db/);
    expect(lines[0]).not.toMatch(/dev-admin-key|ENCRYPTION|client_secret/);
  });

  it('answers our refusals as they are, logging nothing', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await app.request(`${BASE}/v1/connections?tenant=`, { headers: ADMIN }, env);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(spy).not.toHaveBeenCalled();
  });
});
