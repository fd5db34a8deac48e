import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { BASE, HOST_ORIGIN, connect, createSession, eventually, newState, strictCount, strictUrl } from './helpers.js';

const result = (state: string, session: string | null, origin: string | null = HOST_ORIGIN) =>
  SELF.fetch(`${BASE}/v1/connect/result?state=${state}`, {
    headers: { ...(session ? { authorization: `Bearer ${session}` } : {}), ...(origin ? { origin } : {}) },
  });

const fields = (session: string, state: string, path: string) => ({
  session_token: session,
  state,
  client_id: STRICT_CLIENT.id,
  client_secret: STRICT_CLIENT.secret,
  token_url: strictUrl(path),
});

describe('GET /v1/connect/result', () => {
  it('reports the same message the popup posted once connected', async () => {
    const session = await createSession();
    const state = newState();
    const posted = await (await connect(fields(session, state, '/ok'), { json: true })).json();
    const response = await result(state, session);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(await response.json()).toEqual(posted);
  });

  it('answers pending while the exchange is in flight, then the failure', async () => {
    const session = await createSession();
    const state = newState();
    // The provider holds its answer until released, then answers an HTML 500.
    const inFlight = connect(fields(session, state, '/hold/result-pending?then=html-500'), { json: true });
    await eventually(async () => expect(await strictCount('/hold/result-pending')).toBe(1));
    const pending = await result(state, session);
    expect(pending.status).toBe(200);
    expect(await pending.json()).toEqual({ status: 'pending' });
    await fetch(strictUrl('/__release/result-pending'));
    await (await inFlight).body?.cancel();
    expect(await (await result(state, session)).json()).toMatchObject({
      status: 'failed',
      error: { code: 'provider_unavailable' },
    });
  });

  it('reveals nothing about an unknown state or another session\u2019s state', async () => {
    const mine = await createSession();
    const theirs = await createSession({ tenant: 'other' });
    const theirState = newState();
    await connect(fields(theirs, theirState, '/ok'), { json: true });
    const unknown = await result(newState(), mine);
    const other = await result(theirState, mine);
    expect(unknown.status).toBe(404);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual(await unknown.json());
  });

  it('needs a valid session token from the session origin', async () => {
    const session = await createSession();
    expect((await result(newState(), null)).status).toBe(401);
    expect(await (await result(newState(), `${session}x`)).json()).toMatchObject({ error: 'session_invalid' });
    expect((await result(newState(), session, 'https://evil.example')).status).toBe(403);
  });

  it('answers the CORS preflight for the Authorization header', async () => {
    const response = await SELF.fetch(`${BASE}/v1/connect/result?state=x`, {
      method: 'OPTIONS',
      headers: {
        origin: HOST_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});
