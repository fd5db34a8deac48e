import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.js';
import { faultyDb } from './faulty-db.js';
import { ADMIN, BASE, strictCount } from './helpers.js';
import { storeConnection, strictInput } from './stored-connections.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// The token API's per-isolate cache (issue 12): what it serves, and what it must not.

/** D1 failing every read of a connection: only the isolate's memory can answer. */
const noReads = () => ({ ...env, DB: faultyDb(env.DB, /FROM connections/) });

const token = (id: string, tenant: string, environment: Env = env, query = '') =>
  app.request(`${BASE}/v1/connections/${id}/token?tenant=${tenant}${query}`, { headers: ADMIN }, environment);

const store = (tenant: string, accessToken: string, path = '/ok') =>
  storeConnection(strictInput(tenant, path, { accessToken }), env.ENCRYPTION_KEYS!, 3600);

describe('token cache', () => {
  it('serves a fresh token again without reading D1', async () => {
    const { id } = await store('cache-hit', 'cached-token');
    expect((await token(id, 'cache-hit')).status).toBe(200);
    const again = await token(id, 'cache-hit', noReads());
    expect(again.status).toBe(200);
    expect(((await again.json()) as { access_token: string }).access_token).toBe('cached-token');
  });

  it('never serves another tenant from the cache', async () => {
    const { id } = await store('cache-owner', 'owned-token');
    await token(id, 'cache-owner');
    const other = await token(id, 'cache-intruder');
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('owned-token');
  });

  it('a delete in this isolate evicts at once', async () => {
    const { id } = await store('cache-delete', 'doomed-token');
    await token(id, 'cache-delete');
    const deleted = await app.request(
      `${BASE}/v1/connections/${id}?tenant=cache-delete`,
      { method: 'DELETE', headers: ADMIN },
      env,
    );
    expect(deleted.status).toBe(204);
    expect((await token(id, 'cache-delete')).status).toBe(404);
  });

  it('force=1 looks at the row and the provider, never at the cache', async () => {
    const { id } = await store('cache-force', 'refused-token', '/ok');
    await token(id, 'cache-force');
    await env.DB.prepare('UPDATE connections SET issued_at = issued_at - 60 WHERE id = ?').bind(id).run();
    const before = await strictCount('/ok');
    const forced = await token(id, 'cache-force', env, '&force=1');
    expect(((await forced.json()) as { access_token: string }).access_token).toBe('strict-access-token');
    expect((await strictCount('/ok')) - before).toBe(1);
  });
});
