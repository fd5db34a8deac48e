import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { BASE, connect, createSession, HOST_ORIGIN, newState, strictUrl } from './helpers.js';

// POST /v1/discover is no open fetch proxy: a session may ask it at most 20 times, never once it
// has connected, and only with the body it documents.

const issuer = strictUrl('/issuers/good');
const discover = (session: string, body?: BodyInit, type = 'application/x-www-form-urlencoded') =>
  SELF.fetch(`${BASE}/v1/discover`, {
    method: 'POST',
    headers: { origin: HOST_ORIGIN, accept: 'application/json', 'content-type': type },
    body: body ?? new URLSearchParams({ session_token: session, issuer }).toString(),
  });

describe('discovery limits', () => {
  it('answers a session 20 times, then 429 rate_limited', async () => {
    const session = await createSession({ tenant: 'discover-limit' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await discover(session)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await discover(session);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('refuses a session that has already connected', async () => {
    const session = await createSession({ tenant: 'discover-spent' });
    const connected = await connect(
      {
        session_token: session,
        state: newState(),
        client_id: STRICT_CLIENT.id,
        client_secret: STRICT_CLIENT.secret,
        token_url: strictUrl('/ok'),
      },
      { json: true },
    );
    expect(((await connected.json()) as { status: string }).status).toBe('connected');
    const response = await discover(session);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'session_invalid' });
  });

  it('refuses unknown JSON fields and multipart bodies by name, as every route does', async () => {
    const session = await createSession({ tenant: 'discover-bodies' });
    const unknown = await discover(
      session,
      JSON.stringify({ session_token: session, issuer, follow: 'yes' }),
      'application/json',
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error_description: 'has unknown fields: follow' });
    const form = new FormData();
    form.set('session_token', session);
    form.set('issuer', issuer);
    const multipart = await SELF.fetch(`${BASE}/v1/discover`, {
      method: 'POST',
      headers: { origin: HOST_ORIGIN, accept: 'application/json' },
      body: form,
    });
    expect(multipart.status).toBe(400);
    expect(((await multipart.json()) as { error_description: string }).error_description).toMatch(
      /the body must be a form \(application\/x-www-form-urlencoded\) or JSON, not multipart\/form-data/,
    );
  });
});
