// Section "cpu": the Worker's CPU time per connect, excluding the upstream call, beside the same
// exchange made directly with oauth4webapi from Node. The Worker's side is the workerd process's
// own CPU time (utime + stime in /proc/<pid>/stat) over N sequential connects, divided by N; the
// token server runs in a process of its own, so the provider's work is in neither figure.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, URLSearchParams } from 'node:url';
import * as oauth from 'oauth4webapi';
import { request } from '../scripts/dev-servers.mjs';
import { ADMIN_HEADERS } from './stack.mjs';
import { ms, ratio } from './stats.mjs';

const CONNECTS = 100;
const TOKEN_CALLS = 300;
const NODE_EXCHANGES = 300;
const WARMUP = 10;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) `pid` has used so far. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU ms per call of `work` (run `calls` times, in order) in each of `pids`, and the wall time per call. */
async function measure(pids, calls, work) {
  const before = await Promise.all(pids.map(cpuSeconds));
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) await work(i);
  const wall = (performance.now() - started) / calls;
  const after = await Promise.all(pids.map(cpuSeconds));
  return { cpu: after.map((a, i) => ((a - before[i]) * 1000) / calls), wall };
}

/** The same grant from Node: oauth4webapi's request and response processing, against the same token server. */
async function nodeExchange(tokenUrl) {
  const as = { issuer: new URL(tokenUrl).origin, token_endpoint: tokenUrl };
  const client = { client_id: 'cpu-node' };
  const auth = oauth.ClientSecretBasic('bench-secret');
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    auth,
    new URLSearchParams({ scope: 'api.read' }),
    {
      [oauth.allowInsecureRequests]: true,
    },
  );
  await oauth.processClientCredentialsResponse(as, client, response);
}

export async function cpuSection({ stack, log }) {
  const { worker, proxy } = await stack.workerdProcesses();
  const pids = [worker, proxy];
  // Sessions are minted first: minting is the host backend's call, not part of a connect.
  log(`minting ${WARMUP + CONNECTS} sessions…`);
  const sessions = [];
  for (let i = 0; i < WARMUP + CONNECTS; i += 1) sessions.push(await stack.mintSession());
  const connect = async (i) => {
    const { status } = await stack.connect(sessions[i], `cpu-${i}`);
    if (status !== 200) throw new Error(`connect answered ${status}`);
  };
  for (let i = 0; i < WARMUP; i += 1) await connect(CONNECTS + i);

  const idleBefore = await Promise.all(pids.map(cpuSeconds));
  await sleep(2000);
  const idle = (await Promise.all(pids.map(cpuSeconds))).map((s, i) => ((s - idleBefore[i]) * 1000) / 2);

  log(`${CONNECTS} connects…`);
  const connects = await measure(pids, CONNECTS, connect);
  // The same request refused at the session check (a valid session with one signature character
  // changed): the route's middleware, form parsing, HMAC verification and the completion page,
  // without D1 or the upstream call.
  const valid = await stack.mintSession();
  const forged = `${valid.slice(0, -2)}${valid.at(-2) === 'A' ? 'B' : 'A'}${valid.at(-1)}`;
  const refused = await measure(pids, CONNECTS, async (i) => {
    const { status } = await stack.connect(forged, `cpu-refused-${i}`);
    if (status !== 401) throw new Error(`a forged session was answered ${status}`);
  });
  const connectionId = await stack.createConnection('cpu-token');
  const tokenUrl = stack.tokenUrlOf(connectionId);
  const get = (url) => async () => {
    await request(url, { headers: ADMIN_HEADERS });
  };
  log(`${TOKEN_CALLS} token calls, ${TOKEN_CALLS} 404s…`);
  const tokens = await measure(pids, TOKEN_CALLS, get(tokenUrl));
  const notFound = await measure(pids, TOKEN_CALLS, get(`${stack.url}/v1/no-such-route`));

  log(`${NODE_EXCHANGES} exchanges from Node with oauth4webapi…`);
  for (let i = 0; i < WARMUP; i += 1) await nodeExchange(stack.tokens.url);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < NODE_EXCHANGES; i += 1) await nodeExchange(stack.tokens.url);
  const used = process.cpuUsage(cpuBefore);
  const nodeWall = (performance.now() - started) / NODE_EXCHANGES;
  const nodeCpu = (used.user + used.system) / 1000 / NODE_EXCHANGES;

  const row = (measure, { cpu, wall }, goal = '') => ({
    measure,
    figure: `${ms(cpu[0])} CPU in workerd (+ ${ms(cpu[1])} in the dev proxy) · ${ms(wall)} wall`,
    goal,
  });
  return {
    rows: [
      row(
        `connect (POST /v1/connect, form → HTML), ${CONNECTS} sequential`,
        connects,
        `${ratio(connects.cpu[0] / nodeCpu)} of Node + oauth4webapi`,
      ),
      row(`connect refused at the session check (401 page), ${CONNECTS} sequential`, refused),
      {
        measure: `the same exchange from Node (oauth4webapi), ${NODE_EXCHANGES} sequential`,
        figure: `${ms(nodeCpu)} CPU · ${ms(nodeWall)} wall`,
      },
      row(`token API (fresh token), ${TOKEN_CALLS} sequential`, tokens),
      row(`404 route, ${TOKEN_CALLS} sequential`, notFound),
      {
        measure: 'workerd idle (no requests)',
        figure: `${ms(idle[0])} CPU per second (+ ${ms(idle[1])} in the dev proxy)`,
      },
    ].map((r) => ({ section: 'CPU', ...r })),
  };
}
