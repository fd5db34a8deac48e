import { runInDurableObject, SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.js';
import { openAccessToken, openExchangeRequest, readConnection } from '../../worker/connections/store.js';
import type { ConnectionRecord } from '../../worker/connections/connection-record.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import {
  ADMIN,
  BASE,
  HOST_ORIGIN,
  createSession,
  expectNoSecretsLogged,
  getToken,
  newState,
  strictCounts,
  strictFields,
} from './helpers.js';
import { stepFaultyDb, type FaultMode } from './step-faults.js';
import { storeExpired } from './stored-connections.js';

/** The production app (no sandbox), for requests with a production configuration. */
const app = createApp();

// D1 failing at every step of a connect and of a refresh, in both ways storage fails: before a
// statement runs (an outage) and after it committed (the reply is lost). Each attempt must end
// with a clear outcome the popup can post, and a connection is either stored whole or absent.

expectNoSecretsLogged(STRICT_CLIENT.secret, 'strict-access-token');

const KEYS = env.ENCRYPTION_KEYS!;
const MODES: FaultMode[] = ['fail', 'lost-reply'];

interface ResultBody {
  status: 'connected' | 'failed';
  connectionId?: string;
  error?: { code: string; message: string };
}

function connectWith(db: D1Database, fields: Record<string, string>, json: boolean) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN };
  if (json) headers.accept = 'application/json';
  return app.request(
    `${BASE}/v1/connect`,
    { method: 'POST', headers, body: new URLSearchParams(fields).toString() },
    { ...env, DB: db },
  );
}

/** The message the completion page would post to the opener (its JSON data block). */
function postedMessage(html: string): ResultBody | null {
  const data = /<script type="application\/json" id="oauth-cc-data">([^<]*)<\/script>/.exec(html)?.[1];
  return data ? (JSON.parse(data) as { message: ResultBody | null }).message : null;
}

/** The connection stored for this client, checked whole: one row whose secret and token open. */
async function storedWhole(tenant: string, clientId: string, accessToken: string): Promise<ConnectionRecord | null> {
  const { results } = await env.DB.prepare('SELECT id FROM connections WHERE tenant = ?1 AND client_id = ?2')
    .bind(tenant, clientId)
    .all<{ id: string }>();
  if (results.length === 0) return null;
  expect(results).toHaveLength(1);
  const record = (await readConnection(env.DB, tenant, results[0]!.id))!;
  expect((await openExchangeRequest(record, KEYS)).credential).toEqual({
    kind: 'secret',
    secret: STRICT_CLIENT.secret,
  });
  expect(await openAccessToken(record, KEYS)).toBe(accessToken);
  return record;
}

async function resultOf(session: string, state: string) {
  const response = await SELF.fetch(`${BASE}/v1/connect/result?state=${state}`, {
    headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
  });
  return (await response.json()) as { status: string };
}

describe('D1 failing at each step of a connect', () => {
  const fieldsFor = (session: string, clientId: string) => strictFields(session, '/ok', { client_id: clientId });

  it('a clean connect takes the steps the walk below covers', async () => {
    const { db, steps } = stepFaultyDb(env.DB, 0, 'fail');
    const response = await connectWith(db, fieldsFor(await createSession(), 'fault-clean'), true);
    expect(response.status).toBe(200);
    // Two round trips: admission (one batch), then one commit (one batch): the connection, its
    // event, the attempt's outcome and the session's consumption, all or nothing.
    expect(steps.map((sql) => sql.split(' ')[0])).toEqual(['INSERT', 'INSERT']);
    expect(steps[0]).toMatch(/^INSERT INTO session_uses .* ; INSERT INTO connect_attempts /);
    expect(steps[1]).toMatch(
      /^INSERT INTO connections .* ; INSERT INTO connection_events .* ; UPDATE connect_attempts .* ; UPDATE session_uses /,
    );
  });

  for (const mode of MODES) {
    for (const json of [true, false]) {
      it(`${mode}, answered as ${json ? 'JSON' : 'the completion page'}: every step ends the attempt clearly`, async () => {
        for (let step = 1; step <= 2; step += 1) {
          const clientId = `fault-${mode}-${json ? 'json' : 'html'}-${step}`;
          const session = await createSession();
          const fields = fieldsFor(session, clientId);
          const faults = stepFaultyDb(env.DB, step, mode);
          const response = await connectWith(faults.db, fields, json);
          const where = `${mode} at step ${step} (${faults.steps[step - 1]?.slice(0, 60)})`;
          let outcome: ResultBody | null;
          if (json) {
            expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
            outcome = (await response.json()) as ResultBody;
          } else {
            // The popup must land on a page that posts the outcome, or the element waits for its timeout.
            expect(response.headers.get('content-type'), where).toMatch(/^text\/html/);
            const html = await response.text();
            expect(html, where).toMatch(/Authorization (Complete|Failed)/);
            outcome = postedMessage(html);
          }
          // Admission lost or refused, or the commit refused: failed, our fault, nothing stored. A
          // commit whose reply was lost is read back: connected, and stored whole.
          const connected = mode === 'lost-reply' && step === 2;
          expect(response.status, where).toBe(connected ? 200 : 500);
          expect(outcome?.status, where).toBe(connected ? 'connected' : 'failed');
          expect(outcome?.error?.code, where).toBe(connected ? undefined : 'server_error');
          const stored = await storedWhole('acme', clientId, 'strict-access-token');
          expect(stored?.id ?? null, where).toBe(connected ? outcome!.connectionId : null);

          // A lost reply of the commit is found out by reading the attempt back: the page tells
          // what happened. An outage leaves the attempt pending (the result channel reports it
          // failed once its deadline passes) or, at admission, unknown; never connected.
          const { status } = await resultOf(session, fields.state);
          expect(status === 'pending' || status === 'unknown' ? 'failed' : status, where).toBe(outcome?.status);
        }
      });
    }
  }
});

