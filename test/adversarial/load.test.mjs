// Load on the development configuration: 200 concurrent connects against a provider that takes
// 200 ms per answer, then 1,000 token calls; then stampedes of concurrent callers on expired
// tokens. Nothing is lost (every connect answered is stored, every stored row serves the token
// its provider issued) and a stampede reaches the provider exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHostileProvider } from '../support/hostile-provider.mjs';
import {
  connect,
  getToken,
  listConnections,
  lostByDevServer,
  mintSession,
  newState,
  pool,
  recordStats,
  sleep,
  startTestWorker,
  PAST_REFRESH_FLOOR_MS,
} from './support/harness.mjs';

const CONNECTS = 200;
const TOKEN_CALLS = 1000;
const STAMPEDES = 5;
const CALLERS = 40;
const TENANT = 'load';
/**
 * How long a request may wait for its answer under load before it counts as unanswered: 200
 * connects at once take 20 s in all on an idle 2-core machine, and 3–4 times that on a crowded one.
 */
const PATIENCE = { timeoutMs: 180_000 };

let worker;
let provider;
const stats = { connects: 0, rows: 0, tokenCalls: 0, lostWrites: 0, stampedes: [], ourFiveXx: 0, devServerRetries: 0 };
/** client id → connection id, from the connect answers. */
const connections = new Map();

before(async () => {
  // On a shared 2-core machine, 200 concurrent connects under wrangler dev can take seconds each:
  // generous timeouts, so that a busy machine is not mistaken for a provider timeout or a lost
  // answer. What is asserted is that nothing is lost, not how fast it went.
  [worker, provider] = await Promise.all([
    startTestWorker({ vars: { UPSTREAM_TIMEOUT_MS: '30000' } }),
    startHostileProvider({ latencyMs: 200 }),
  ]);
});
after(async () => {
  await recordStats('load', stats);
  await Promise.all([worker?.stop(), provider?.close()]);
});

const connectFields = (session, clientId, path) => ({
  session_token: session,
  state: newState(),
  client_id: clientId,
  client_secret: `secret-of-${clientId}`,
  token_url: `${provider.url}${path}`,
});

/**
 * Not an answer of the Worker's: no answer at all within PATIENCE, or wrangler dev's proxy losing
 * the connect three times over (lostByDevServer; `request` sends a lost one again twice). Such a
 * connect is made again with a new session (a reconnect of the same client keeps its one row),
 * and counted in the summary.
 */
const droppedByDevServer = (answer) => answer instanceof Error || lostByDevServer(answer);

/**
 * A read (idempotent GET) that wrangler dev did not answer is asked again, up to twice, and
 * counted: under bursts on a busy machine its proxy loses requests before they reach the Worker
 * (seen with per-request logging in the Worker: the lost ones never arrive).
 */
async function read(ask) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await ask({ timeoutMs: 60_000 });
    } catch (error) {
      if (attempt === 2) throw error;
      stats.devServerRetries += 1;
    }
  }
}

test(`${CONNECTS} concurrent connects are all answered and all stored, once`, async () => {
  const sessions = await pool([...Array(CONNECTS).keys()], 16, () => mintSession(worker, { tenant: TENANT }));
  const started = Date.now();
  const send = (session, i) =>
    connect(worker, connectFields(session, `load-${i}`, '/b/ok'), { json: true, ...PATIENCE }).catch((error) => error);
  const answers = await Promise.all(sessions.map(send));
  stats.connectSeconds = Math.round((Date.now() - started) / 100) / 10;
  for (const [i, answer] of answers.entries()) {
    if (!droppedByDevServer(answer)) continue;
    stats.devServerRetries += 1;
    answers[i] = await send(await mintSession(worker, { tenant: TENANT }), i);
  }
  stats.connects = answers.length;
  stats.ourFiveXx += answers.filter((a) => a.status >= 500).length;
  assert.ok(stats.devServerRetries <= CONNECTS / 10, `wrangler dev dropped ${stats.devServerRetries} requests`);
  assert.deepEqual(
    answers.filter((a) => a.status !== 200).map((a) => `${a.status ?? a.message} ${a.text?.slice(0, 100)}`),
    [],
  );
  answers.forEach((answer, i) => connections.set(`load-${i}`, answer.json().connectionId));
  assert.equal(new Set(connections.values()).size, CONNECTS, 'every connect has its own connection');
  const upstream = provider.count('/b/ok');
  assert.ok(upstream >= CONNECTS && upstream <= CONNECTS + stats.devServerRetries, `${upstream} exchanges`);

  const listed = (await read((options) => listConnections(worker, TENANT, options))).json().connections;
  const rows = await worker.d1(`SELECT count(*) AS n FROM connections WHERE tenant = '${TENANT}'`);
  stats.rows = rows[0].n;
  const listedIds = new Set(listed.map((c) => c.id));
  const lost = [...connections.values()].filter((id) => !listedIds.has(id));
  stats.lostWrites += lost.length;
  assert.deepEqual(lost, [], 'connections answered as connected but not stored');
  assert.equal(stats.rows, CONNECTS, 'rows equal connections');
  assert.equal(listed.length, CONNECTS);
});

