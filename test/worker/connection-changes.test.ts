import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { ADMIN, BASE, connect, createSession, newState, strictCounts, strictUrl } from './helpers.js';

// A connection changes only when the host says so, every outbound call passes the URL policy in
// force at the time, and a connection's token refreshes and checks take turns in one slot.

const app = createApp();
const count = async (path: string) => (await strictCounts())[path] ?? 0;

interface View {
  id: string;
  scopes: string[];
  params: Record<string, unknown>;
  probe: unknown;
  status: string;
  last_error: string | null;
}

async function connectWith(session: string, fields: Record<string, string> = {}) {
  const response = await connect(
    {
      session_token: session,
      state: newState(),
      client_id: STRICT_CLIENT.id,
      client_secret: STRICT_CLIENT.secret,
      ...fields,
    },
    { json: true },
  );
  return (await response.json()) as { status: string; connectionId: string };
}

const view = async (tenant: string, id: string) =>
  (await (await SELF.fetch(`${BASE}/v1/connections/${id}?tenant=${tenant}`, { headers: ADMIN })).json()) as View;

describe('a connection changes only when the host says so', () => {
  it('a plain session for the same client makes a new connection, the first keeps its scopes, locks and probe', async () => {
    const tenant = 'plain-session';
    const probe = { url: strictUrl('/api/ok') };
    const first = await connectWith(
      await createSession({
        tenant,
        tokenUrl: strictUrl('/ok'),
        scopes: ['read'],
        locked: ['tokenUrl', 'scopes'],
        probe,
      }),
    );
    const second = await connectWith(
      await createSession({
        tenant,
        tokenUrl: strictUrl('/ok'),
        scopes: ['admin'],
        params: { audience: 'https://api.example.com' },
      }),
    );
    expect(second.connectionId).not.toBe(first.connectionId);
    const kept = await view(tenant, first.connectionId);
    expect(kept.scopes).toEqual(['read']);
    expect(kept.params).toEqual({});
    expect(kept.probe).toMatchObject({ url: probe.url });
    // A reconnect session is what changes it, under its locks.
    const reconnected = await connectWith(await createSession({ tenant, connectionId: first.connectionId }), {
      scope: 'admin',
    });
    expect(reconnected.connectionId).toBe(first.connectionId);
    expect((await view(tenant, first.connectionId)).scopes).toEqual(['read']);
  });
});

describe('the URL policy in force, on every outbound call', () => {
  it('a check does not send a fresh token to a probe host the allowlist no longer names', async () => {
    const tenant = 'tightened';
    // The probe on another loopback name than the token URL, so an allowlist can tell them apart.
    const probeUrl = strictUrl('/api/ok').replace('127.0.0.1', 'localhost');
    const { connectionId } = await connectWith(
      await createSession({ tenant, tokenUrl: strictUrl('/ok'), probe: { url: probeUrl } }),
    );
    const before = await count('/api/ok');
    const tightened = { ...env, TOKEN_URL_ALLOWED_HOSTS: '127.0.0.1' };
    const check = await app.request(
      `${BASE}/v1/connections/${connectionId}/check?tenant=${tenant}`,
      { method: 'POST', headers: ADMIN },
      tightened,
    );
    expect(check.status).toBe(200);
    const checked = (await check.json()) as View;
    expect([checked.status, checked.last_error]).toEqual(['broken', 'token_url_not_allowed']);
    expect(await count('/api/ok')).toBe(before);
  });
});

describe("a connection's refreshes and checks", () => {
  it('take turns in one slot: a check and token calls on a failing connection tell its recovery once', async () => {
    const tenant = 'one-slot';
    const { connectionId } = await connectWith(await createSession({ tenant, tokenUrl: strictUrl('/slow-ok?ms=300') }));
    // Refresh failing, its back-off over and its token expired: the next token call and a check
    // both exchange, and the first to succeed recovers it.
    await env.DB.prepare(
      `UPDATE connections SET issued_at = issued_at - 7200, expires_at = ?2, last_error = 'provider_unavailable',
       last_error_message = 'down', retry_not_before = ?2 WHERE id = ?1`,
    )
      .bind(connectionId, Math.floor(Date.now() / 1000) - 1)
      .run();
    const before = await count('/slow-ok');
    const token = () => SELF.fetch(`${BASE}/v1/connections/${connectionId}/token?tenant=${tenant}`, { headers: ADMIN });
    const [check, ...tokens] = await Promise.all([
      SELF.fetch(`${BASE}/v1/connections/${connectionId}/check?tenant=${tenant}`, { method: 'POST', headers: ADMIN }),
      token(),
      token(),
      token(),
    ]);
    expect([check.status, ...tokens.map((t) => t.status)]).toEqual([200, 200, 200, 200]);
    // Token calls join whatever is in flight; a check joins only a check and otherwise waits its
    // turn: one or two exchanges, never at once, so the recovery is told once (two slots, each
    // deciding from the same failing row, told it twice).
    expect((await count('/slow-ok')) - before).toBeGreaterThanOrEqual(1);
    expect((await count('/slow-ok')) - before).toBeLessThanOrEqual(2);
    const events = (await (
      await SELF.fetch(`${BASE}/v1/events?tenant=${tenant}&connection_id=${connectionId}`, { headers: ADMIN })
    ).json()) as { events: { type: string }[] };
    expect(events.events.map((e) => e.type)).toEqual(['connection.recovered', 'connection.created']);
  });
});
