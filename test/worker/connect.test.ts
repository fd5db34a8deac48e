import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readUnverifiedClaims, type SessionClaims } from '../../protocol/index.js';
import { createApp } from '../../worker/app.js';
import { nowSeconds } from '../../worker/common/clock.js';
import { maintain } from '../../worker/maintenance.js';
import { signSession } from '../../worker/sessions/session-token.js';
import { OIDC_CLIENTS, STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { faultyDb } from './faulty-db.js';
import {
  BASE,
  HOST_ORIGIN,
  connect,
  createSession,
  expectNoSecretsLogged,
  leaksStrictSecret,
  newState,
  oidcTokenUrl,
  productionEnv,
  strictCount,
  strictCounts,
  strictFields,
  strictLastRequest,
  strictUrl,
} from './helpers.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

expectNoSecretsLogged(STRICT_CLIENT.secret, OIDC_CLIENTS.basic.secret, OIDC_CLIENTS.post.secret, 'strict-access-token');

interface PageData {
  message: { status: string; state: string; connectionId?: string; error?: { code: string; message: string } } | null;
  targetOrigin: string | null;
  closeAfter: number | null;
}

/** The data block the completion page's script posts to the opener. */
function pageData(html: string): PageData {
  const match = html.match(/<script type="application\/json" id="oauth-cc-data">([\s\S]*?)<\/script>/);
  if (!match) throw new Error('no data block in the page');
  return JSON.parse(match[1]!) as PageData;
}

describe('POST /v1/connect against a real OAuth server', () => {
  it('answers Authorization Complete and posts the result to the session origin only', async () => {
    const session = await createSession({
      tokenUrl: oidcTokenUrl(),
      scopes: ['api:read'],
      locked: ['tokenUrl', 'scopes'],
    });
    const state = newState();
    const response = await connect({
      session_token: session,
      state,
      client_id: OIDC_CLIENTS.basic.id,
      client_secret: OIDC_CLIENTS.basic.secret,
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<title>Authorization Complete</title>');
    expect(html).toContain('role="status"');
    const data = pageData(html);
    expect(data.targetOrigin).toBe(HOST_ORIGIN);
    expect(data.message).toMatchObject({
      v: 1,
      type: 'oauth-cc:result',
      state,
      status: 'connected',
      scopes: ['api:read'],
    });
    expect(data.message?.connectionId).toMatch(/^conn_/);
    expect(html).not.toContain(OIDC_CLIENTS.basic.secret);
    expect(html).not.toContain("'*'");
  });

  it('connects a client that authenticates in the body', async () => {
    const session = await createSession({ tokenUrl: oidcTokenUrl(), authMethod: 'client_secret_post' });
    const response = await connect({
      session_token: session,
      state: newState(),
      client_id: OIDC_CLIENTS.post.id,
      client_secret: OIDC_CLIENTS.post.secret,
    });
    expect(pageData(await response.text()).message?.status).toBe('connected');
  });

  it('answers Authorization Failed with the invalid_client advice for a wrong secret', async () => {
    const session = await createSession({ tokenUrl: oidcTokenUrl() });
    const response = await connect({
      session_token: session,
      state: newState(),
      client_id: OIDC_CLIENTS.basic.id,
      client_secret: 'not-the-secret',
    });
    const html = await response.text();
    expect(html).toContain('<title>Authorization Failed</title>');
    expect(html).toContain('Basic');
    expect(pageData(html).message?.error?.code).toBe('invalid_client');
    expect(html).not.toContain('not-the-secret');
  });

  it('sends the headers a popup page needs, and never Cross-Origin-Opener-Policy', async () => {
    const session = await createSession();
    const response = await connect(strictFields(session, '/ok'));
    const html = await response.text();
    expect(response.headers.has('cross-origin-opener-policy')).toBe(false);
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = csp.match(/script-src 'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // Neither the secret nor the access token the provider issued reaches the page.
    expect(html).not.toContain(STRICT_CLIENT.secret);
    expect(html).not.toContain('strict-access-token');
  });

  it('renders a hostile error_description inert', async () => {
    const session = await createSession();
    const hostile = '</script><img src=x onerror=alert(1)>';
    const response = await connect(
      strictFields(session, `/error/invalid_request?description=${encodeURIComponent(hostile)}`),
    );
    const html = await response.text();
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<\/script><img/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(pageData(html).message?.error?.message).toContain(hostile);
  });

  it.each(['plain', 'percent', 'form', 'base64', 'base64url', 'fragment'])(
    'a provider echoing the secret in %s encoding: no piece of it reaches the page, the result route nor storage',
    async (encoding) => {
      const session = await createSession();
      const fields = strictFields(session, `/echo/${encoding}`);
      const page = await (await connect(fields)).text();
      expect(page).toContain('Authorization Failed');
      expect(page).toContain('invalid_client');
      expect(leaksStrictSecret(page)).toBe(false);
      const result = await SELF.fetch(`${BASE}/v1/connect/result?state=${fields.state}`, {
        headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
      });
      expect(leaksStrictSecret(await result.text())).toBe(false);
      const stored = await env.DB.prepare('SELECT error_message FROM connect_attempts WHERE state = ?')
        .bind(fields.state)
        .first<{ error_message: string }>();
      expect(stored?.error_message).toBeTruthy();
      expect(leaksStrictSecret(stored!.error_message)).toBe(false);
    },
  );

  it('passes close_after to the page: 0 closes at once, absent stays open', async () => {
    const session = await createSession();
    expect(
      pageData(await (await connect(strictFields(session, '/error/invalid_scope', { close_after: '0' }))).text())
        .closeAfter,
    ).toBe(0);
    expect(
      pageData(await (await connect(strictFields(session, '/error/invalid_scope', { close_after: '5' }))).text())
        .closeAfter,
    ).toBe(5);
    expect(pageData(await (await connect(strictFields(session, '/error/invalid_scope'))).text()).closeAfter).toBeNull();
  });
});

describe('field limits', () => {
  it.each([
    ['a scope token over 256 characters', { scope: 'a'.repeat(257) }],
    ['a scope field over 4 KiB', { scope: Array.from({ length: 50 }, (_, i) => `s${i}`.padEnd(90, 'x')).join(' ') }],
    ['a client id over 1 KiB', { client_id: 'i'.repeat(1025) }],
    ['a client secret over 8 KiB', { client_secret: 's'.repeat(8193) }],
    ['an audience over 2 KiB', { audience: 'a'.repeat(2049) }],
    ['a resource over 2 KiB', { resource: `https://api.example.com/${'r'.repeat(2040)}` }],
  ])('refuses %s with invalid_request and never forwards it', async (_, extra) => {
    const session = await createSession();
    const before = await strictCount('/ok');
    const response = await connect(strictFields(session, '/ok', extra), { json: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(await strictCount('/ok')).toBe(before);
  });

  it('forwards fields at their limits', async () => {
    const session = await createSession();
    const before = await strictCount('/ok');
    const fields = strictFields(session, '/ok', {
      scope: Array.from({ length: 15 }, (_, i) => `${i}`.padEnd(256, 's')).join(' '),
      client_id: 'i'.repeat(1024),
      client_secret: 's'.repeat(8192),
      audience: 'a'.repeat(2048),
    });
    const response = await connect(fields, { json: true });
    expect(((await response.json()) as { status: string }).status).toBe('connected');
    expect((await strictCount('/ok')) - before).toBe(1);
  });
});

describe('sessions and origins', () => {
  const expectFailure = async (response: Response, code: string, targetOrigin: string | null) => {
    const html = await response.text();
    expect(html).toContain('Authorization Failed');
    const data = pageData(html);
    expect(data.message?.error?.code).toBe(code);
    expect(data.targetOrigin).toBe(targetOrigin);
  };

  it('refuses a missing session', async () => {
    const fields = strictFields('', '/ok');
    await expectFailure(await connect(fields), 'session_invalid', null);
  });

  it('refuses a forged session (claims changed after signing)', async () => {
    const session = await createSession();
    const [payload, signature] = session.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as SessionClaims;
    const forged = btoa(JSON.stringify({ ...claims, tenant: 'someone-else' }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const before = await strictCount('/ok');
    await expectFailure(await connect(strictFields(`${forged}.${signature}`, '/ok')), 'session_invalid', null);
    expect(await strictCount('/ok')).toBe(before);
  });

  it('refuses an expired session, telling the trusted origin why', async () => {
    const claims = readUnverifiedClaims(await createSession())!;
    const expired = await signSession(
      { ...claims, iat: claims.iat - 700, exp: claims.iat - 100 },
      'dev-session-signing-key-do-not-deploy',
    );
    const response = await connect(strictFields(expired, '/ok'));
    expect(response.status).toBe(401);
    await expectFailure(response, 'session_expired', HOST_ORIGIN);
  });

  it('makes a session unusable after one successful connect', async () => {
    const session = await createSession();
    expect(pageData(await (await connect(strictFields(session, '/ok'))).text()).message?.status).toBe('connected');
    await expectFailure(await connect(strictFields(session, '/ok')), 'session_invalid', HOST_ORIGIN);
  });

  it.each([
    ['another origin', 'https://evil.example'],
    ['an opaque origin', 'null'],
    ['no Origin header', null],
  ])('refuses %s without posting anything', async (_, origin) => {
    const session = await createSession();
    const response = await connect(strictFields(session, '/ok'), { origin });
    expect(response.status).toBe(403);
    await expectFailure(response, 'origin_not_allowed', null);
  });

  it('caps attempts per session at 5, then rate_limited', async () => {
    const session = await createSession();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const data = pageData(await (await connect(strictFields(session, '/error/invalid_client'))).text());
      expect(data.message?.error?.code).toBe('invalid_client');
    }
    const before = await strictCount('/ok');
    const response = await connect(strictFields(session, '/ok'));
    expect(response.status).toBe(429);
    await expectFailure(response, 'rate_limited', HOST_ORIGIN);
    expect(await strictCount('/ok')).toBe(before);
  });

  it('refuses a missing or reused state', async () => {
    const session = await createSession();
    const noState = await connect({ ...strictFields(session, '/ok'), state: 'short' });
    expect(noState.status).toBe(400);
    const page = await noState.text();
    expect(pageData(page).message).toBeNull();
    // Nothing is posted without a state, but the page still names the code, as every error does.
    expect(page).toContain('Error code: <code>invalid_request</code>');
    const fields = strictFields(session, '/error/invalid_scope');
    await connect(fields);
    await expectFailure(await connect(fields), 'invalid_request', HOST_ORIGIN);
  });

  it('of five parallel attempts with one session, one reaches the provider; the others are told why', async () => {
    const session = await createSession();
    const before = await strictCount('/slow-ok');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => connect(strictFields(session, '/slow-ok'), { json: true })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      status: string;
      error?: { code: string };
    }[];
    expect(bodies.filter((b) => b.status === 'connected')).toHaveLength(1);
    const refused = bodies.filter((b) => b.status !== 'connected');
    expect(refused.map((b) => b.error?.code)).toEqual(Array(4).fill('rate_limited'));
    expect(responses.filter((r) => r.status === 429)).toHaveLength(4);
    expect((await strictCount('/slow-ok')) - before).toBe(1);
  });

  it('admits the next attempt of a session once the one before has failed', async () => {
    const session = await createSession();
    const first = await connect(strictFields(session, '/basic-only', { client_secret: 'wrong' }), { json: true });
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('invalid_client');
    const second = await connect(strictFields(session, '/basic-only'), { json: true });
    expect(((await second.json()) as { status: string }).status).toBe('connected');
  });

  it('the scheduled maintenance prunes expired sessions’ counters and lapsed attempts', async () => {
    await env.DB.prepare("INSERT INTO session_uses (sid, attempts, expires_at) VALUES ('ancient', 1, 1000)").run();
    await env.DB.prepare(
      "INSERT INTO connect_attempts (sid, state, status, created_at, expires_at) VALUES ('ancient', 'old', 'failed', 1, 1000)",
    ).run();
    await maintain(env, nowSeconds());
    expect(await env.DB.prepare("SELECT sid FROM session_uses WHERE sid = 'ancient'").first()).toBeNull();
    expect(await env.DB.prepare("SELECT sid FROM connect_attempts WHERE sid = 'ancient'").first()).toBeNull();
  });

  it('a state is unique per session, not across sessions', async () => {
    const state = newState();
    const a = await connect({ ...strictFields(await createSession(), '/ok'), state }, { json: true });
    const b = await connect({ ...strictFields(await createSession(), '/ok'), state }, { json: true });
    expect(((await a.json()) as { status: string }).status).toBe('connected');
    expect(((await b.json()) as { status: string }).status).toBe('connected');
  });
});

describe('locked values and the token URL policy', () => {
  it('uses the locked token URL whatever the form says', async () => {
    const session = await createSession({ tokenUrl: strictUrl('/ok'), locked: ['tokenUrl'] });
    const before = await strictCount('/ok');
    const response = await connect(strictFields(session, '/error/invalid_client'));
    expect(pageData(await response.text()).message?.status).toBe('connected');
    expect(await strictCount('/ok')).toBe(before + 1);
  });

  it.each([
    'http://auth.example.com/token',
    'https://127.0.0.1/token',
    'https://[::1]/token',
    'https://2130706433/token',
    'https://u:p@auth.example.com/token',
    'https://auth.example.com:8443/token',
    'https://metadata.google.internal/computeMetadata/v1/token',
    'ftp://auth.example.com/token',
    strictUrl('/ok'),
  ])('a production deployment rejects %s with token_url_not_allowed before any upstream call', async (tokenUrl) => {
    const deployed = productionEnv();
    const minted = await app.request(
      'https://connect.example.com/v1/sessions',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${deployed.ADMIN_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', origin: 'https://app.example.com' }),
      },
      deployed,
    );
    const { token: session } = (await minted.json()) as { token: string };
    const before = await strictCounts();
    const response = await app.request(
      'https://connect.example.com/v1/connect',
      {
        method: 'POST',
        headers: { origin: 'https://app.example.com', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...strictFields(session, '/ok'), token_url: tokenUrl }).toString(),
      },
      deployed,
    );
    expect(response.status).toBe(400);
    expect(pageData(await response.text()).message?.error?.code).toBe('token_url_not_allowed');
    expect(await strictCounts()).toEqual(before);
  });

  it('keeps the session’s scope separator when the person edits audience or resource', async () => {
    const session = await createSession({ params: { scopeSeparator: ',' } });
    const response = await connect(
      strictFields(session, '/ok', { scope: 'read write', audience: 'https://api.example' }),
    );
    expect(pageData(await response.text()).message).toMatchObject({ status: 'connected', scopes: ['read', 'write'] });
    expect((await strictLastRequest('/ok'))?.params).toMatchObject({
      scope: 'read,write',
      audience: 'https://api.example',
    });
  });

  it('requires a client id and secret', async () => {
    const session = await createSession();
    const response = await connect({ ...strictFields(session, '/ok'), client_secret: '' });
    const data = pageData(await response.text());
    expect(data.message?.error).toMatchObject({ code: 'invalid_request' });
    expect(data.message?.error?.message).toContain('client_secret is required');
  });

  it('a development token URL written with a trailing dot works end to end', async () => {
    const session = await createSession();
    const url = new URL(strictUrl('/ok'));
    const response = await connect(
      strictFields(session, '/ok', { token_url: `http://localhost.:${url.port}${url.pathname}` }),
      { json: true },
    );
    expect(((await response.json()) as { status: string }).status).toBe('connected');
  });
});

describe('inline mode (Accept: application/json)', () => {
  it('answers the result message as JSON with CORS for the calling origin', async () => {
    const session = await createSession();
    const fields = strictFields(session, '/ok');
    const response = await connect(fields, { json: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    const body = await response.json();
    expect(body).toMatchObject({ v: 1, type: 'oauth-cc:result', state: fields.state, status: 'connected' });
    expect(JSON.stringify(body)).not.toContain(STRICT_CLIENT.secret);
    expect(JSON.stringify(body)).not.toContain('strict-access-token');
  });

  it('answers failures with the same message shape and an error status', async () => {
    const session = await createSession();
    const response = await connect(strictFields(session, '/error/invalid_scope'), { json: true });
    // The provider rejected what the person entered: theirs to fix, so a 4xx (issue 9).
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 'failed', error: { code: 'invalid_scope' } });
  });

  it('the preflight echoes neither a requested header nor Origin: null', async () => {
    const preflight = (origin: string) =>
      SELF.fetch(`${BASE}/v1/connect`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-evil' },
      });
    const evil = await preflight(HOST_ORIGIN);
    expect(evil.headers.get('access-control-allow-headers') ?? '').not.toContain('x-evil');
    const opaque = await preflight('null');
    expect(opaque.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('status codes blame the right side', () => {
  it('a provider rejecting the credentials is a 4xx, not a server error', async () => {
    const session = await createSession();
    const response = await connect(strictFields(session, '/basic-only', { client_secret: 'typo' }));
    expect(response.status).toBe(400);
  });

  it.each([
    ['/html-500', 502],
    ['/non-json', 502],
    ['/stall', 504],
  ])('a provider answering like %s is %i', async (path, status) => {
    const session = await createSession();
    expect((await connect(strictFields(session, path))).status).toBe(status);
  });
});

describe('failures on our side', () => {
  it('still ends the attempt (page and result channel) when the connection cannot be stored', async () => {
    const broken = { ...env, ENCRYPTION_KEYS: 'k1:not-a-32-byte-key' };
    const minted = await app.request(
      'http://127.0.0.1/v1/sessions',
      {
        method: 'POST',
        headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN }),
      },
      broken,
    );
    const { token: session } = (await minted.json()) as { token: string };
    const fields = strictFields(session, '/ok');
    const response = await app.request(
      'http://127.0.0.1/v1/connect',
      {
        method: 'POST',
        headers: { origin: HOST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      broken,
    );
    const html = await response.text();
    expect(response.status).toBe(500);
    expect(html).toContain('Authorization Failed');
    expect(pageData(html)).toMatchObject({
      targetOrigin: HOST_ORIGIN,
      message: { status: 'failed', error: { code: 'server_error' } },
    });
    const result = await app.request(
      `http://127.0.0.1/v1/connect/result?state=${fields.state}`,
      { headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN } },
      broken,
    );
    expect(await result.json()).toMatchObject({ status: 'failed' });
  });

  it('a failure to store the connection is our own: 500 server_error, and the attempt ends', async () => {
    const session = await createSession();
    const fields = strictFields(session, '/ok');
    const response = await app.request(
      `${BASE}/v1/connect`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: HOST_ORIGIN,
          accept: 'application/json',
        },
        body: new URLSearchParams(fields).toString(),
      },
      { ...env, DB: faultyDb(env.DB, /(INSERT INTO|UPDATE) connections/) },
    );
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('server_error');
    const attempt = await env.DB.prepare('SELECT status, error_code FROM connect_attempts WHERE state = ?')
      .bind(fields.state)
      .first();
    expect(attempt).toEqual({ status: 'failed', error_code: 'server_error' });
  });

  it('a storage failure when recording the outcome stores nothing: the page and the result route agree', async () => {
    const session = await createSession({ tenant: 'outcome-lost' });
    const fields = strictFields(session, '/ok');
    const response = await app.request(
      `${BASE}/v1/connect`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
        body: new URLSearchParams(fields).toString(),
      },
      { ...env, DB: faultyDb(env.DB, /UPDATE connect_attempts/) },
    );
    const html = await response.text();
    expect(response.status).toBe(500);
    expect(html).toContain('Authorization Failed');
    const stored = await env.DB.prepare("SELECT id FROM connections WHERE tenant = 'outcome-lost'").all();
    expect(stored.results).toEqual([]);
    const result = await SELF.fetch(`${BASE}/v1/connect/result?state=${fields.state}`, {
      headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
    });
    // Never "connected": still pending (reported failed once its deadline passes).
    expect(await result.json()).toEqual({ status: 'pending' });
    // The session was not spent: the person can try again.
    const again = await connect(strictFields(session, '/ok'), { json: true });
    expect(((await again.json()) as { status: string }).status).not.toBe('connected');
  });
});
