// Section "token": the token API under load (autocannon), beside the 404 route of the same
// Worker. The 404 goes through the same middleware (security headers, body limit, config check)
// and answers at once, so it is the floor of any route on this Worker under `wrangler dev`.
// The routes alternate (token, 404, 404, token) at each concurrency, after a warm-up of both.
import autocannon from 'autocannon';
import { ADMIN_HEADERS } from './stack.mjs';
import { count, ms, quantile, ratio, verdict } from './stats.mjs';

const CONCURRENCY = [1, 10, 50];
const ANATOMY_SECONDS = 2;
const WARMUP_SECONDS = 1;
const ROUND_SECONDS = 3;
/** Goal: the token route serves at least this share of the 404 route's requests per second. */
const GOAL = 0.5;

/** One autocannon run; every response's latency and status are kept. */
function load(url, connections, seconds, headers = ADMIN_HEADERS) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const instance = autocannon({ url, connections, duration: seconds, headers }, (error, result) =>
      error
        ? reject(error)
        : resolve({ latencies, statuses, seconds: result.duration, errors: result.errors + result.timeouts }),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/** Totals over several runs of one route: req/s, p50, p99, and answers other than `expected`. */
function summary(runs, expected) {
  const latencies = runs.flatMap((run) => run.latencies);
  const answers = runs.reduce((sum, run) => sum + Object.values(run.statuses).reduce((a, b) => a + b, 0), 0);
  const unexpected = runs.reduce(
    (sum, run) =>
      sum + run.errors + Object.entries(run.statuses).reduce((a, [s, n]) => a + (Number(s) === expected ? 0 : n), 0),
    0,
  );
  return {
    rps: answers / runs.reduce((sum, run) => sum + run.seconds, 0),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    unexpected,
  };
}

const figure = (s, expected) =>
  `${count(s.rps)} req/s · p50 ${ms(s.p50)} · p99 ${ms(s.p99)}${s.unexpected ? ` · ${count(s.unexpected)} not ${expected}` : ''}`;

/**
 * Where a token request's time goes, one step at a time, at 1 client: the 404 (middleware only);
 * a 401 from the token route with a wrong key (+ the admin-key check); GET /v1/connections/:id
 * (+ the D1 read of the row); the token route (+ opening the sealed token, AES-GCM). In turn, twice.
 */
async function anatomy(stack, routes, connectionId, log) {
  log('anatomy of a token request, 1 client…');
  const steps = [
    { name: '404', url: routes.notFound, expected: 404 },
    { name: '401 wrong key', url: routes.token, expected: 401, headers: { authorization: 'Bearer wrong-key' } },
    { name: 'GET connection', url: stack.connectionUrlOf(connectionId), expected: 200 },
    { name: 'token', url: routes.token, expected: 200 },
  ];
  const runs = steps.map(() => []);
  for (const order of [steps.keys(), [...steps.keys()].reverse()]) {
    for (const i of order) runs[i].push(await load(steps[i].url, 1, ANATOMY_SECONDS, steps[i].headers));
  }
  const parts = steps.map((step, i) => {
    const s = summary(runs[i], step.expected);
    return `${step.name} ${ms(s.p50)}${s.unexpected ? ` (${count(s.unexpected)} not ${step.expected})` : ''}`;
  });
  return { measure: 'anatomy, 1 client, p50 of each step', figure: parts.join(' · ') };
}

export async function tokenSection({ stack, log }) {
  const connectionId = await stack.createConnection('token-api');
  const routes = { token: stack.tokenUrlOf(connectionId), notFound: `${stack.url}/v1/no-such-route` };
  const rows = [];
  for (const connections of CONCURRENCY) {
    log(`${connections} concurrent client(s)…`);
    await load(routes.token, connections, WARMUP_SECONDS);
    await load(routes.notFound, connections, WARMUP_SECONDS);
    const runs = { token: [], notFound: [] };
    for (const route of ['token', 'notFound', 'notFound', 'token']) {
      runs[route].push(await load(routes[route], connections, ROUND_SECONDS));
    }
    const token = summary(runs.token, 200);
    const notFound = summary(runs.notFound, 404);
    const share = token.rps / notFound.rps;
    const clients = `${connections} client${connections === 1 ? '' : 's'}`;
    rows.push(
      {
        measure: `token route, ${clients}`,
        figure: figure(token, 200),
        goal: `${ratio(share)} of the 404's req/s (goal ≥ ${ratio(GOAL)}) ${verdict(share >= GOAL)}`,
      },
      { measure: `404 route, ${clients}`, figure: figure(notFound, 404) },
    );
  }
  rows.push(await anatomy(stack, routes, connectionId, log));
  return { rows: rows.map((row) => ({ section: 'token API', ...row })) };
}
