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
  mintSession,
  newState,
  pool,
  recordStats,
  sleep,
  startTestWorker,
} from './support/harness.mjs';

const CONNECTS = 200;
const TOKEN_CALLS = 1000;
const STAMPEDES = 5;
const CALLERS = 40;
const TENANT = 'load';
/** How long a request may wait for its answer under load before it counts as unanswered. */
const PATIENCE = { timeoutMs: 90_000 };

let worker;
let provider;
const stats = { connects: 0, rows: 0, tokenCalls: 0, lostWrites: 0, stampedes: [], ourFiveXx: 0 };
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

test(`${CONNECTS} concurrent connects are all answered and all stored, once`, async () => {
  const sessions = await pool([...Array(CONNECTS).keys()], 16, () => mintSession(worker, { tenant: TENANT }));
  const started = Date.now();
  const answers = await Promise.all(
    sessions.map((session, i) =>
      connect(worker, connectFields(session, `load-${i}`, '/b/ok'), { json: true, ...PATIENCE }),
    ),
  );
  const elapsed = Date.now() - started;
  stats.connects = answers.length;
  stats.ourFiveXx += answers.filter((a) => a.status >= 500).length;
  assert.deepEqual(
    answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text.slice(0, 100)}`),
    [],
  );
  answers.forEach((answer, i) => connections.set(`load-${i}`, answer.json().connectionId));
  assert.equal(new Set(connections.values()).size, CONNECTS, 'every connect has its own connection');
  assert.equal(provider.count('/b/ok'), CONNECTS, 'one upstream exchange per connect');
  stats.connectSeconds = Math.round(elapsed / 100) / 10;

  const listed = (await listConnections(worker, TENANT, PATIENCE)).json().connections;
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
    const response = await getToken(worker, connections.get(clientId), TENANT, PATIENCE);
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
  await sleep(2100);
  const calls = [...keys, failing].flatMap((key) => Array.from({ length: CALLERS }, () => key));
  const answers = await Promise.all(
    calls.map(async (key) => ({ key, response: await getToken(worker, ids[key], TENANT, PATIENCE) })),
  );
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
