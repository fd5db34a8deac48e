import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { nowSeconds } from '../../worker/common/clock.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  STRICT_CREDENTIALS,
  admin,
  connect,
  connectFields,
  connectJson,
  createSession,
  eventually,
  expectNoSecretsLogged,
  getToken,
  strictCount,
  strictLastRequest,
  strictUrl,
} from './helpers.js';
import { storeConnection } from './stored-connections.js';

// Connections for life (issue 10): Test & Save, health, check, force refresh, reconnect in place.

expectNoSecretsLogged(STRICT_CLIENT.secret);

interface View {
  id: string;
  client_id: string;
  status: 'active' | 'refresh_failing' | 'broken';
  last_error: string | null;
  last_error_description: string | null;
  last_checked_at: number;
  probe: { url: string; method: string; expectStatus?: number[] } | null;
}

const setMode = (key: string, mode: string) => fetch(strictUrl(`/__switch/${key}/${mode}`));

/** A connect of the strict server's client, with `extra` fields. */
const connectStrict = (session: string, extra: Record<string, string> = {}) =>
  connectJson(session, { ...STRICT_CREDENTIALS, ...extra });

const connections = (path: string, init: RequestInit = {}) => admin(`/v1/connections${path}`, init);

async function view(id: string, tenant: string): Promise<View> {
  const response = await connections(`/${id}?tenant=${tenant}`);
  expect(response.status).toBe(200);
  return (await response.json()) as View;
}

