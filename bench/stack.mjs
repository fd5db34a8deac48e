// What the Worker benchmarks share: one `wrangler dev` on a free port with a fresh state
// directory (webhooks off), the token server in its own process, and the calls a host makes:
// mint a session, connect, ask for a token. Started once per `npm run bench`, stopped at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL, URLSearchParams, fileURLToPath } from 'node:url';
import { cleanUpWhenGone, freePort, request, startWorker } from '../scripts/dev-servers.mjs';
import { startTokenServer } from './token-server.mjs';

const WRANGLER = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const TENANT = 'bench';
export const ADMIN_HEADERS = { authorization: 'Bearer dev-admin-key' };
/** The embedding page's origin for connects made from Node (the click benchmark uses its page's). */
const NODE_ORIGIN = 'http://127.0.0.1:9';

/** Starts the Worker and the token server; `stop()` ends both and removes the state. */
export async function startStack({ log }) {
  const temp = await mkdtemp(join(tmpdir(), 'oauth-cc-bench-'));
  cleanUpWhenGone({ paths: [temp] });
  const persistTo = join(temp, 'state');
  const pieces = {};
  const stop = async () => {
    await Promise.allSettled([pieces.worker?.stop(), pieces.tokens?.stop()]);
    await rm(temp, { recursive: true, force: true });
  };
  try {
    pieces.tokens = await startTokenServer();
    pieces.worker = await startWranglerDev(persistTo, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return new Stack(pieces.worker, pieces.tokens, persistTo, temp, stop);
}

/**
 * `wrangler dev` on a free port, with webhooks off: a delivery is queued work after the request,
 * measured by nothing here, and the development WEBHOOK_URL points at a demo page not running.
 * On this shared, loaded machine `wrangler dev` now and then exits while starting ("The Workers
 * runtime failed to start", without saying why at the warn log level): it is tried again, on
 * another port, up to three times, and its last lines go into the error.
 */
async function startWranglerDev(persistTo, log) {
  const lines = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startWorker({
        port: await freePort(),
        persistTo,
        vars: { WEBHOOK_URL: '', WEBHOOK_SECRET: '' },
        onOutput: (line) => lines.push(line) > 200 && lines.shift(),
      });
    } catch (error) {
      if (attempt === 3) throw new Error(`${error.message}:\n${lines.slice(-15).join('\n')}`, { cause: error });
      log(`wrangler dev did not start (${error.message}); trying again…`);
    }
  }
}

class Stack {
  constructor(worker, tokens, persistTo, temp, stop) {
    this.url = worker.url;
    this.port = Number(new URL(worker.url).port);
    this.tokens = tokens;
    this.persistTo = persistTo;
    this.temp = temp;
    this.stop = stop;
  }

  /** POST /v1/sessions for TENANT, the token URL (the token server) and scopes locked. */
  async mintSession(origin = NODE_ORIGIN) {
    const response = await request(`${this.url}/v1/sessions`, {
      method: 'POST',
      headers: { ...ADMIN_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: TENANT,
        origin,
        tokenUrl: this.tokens.url,
        scopes: ['api.read'],
        locked: ['tokenUrl', 'scopes'],
      }),
    });
    if (response.status !== 201) throw new Error(`POST /v1/sessions answered ${response.status}: ${response.text}`);
    return response.json().token;
  }

  /**
   * POST /v1/connect as the element's popup form sends it (HTML answer), or as its inline mode
   * (`json`: JSON answer). Resolves with the status and, for JSON, the body.
   */
  async connect(session, clientId, { json = false, origin = NODE_ORIGIN } = {}) {
    const state = randomBytes(16).toString('base64url');
    const body = new URLSearchParams({
      session_token: session,
      state,
      client_id: clientId,
      client_secret: 'bench-secret',
      close_after: '0',
    });
    const response = await request(`${this.url}/v1/connect`, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/x-www-form-urlencoded',
        ...(json ? { accept: 'application/json' } : {}),
      },
      body: body.toString(),
    });
    return { status: response.status, body: json ? response.json() : response.text };
  }

  /** A new connection for `clientId` through the session and connect routes; its id. */
  async createConnection(clientId) {
    const { status, body } = await this.connect(await this.mintSession(), clientId, { json: true });
    if (status !== 200 || body.status !== 'connected') {
      throw new Error(`connect answered ${status}: ${JSON.stringify(body)}`);
    }
    return body.connectionId;
  }

  /** GET /v1/connections/:id (the admin view of one connection). */
  connectionUrlOf(connectionId) {
    return `${this.url}/v1/connections/${connectionId}?tenant=${TENANT}`;
  }

  tokenUrlOf(connectionId, { force = false } = {}) {
    return `${this.url}/v1/connections/${connectionId}/token?tenant=${TENANT}${force ? '&force=1' : ''}`;
  }

  /** GET the token on a connection of its own (wrangler dev can lose replies on reused idle ones). */
  async token(connectionId, options) {
    const response = await request(this.tokenUrlOf(connectionId, options), { headers: ADMIN_HEADERS });
    return { status: response.status, body: response.status === 200 ? response.json() : response.text };
  }

  /**
   * Runs SQL on the Worker's local D1 (the same SQLite database `wrangler dev` serves) through
   * `wrangler d1 execute --local`; resolves with the results of each statement.
   */
  async d1(sql) {
    const file = join(this.temp, 'bench.sql');
    await writeFile(file, sql);
    const { stdout } = await new Promise((resolve, reject) =>
      execFile(
        WRANGLER,
        ['d1', 'execute', 'DB', '--local', '--persist-to', this.persistTo, '--json', '--file', file],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            WRANGLER_LOG: 'log',
            WRANGLER_SEND_METRICS: 'false',
            CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, out, err) =>
          error ? reject(new Error(`wrangler d1 execute failed: ${err || error.message}`)) : resolve({ stdout: out }),
      ),
    );
    return JSON.parse(stdout).map((statement) => statement.results);
  }

  /**
   * The workerd processes of this `wrangler dev` (descendants of this process): `worker` runs the
   * app with its D1 and Durable Objects; `proxy` is wrangler's dev proxy in front of it, which
   * listens on the port we were given and has no counterpart in production.
   */
  async workerdProcesses() {
    const parents = new Map();
    for (const name of await readdir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
      if (!stat) continue;
      // After "pid (comm) ": state, ppid, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), {
        ppid: Number(fields[1]),
        comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      });
    }
    const descends = (pid) => {
      for (let p = pid; p > 1; p = parents.get(p)?.ppid ?? 0) if (p === process.pid) return true;
      return false;
    };
    const workerds = [...parents].filter(([pid, { comm }]) => comm === 'workerd' && descends(pid));
    const proxy = workerds.find(([pid]) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`entry=127.0.0.1:${this.port}`),
    );
    // The app's workerd is the proxy's sibling: both are children of the same wrangler process.
    const worker = proxy && workerds.find(([pid, { ppid }]) => pid !== proxy[0] && ppid === proxy[1].ppid);
    if (!worker) throw new Error('cannot find the workerd processes of wrangler dev');
    return { worker: worker[0], proxy: proxy[0] };
  }
}