test(`${TOKEN_CALLS} token calls each get the token their provider issued, from storage`, async () => {
  const issuedTo = new Map(provider.issued.map(({ clientId, token }) => [clientId, token]));
  const upstreamBefore = provider.requests.length;
  const clients = [...connections.keys()];
  const results = await pool([...Array(TOKEN_CALLS).keys()], 50, async (i) => {
    const clientId = clients[(i * 7919) % clients.length];
    const response = await read((options) => getToken(worker, connections.get(clientId), TENANT, options));
    return { clientId, response };
  });
  stats.tokenCalls = results.length;
  stats.ourFiveXx += results.filter((r) => r.response.status >= 500).length;
  const wrong = results.filter(
    ({ clientId, response }) => response.status !== 200 || response.json().access_token !== issuedTo.get(clientId),
  );
  stats.lostWrites += wrong.length;
  assert.deepEqual(
    wrong.slice(0, 5).map((w) => `${w.clientId}: ${w.response.status} ${w.response.text.slice(0, 80)}`),
    [],
  );
  assert.equal(provider.requests.length, upstreamBefore, 'fresh tokens are served without calling the provider');
});

test(`${STAMPEDES} stampedes of ${CALLERS} callers on expired tokens: one upstream call each`, async () => {
  const keys = Array.from({ length: STAMPEDES }, (_, i) => `stampede-${i}`);
  const failing = 'stampede-failing';
  for (const key of keys)
    provider.script(key, [
      { behaviour: 'ok', ttl: 1 },
      { behaviour: 'ok', ttl: 3600 },
    ]);
  provider.script(failing, [
    { behaviour: 'ok', ttl: 1 },
    { behaviour: 'retry-after', value: '30' },
  ]);
  const ids = {};
  for (const key of [...keys, failing]) {
    const session = await mintSession(worker, { tenant: TENANT });
    const answer = await connect(worker, connectFields(session, key, `/s/${key}`), { json: true, ...PATIENCE });
    assert.equal(answer.status, 200, answer.text);
    ids[key] = answer.json().connectionId;
  }
  // Past every first token's expiry.
  await sleep(PAST_REFRESH_FLOOR_MS);
  // One stampede at a time: 40 concurrent callers on one expired token. (A burst of 240 at once
  // across six connections loses requests inside wrangler dev's proxy before they reach the Worker.)
  const answers = [];
  for (const key of [...keys, failing]) {
    const callers = Array.from({ length: CALLERS }, async () => ({
      key,
      response: await read((options) => getToken(worker, ids[key], TENANT, options)),
    }));
    answers.push(...(await Promise.all(callers)));
  }
  stats.ourFiveXx += answers.filter((a) => a.response.status >= 500 && a.key !== failing).length;

  for (const key of keys) {
    const upstream = provider.count(`/s/${key}`) - 1;
    stats.stampedes.push(upstream);
    assert.equal(upstream, 1, `${key}: ${upstream} upstream calls`);
    const tokens = new Set(
      answers
        .filter((a) => a.key === key)
        .map((a) => (a.response.status === 200 ? a.response.json().access_token : a.response.status)),
    );
    const refreshed = provider.issued.filter((i) => i.path === `/s/${key}`).at(-1).token;
    assert.deepEqual([...tokens], [refreshed], `${key}: every caller gets the one refreshed token`);
  }
  const failed = answers.filter((a) => a.key === failing);
  const upstream = provider.count(`/s/${failing}`) - 1;
  stats.stampedes.push(upstream);
  assert.equal(upstream, 1, 'a failing provider is also asked once');
  for (const { response } of failed) {
    assert.equal(response.status, 503);
    assert.ok(Number(response.headers['retry-after']) >= 10);
  }
});
