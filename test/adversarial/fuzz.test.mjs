// The seeded fuzzer (support/fuzz.mjs) against the development configuration: at least 1,000
// requests over every route. The seed is printed; FUZZ_SEED=<seed> replays the same requests.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHostileProvider } from '../support/hostile-provider.mjs';
import { runFuzz, seedFromEnv } from './support/fuzz.mjs';
import { connect, freePort, mintSession, newState, recordStats, startTestWorker } from './support/harness.mjs';

const SEED = seedFromEnv();
const COUNT = Math.max(1000, Number(process.env.FUZZ_CASES ?? 0));

let worker;
let provider;
const world = {};

before(async () => {
  [worker, provider] = await Promise.all([startTestWorker(), startHostileProvider()]);
  Object.assign(world, {
    workerUrl: worker.url,
    providerUrl: provider.url,
    deadPort: await freePort(),
    adminKey: worker.adminKey,
    production: false,
    connectionIds: [],
  });
  // Connections for the token API cases to find (and other tenants' ids to miss).
  for (let i = 0; i < 3; i += 1) {
    const fields = {
      session_token: await mintSession(worker),
      state: newState(),
      client_id: `fuzz-seed-${i}`,
      client_secret: 'fuzz-secret',
      token_url: `${provider.url}/b/ok`,
    };
    const response = await connect(worker, fields, { json: true });
    assert.equal(response.status, 200, response.text);
    world.connectionIds.push(response.json().connectionId);
  }
});
after(() => Promise.all([worker?.stop(), provider?.close()]));

test(`${COUNT} fuzzed requests (seed ${SEED}) hold every invariant`, async (t) => {
  t.diagnostic(`fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED} npm run test:adversarial`);
  const { violations, tally } = await runFuzz(worker, world, { seed: SEED, count: COUNT });
  await recordStats('fuzz-development', { seed: SEED, ...tally });
  t.diagnostic(`statuses ${JSON.stringify(tally.statuses)}; routes ${JSON.stringify(tally.routes)}`);
  t.diagnostic(`${tally.documented} answers of documented operations checked against GET /v1/openapi.json`);
  assert.equal(tally.cases, COUNT);
  // Most cases address a documented operation (the rest: preflights, the sandbox, unknown paths).
  assert.ok(tally.documented >= COUNT / 2, `only ${tally.documented} answers checked against the document`);
  assert.deepEqual(violations.slice(0, 10), [], `${violations.length} cases broke an invariant (seed ${SEED})`);
  // The Worker logged no failure it did not expect.
  assert.deepEqual(
    worker.lines.filter((line) => /"event":"unexpected"|Uncaught|restarted/.test(line)),
    [],
  );
});