const check = async (id: string, tenant: string) => {
  const response = await connections(`/${id}/check?tenant=${tenant}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as View;
};

/** A connection made through the connect route, to the switchable token endpoint `key`. */
async function connected(tenant: string, key: string, probe?: Record<string, unknown>) {
  await setMode(key, 'ok');
  const session = await createSession({ tenant, tokenUrl: strictUrl(`/switch/${key}`), ...(probe ? { probe } : {}) });
  const { body } = await connectStrict(session);
  expect(body.status).toBe('connected');
  return body.connectionId!;
}

describe('Test & Save', () => {
  it('stores the connection only after the API accepted the new token', async () => {
    const session = await createSession({
      tenant: 'probe-pass',
      tokenUrl: strictUrl('/ok'),
      probe: { url: strictUrl('/api/ok') },
    });
    const { status, body } = await connectStrict(session);
    expect(status).toBe(200);
    expect(body.status).toBe('connected');
    expect(await strictLastRequest('/api/ok')).toEqual({ method: 'GET', authorization: 'Bearer strict-access-token' });
    const stored = await view(body.connectionId!, 'probe-pass');
    expect(stored.probe).toEqual({ url: strictUrl('/api/ok'), method: 'GET' });
    expect(stored.status).toBe('active');
  });

  it('fails with probe_failed naming the status, and stores nothing, when the API refuses', async () => {
    const session = await createSession({
      tenant: 'probe-403',
      tokenUrl: strictUrl('/ok'),
      probe: { url: strictUrl('/api/forbidden') },
    });
    const response = await connect(connectFields(session, STRICT_CREDENTIALS));
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('Authorization Failed');
    expect(html).toContain('The credentials work, but the API did not accept the token.');
    expect(html).toContain('the API answered 403');
    expect(html).toContain('probe_failed');
    const list = (await (await connections('?tenant=probe-403')).json()) as { connections: View[] };
    expect(list.connections).toEqual([]);
  });

  it.each([
    // The API failing rather than refusing is the transient provider_unavailable: a later check may pass.
    ['/api/stall', 504, 'provider_unavailable', 'did not answer within'],
    ['/api/redirect', 400, 'probe_failed', 'redirect (HTTP 302)'],
    ['/api/down', 502, 'provider_unavailable', 'answered 503'],
  ])('fails, storing nothing, when the API at %s answers %i (%s)', async (path, status, code, says) => {
    const tenant = `probe-${path.slice(5)}`;
    const session = await createSession({ tenant, tokenUrl: strictUrl('/ok'), probe: { url: strictUrl(path) } });
    const { status: answered, body } = await connectStrict(session);
    expect(answered).toBe(status);
    expect(body.error?.code).toBe(code);
    expect(body.error?.message).toContain(says);
    expect(((await (await connections(`?tenant=${tenant}`)).json()) as { connections: View[] }).connections).toEqual(
      [],
    );
  });

  it('honours the method and the expected statuses', async () => {
    const probe = { url: strictUrl('/api/no-content'), method: 'HEAD', expectStatus: [204] };
    const session = await createSession({ tenant: 'probe-head', tokenUrl: strictUrl('/ok'), probe });
    expect((await connectStrict(session)).body.status).toBe('connected');
    expect((await strictLastRequest('/api/no-content'))?.method).toBe('HEAD');
  });

  it.each([
    [{ url: 'https://10.0.0.8/api' }, 'token_url_not_allowed'],
    [{ url: 'https://printer.local../api' }, 'token_url_not_allowed'],
    [{ url: 'https://api.example.com/x', method: 'POST' }, 'invalid_request'],
    [{ url: 'https://api.example.com/x', expectStatus: [700] }, 'invalid_request'],
    [{ url: 'https://api.example.com/x', extra: 1 }, 'invalid_request'],
    ['https://api.example.com/x', 'invalid_request'],
  ])('refuses a bad probe at mint: %j', async (probe, code) => {
    const response = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, probe }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: code });
  });
});

describe('health, check and force refresh', () => {
  it('GET /v1/connections/:id shows one connection with its health', async () => {
    const id = await connected('health-one', 'health-one');
    const one = await view(id, 'health-one');
    expect(one).toMatchObject({ id, status: 'active', last_error: null, client_id: STRICT_CLIENT.id });
    expect(one.last_checked_at).toBeGreaterThanOrEqual(nowSeconds() - 5);
    expect(JSON.stringify(one)).not.toContain(STRICT_CLIENT.secret);
  });

  it('a check re-exchanges now and walks every status: active, refresh_failing, broken, active again', async () => {
    const id = await connected('walk', 'walk');
    const before = await strictCount('/switch/walk');
    expect((await check(id, 'walk')).status).toBe('active');
    expect((await strictCount('/switch/walk')) - before).toBe(1);

    await setMode('walk', 'down');
    const failing = await check(id, 'walk');
    expect(failing).toMatchObject({ status: 'refresh_failing', last_error: 'provider_unavailable' });
    // The stored token still works while it is valid.
    expect((await getToken(id, 'walk')).status).toBe(200);

    await setMode('walk', 'reject');
    expect(await check(id, 'walk')).toMatchObject({ status: 'broken', last_error: 'invalid_client' });
    expect((await getToken(id, 'walk')).status).toBe(409);

    // The customer fixed it in the provider's console: a check proves it and recovers the connection.
    await setMode('walk', 'ok');
    expect(await check(id, 'walk')).toMatchObject({ status: 'active', last_error: null });
    expect((await getToken(id, 'walk')).status).toBe(200);
  });

  it('a check re-runs the probe: an API that now refuses breaks the connection, one that fails does not', async () => {
    await setMode('probed', 'ok');
    const id = await connected('probed', 'probed-token', { url: strictUrl('/api/switch/probed') });
    await setMode('probed', 'forbidden');
    expect(await check(id, 'probed')).toMatchObject({ status: 'broken', last_error: 'probe_failed' });
    await setMode('probed', 'down');
    expect(await check(id, 'probed')).toMatchObject({ status: 'refresh_failing', last_error: 'provider_unavailable' });
    await setMode('probed', 'ok');
    expect(await check(id, 'probed')).toMatchObject({ status: 'active' });
  });

  it('force=1 under 50 concurrent callers costs one upstream call, and a token under 30 s old is served', async () => {
    await setMode('forced', 'ok');
    const { id } = await storeConnection(
      {
        tenant: 'forced',
        tokenUrl: strictUrl('/switch/forced'),
        clientId: STRICT_CLIENT.id,
        credential: { kind: 'secret', secret: STRICT_CLIENT.secret },
        scopes: [],
        params: {},
        authMethod: 'client_secret_basic',
        token: { accessToken: 'got-401-with-this', tokenType: 'Bearer', expiresIn: 3600, scopes: [] },
      },
      env.ENCRYPTION_KEYS!,
      3600,
      nowSeconds() - 60,
    );
    const before = await strictCount('/switch/forced');
    const answers = await Promise.all(Array.from({ length: 50 }, () => getToken(id, 'forced', { force: true })));
    const tokens = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { access_token: string }).access_token),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe('got-401-with-this');
    expect((await strictCount('/switch/forced')) - before).toBe(1);
    // The new token is seconds old: another crowd of 401s gets it without asking again.
    const again = (await (await getToken(id, 'forced', { force: true })).json()) as { access_token: string };
    expect(again.access_token).toBe(tokens[0]);
    expect((await strictCount('/switch/forced')) - before).toBe(1);
  });

  it('refuses a force value other than 1 or 0', async () => {
    const id = await connected('force-bad', 'force-bad');
    const response = await connections(`/${id}/token?tenant=force-bad&force=yes`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('reconnect in place', () => {
  const reconnectSession = (tenant: string, connectionId: string) => createSession({ tenant, connectionId });

  it('mints a session that shows the stored client id and locks the stored settings', async () => {
    const id = await connected('reconnect-claims', 'reconnect-claims');
    const claims = readUnverifiedClaims(await reconnectSession('reconnect-claims', id))!;
    expect(claims).toMatchObject({
      connectionId: id,
      clientId: STRICT_CLIENT.id,
      tokenUrl: strictUrl('/switch/reconnect-claims'),
      locked: ['tokenUrl', 'scopes', 'params'],
    });
  });

  it('on success the same connection gets the new credentials and turns active', async () => {
    const id = await connected('reconnect-ok', 'reconnect-ok');
    await setMode('reconnect-ok', 'reject');
    expect((await check(id, 'reconnect-ok')).status).toBe('broken');
    await setMode('reconnect-ok', 'ok');
    const { body } = await connectStrict(await reconnectSession('reconnect-ok', id), {
      token_url: 'https://ignored.example.com/token',
    });
    expect(body).toMatchObject({ status: 'connected', connectionId: id });
    expect(await view(id, 'reconnect-ok')).toMatchObject({ status: 'active', last_error: null });
    const list = (await (await connections('?tenant=reconnect-ok')).json()) as { connections: View[] };
    expect(list.connections.map((c) => c.id)).toEqual([id]);
  });

  it('on failure the old credentials keep serving', async () => {
    const id = await connected('reconnect-fail', 'reconnect-fail');
    const served = ((await (await getToken(id, 'reconnect-fail')).json()) as { access_token: string }).access_token;
    const { body } = await connectStrict(await reconnectSession('reconnect-fail', id), { client_secret: 'a-typo' });
    expect(body.error?.code).toBe('invalid_client');
    expect(await view(id, 'reconnect-fail')).toMatchObject({ status: 'active' });
    expect(((await (await getToken(id, 'reconnect-fail')).json()) as { access_token: string }).access_token).toBe(
      served,
    );
  });

  it("refuses another tenant's connection, and settings the connection decides", async () => {
    const id = await connected('reconnect-owner', 'reconnect-owner');
    const mint = (body: Record<string, unknown>) =>
      SELF.fetch(`${BASE}/v1/sessions`, {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify({ origin: HOST_ORIGIN, ...body }),
      });
    expect((await mint({ tenant: 'someone-else', connectionId: id })).status).toBe(404);
    const conflicting = await mint({ tenant: 'reconnect-owner', connectionId: id, scopes: ['more'] });
    expect(conflicting.status).toBe(400);
    expect(await conflicting.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('a session for a connection deleted since answers session_invalid', async () => {
    const id = await connected('reconnect-gone', 'reconnect-gone');
    const session = await reconnectSession('reconnect-gone', id);
    expect((await connections(`/${id}?tenant=reconnect-gone`, { method: 'DELETE' })).status).toBe(204);
    const { status, body } = await connectStrict(session);
    expect(status).toBe(409);
    expect(body.error?.code).toBe('session_invalid');
  });
});

describe('lifecycle events and their webhooks', () => {
  interface LoggedEvent {
    type: string;
    connection_id: string;
    status: string;
    previous_status: string | null;
    error_code: string | null;
  }
  interface Delivery {
    body: string;
    verified: boolean;
  }

  const events = async (id: string, tenant: string) => {
    const response = await SELF.fetch(`${BASE}/v1/events?tenant=${tenant}&connection_id=${id}`, { headers: ADMIN });
    expect(response.status).toBe(200);
    return ((await response.json()) as { events: LoggedEvent[] }).events;
  };

  /** Signed deliveries the test receiver got for connection `id`, once `count` have arrived. */
  const deliveries = (id: string, count: number) =>
    eventually(async () => {
      const all = (await (await fetch(`${inject('webhookReceiverUrl')}/__received`)).json()) as Delivery[];
      const mine = all.filter((d) => d.body.includes(id));
      expect(mine.length, `deliveries for ${id}`).toBeGreaterThanOrEqual(count);
      return mine;
    });

  it('every transition is logged, newest first, and delivered signed, with no secret or token', async () => {
    const tenant = 'events-walk';
    const id = await connected(tenant, 'events-walk');
    await setMode('events-walk', 'down');
    await check(id, tenant);
    await setMode('events-walk', 'reject');
    await check(id, tenant);
    await setMode('events-walk', 'ok');
    await check(id, tenant);
    expect((await connectStrict(await createSession({ tenant, connectionId: id }))).body.status).toBe('connected');
    expect((await connections(`/${id}?tenant=${tenant}`, { method: 'DELETE' })).status).toBe(204);

    expect(
      (await events(id, tenant)).map(({ type, status, previous_status, error_code }) => [
        type,
        status,
        previous_status,
        error_code,
      ]),
    ).toEqual([
      ['connection.deleted', 'active', 'active', null],
      ['connection.updated', 'active', 'active', null],
      ['connection.recovered', 'active', 'broken', null],
      ['connection.broken', 'broken', 'refresh_failing', 'invalid_client'],
      ['connection.refresh_failed', 'refresh_failing', 'active', 'provider_unavailable'],
      ['connection.created', 'active', null, null],
    ]);
    // A check that changes nothing tells nothing.
    expect(await events(id, 'someone-else')).toEqual([]);

    const delivered = await deliveries(id, 6);
    expect(delivered.every((d) => d.verified)).toBe(true);
    const types = delivered.map((d) => (JSON.parse(d.body) as { type: string }).type).sort();
    expect(types).toEqual([
      'connection.broken',
      'connection.created',
      'connection.deleted',
      'connection.recovered',
      'connection.refresh_failed',
      'connection.updated',
    ]);
    const broken = delivered
      .map((d) => JSON.parse(d.body) as { type: string; data: Record<string, unknown> })
      .find((d) => d.type === 'connection.broken')!;
    expect(broken.data).toMatchObject({
      connection_id: id,
      tenant,
      status: 'broken',
      error: { code: 'invalid_client' },
    });
    for (const { body } of delivered) {
      expect(body).not.toContain(STRICT_CLIENT.secret);
      expect(body).not.toMatch(/switch-\d+|access_token/);
    }
  });

  it('a repeated failure is told once', async () => {
    const tenant = 'events-once';
    const id = await connected(tenant, 'events-once');
    await setMode('events-once', 'down');
    await check(id, tenant);
    await check(id, tenant);
    const types = (await events(id, tenant)).map((e) => e.type);
    expect(types).toEqual(['connection.refresh_failed', 'connection.created']);
  });
});