describe('D1 failing at each step of a refresh in the Durable Object', () => {
  /** Runs `work` with the refresher of connection `id` on the faulty binding, then puts the real one back. */
  async function withRefresherDb<T>(id: string, db: D1Database, work: () => Promise<T>): Promise<T> {
    const stub = env.TOKEN_REFRESHER.get(env.TOKEN_REFRESHER.idFromName(id));
    const swap = (binding: D1Database) =>
      runInDurableObject(stub, (instance) => {
        (instance as unknown as { env: Env }).env = { ...env, DB: binding };
      });
    await swap(db);
    try {
      return await work();
    } finally {
      await swap(env.DB);
    }
  }

  const cases: [string, string, number[], string][] = [
    // path, what a healthy refresh answers, the steps it takes (read, write)
    ['a successful refresh', '/ok', [200], 'strict-access-token'],
    ['a refresh the provider rejects', '/error/invalid_client', [409], 'expired-token'],
    ['a refresh into a failing provider', '/retry-after?value=30', [503], 'expired-token'],
  ];

  for (const mode of MODES) {
    it.each(cases)(
      `${mode}: %s answers 500 server_error or its own outcome, and the row stays whole`,
      async (_, path, healthy, token) => {
        for (let step = 1; step <= 2; step += 1) {
          const tenant = `refresh-${mode}-${path.length}-${step}`;
          const { id } = await storeExpired(tenant, path);
          const versionBefore = (await readConnection(env.DB, tenant, id))!.credentialsVersion;
          const faults = stepFaultyDb(env.DB, step, mode);
          const before = await strictCounts();
          const response = await withRefresherDb(id, faults.db, () => getToken(id, tenant));
          const where = `${mode} at step ${step} (${faults.steps[step - 1]?.slice(0, 60)})`;
          expect(faults.steps.length, where).toBeGreaterThanOrEqual(step);
          // Storage failing under the read or the write is our own fault, whatever the provider said.
          expect(response.status, where).toBe(500);
          const body = (await response.json()) as { error?: string };
          expect(body.error, where).toBe('server_error');
          const pathOnly = path.split('?')[0]!;
          const upstream = ((await strictCounts())[pathOnly] ?? 0) - (before[pathOnly] ?? 0);
          expect(upstream, where).toBeLessThanOrEqual(1);

          // Whole: the secret still opens, the token is the old or the new one, never a mix.
          const record = (await readConnection(env.DB, tenant, id))!;
          expect((await openExchangeRequest(record, KEYS)).credential).toEqual({
            kind: 'secret',
            secret: STRICT_CLIENT.secret,
          });
          // Only a write whose reply was lost committed: then the new token is stored whole.
          const committed = mode === 'lost-reply' && step === 2 && healthy[0] === 200;
          expect(await openAccessToken(record, KEYS), where).toBe(committed ? token : 'expired-token');
          expect(record.credentialsVersion).toBe(versionBefore);

          // And the refresher is not wedged: the next call, on healthy storage, answers as usual.
          const next = await getToken(id, tenant);
          expect(next.status, where).toBe(healthy[0]);
          const answer = (await next.json()) as { access_token?: string; error?: string };
          expect(answer.access_token, where).toBe(healthy[0] === 200 ? token : undefined);
        }
      },
    );
  }
});

describe('D1 failing under the other routes', () => {
  const routes: [string, string, string][] = [
    ['GET', '/v1/connections?tenant=acme', 'SELECT'],
    ['GET', '/v1/connections/conn_AAAAAAAAAAAAAAAAAAAAAA/token?tenant=acme', 'SELECT'],
    // The row is read first: connection.deleted tells its last status.
    ['DELETE', '/v1/connections/conn_AAAAAAAAAAAAAAAAAAAAAA?tenant=acme', 'SELECT'],
    ['POST', '/v1/admin/reseal', 'SELECT'],
  ];
  it.each(routes)('%s %s answers 500 server_error when its %s fails', async (method, path, verb) => {
    const faults = stepFaultyDb(env.DB, 1, 'fail');
    const response = await app.request(`${BASE}${path}`, { method, headers: ADMIN }, { ...env, DB: faults.db });
    expect(faults.steps[0]?.startsWith(verb)).toBe(true);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'server_error' });
  });

  it('the result route answers 500 server_error when its read fails', async () => {
    const session = await createSession();
    const faults = stepFaultyDb(env.DB, 1, 'fail');
    const response = await app.request(
      `${BASE}/v1/connect/result?state=${newState()}`,
      { headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN } },
      { ...env, DB: faults.db },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'server_error' });
  });
});
