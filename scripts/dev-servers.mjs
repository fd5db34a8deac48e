// The local stack, as `npm start`, the screenshots and the end-to-end tests run it: the Worker
// under `wrangler dev` (local D1, migrations applied first) and the demo page under Vite.
// Nothing here needs a Cloudflare account or the internet.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url));
const DEMO_CONFIG = fileURLToPath(new URL('../demo/vite.config.ts', import.meta.url));

// wrangler would otherwise send usage metrics and look up the machine's location online.
const OFFLINE_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  FORCE_COLOR: '0',
};

/** Process groups still running; killed when this process exits for any reason. */
const groups = new Set();
process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** A port nothing listens on right now, on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already accepts connections on 127.0.0.1:`port`. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() || true));
    socket.once('error', () => resolve(false));
  });
}

/**
 * wrangler dev's own answer, not the Worker's: its proxy (a workerd of its own in front of the
 * Worker's) could not hand the request over, and it says "Your worker restarted mid-request"
 * (503, text/plain) although nothing restarted. The proxy keeps idle connections to the Worker
 * for 5 s and the Worker's runtime closes them after 5 s too, so a request written to one as it
 * closes is lost before the Worker reads it (cloudflare/workers-sdk#14641); wrangler 4.86 answers
 * that 503 for a POST, and holds a GET until the next request arrives.
 */
export const lostByDevServer = (response) =>
  response.status === 503 && /^Your worker restarted mid-request/.test(response.text);

/**
 * One HTTP request on its own connection (wrangler dev 4.86 can lose the reply to a request sent
 * on a keep-alive connection that sat idle for a few seconds, so no connection is ever reused).
 * A request that wrangler's proxy lost (lostByDevServer) never reached the Worker, so it is sent
 * again, twice at most, and said on stderr; any other answer is returned as it came. Rejects when
 * no answer has come within `timeoutMs`.
 */
export async function request(url, options = {}) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await requestOnce(url, options);
    if (!lostByDevServer(response) || attempt === 3) return response;
    console.error(`wrangler dev's proxy lost ${options.method ?? 'GET'} ${new URL(url).pathname}; sent again`);
  }
}

function requestOnce(url, { method = 'GET', headers = {}, body, timeoutMs = 15_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
      // The connection dropped in the middle of the answer.
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${method} ${url}`)));
    req.end(body);
  });
}

/**
 * Once this process is gone, however it ended (even SIGKILL, which runs no exit hook), kills the
 * process group `group` and removes `paths`: a small watcher process outside this one does it.
 */
export function cleanUpWhenGone({ group = 0, paths = [] }) {
  const watcher = `
    const [parent, group, ...paths] = process.argv.slice(1).map((arg, i) => (i < 2 ? Number(arg) : arg));
    const alive = (pid) => { try { return process.kill(pid, 0); } catch (error) { return error.code === 'EPERM'; } };
    const timer = setInterval(() => {
      if (alive(parent)) return;
      clearInterval(timer);
      if (group) try { process.kill(-group, 'SIGKILL'); } catch {}
      for (const path of paths) require('node:fs').rmSync(path, { recursive: true, force: true });
    }, 1000);`;
  spawn(process.execPath, ['-e', watcher, String(process.pid), String(group), ...paths], {
    detached: true,
    stdio: 'ignore',
  }).unref();
}

/**
 * Runs a command in its own process group (so it can be stopped whole: `npx`/wrangler leave
 * workerd behind otherwise). `onOutput` gets each line of stdout and stderr, without colour
 * codes (wrangler colours its warnings whatever FORCE_COLOR says); a caller styles them itself.
 */
function spawnGroup(command, args, onOutput) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: OFFLINE_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.add(child.pid);
  cleanUpWhenGone({ group: child.pid });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      groups.delete(child.pid);
      // The group may outlive its leader (workerd); it goes with it.
      killGroup(child.pid, 'SIGKILL');
      resolve({ code, signal });
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) onOutput(stripVTControlCharacters(line));
    });
  }
  const stop = async () => {
    if (!groups.has(child.pid)) return exited;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  return { child, exited, stop };
}

async function run(command, args, onOutput) {
  const lines = [];
  const { exited } = spawnGroup(command, args, (line) => {
    lines.push(line);
    onOutput(line);
  });
  const { code } = await exited;
  if (code !== 0)
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${code}):\n${lines.slice(-20).join('\n')}`);
}

async function waitFor(check, what, { timeoutMs, exited }) {
  let gone = false;
  exited?.then(() => (gone = true));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (gone) throw new Error(`${what} exited before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}

/** Applies the D1 migrations to the local state in `persistTo` (default `.wrangler/state`). */
export function applyMigrations({ persistTo, environment, onOutput = () => {} } = {}) {
  const persist = persistTo ? ['--persist-to', persistTo] : [];
  const env = environment ? ['--env', environment] : [];
  return run(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', ...env, ...persist], onOutput);
}

/** What startWorker asks for until the Worker answers it: a route that needs no credentials. */
export const READY_PATH = '/v1/openapi.json';

/**
 * Applies the D1 migrations (unless `migrate` is false: a state directory copied from a migrated
 * one), then starts `wrangler dev` on 127.0.0.1:`port` (a free port when none is given).
 * `persistTo` is the local state directory (default: wrangler's own `.wrangler/state`).
 * `environment` picks a wrangler.toml environment (`production`); `vars` override its [vars]
 * (`--var NAME:value`, e.g. a WEBHOOK_URL at a demo on another port); `inspectorPort` is its
 * devtools port (a free one when none is given); `devArgs` go to `wrangler dev` only
 * (`--env-file` …). Resolves once the Worker answers HTTP; `stop()` ends wrangler and workerd.
 */
export async function startWorker({
  port,
  inspectorPort,
  persistTo,
  environment,
  vars = {},
  devArgs = [],
  migrate = true,
  onOutput = () => {},
}) {
  if (migrate) await applyMigrations({ persistTo, environment, onOutput });
  for (let attempt = 1; ; attempt += 1) {
    const said = [];
    try {
      return await launchWorker({
        port: port ?? (await freePort()),
        // Its own devtools port too: wrangler dev takes 9229 by default, and two starting at
        // once (test suites side by side, or beside another developer's) both try to bind it.
        inspectorPort: inspectorPort ?? (await freePort()),
        args: [
          ...(environment ? ['--env', environment] : []),
          ...(persistTo ? ['--persist-to', persistTo] : []),
          ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
          ...devArgs,
        ],
        onOutput: (line) => {
          said.push(line);
          onOutput(line);
        },
      });
    } catch (error) {
      // A free port can be taken between our look and wrangler's bind: try others, when ours to choose.
      const taken = said.some((line) => line.includes('Address already in use'));
      if (!taken || attempt === 3 || (port !== undefined && inspectorPort !== undefined)) {
        error.message += `; wrangler said:\n${said.slice(-15).join('\n')}`;
        throw error;
      }
    }
  }
}

async function launchWorker({ port, inspectorPort, args, onOutput }) {
  const server = spawnGroup(
    WRANGLER,
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      ...args,
    ],
    (line) => line.includes(HEARTBEAT_PATH) || onOutput(line),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    // The OpenAPI document answers 200 without credentials once the app is serving (and the
    // Worker's log shows one quiet GET for it, not a 401). Patient: a busy machine starts slowly.
    await waitFor(async () => (await request(`${url}${READY_PATH}`)).status === 200, 'wrangler dev', {
      timeoutMs: 180_000,
      exited: server.exited,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const heartbeat = keepProxyWarm(url);
  const stop = () => {
    clearInterval(heartbeat);
    return server.stop();
  };
  return { url, exited: server.exited, stop };
}

/** The path of keepProxyWarm's requests: no route of the Worker's, and left out of wrangler's log. */
const HEARTBEAT_PATH = '/__dev-heartbeat';

/**
 * A HEAD request to the Worker every second while wrangler dev runs. Its proxy reuses the idle
 * connection it used last (workerd's pool is last in, first out), so with one used every second
 * the next request rarely meets one that has sat idle for the 5 s after which it is closed under
 * it (lostByDevServer); and a GET the proxy held after such a loss is sent on at the next beat
 * rather than whenever the next request happens to come.
 */
function keepProxyWarm(url) {
  const beat = () => requestOnce(`${url}${HEARTBEAT_PATH}`, { method: 'HEAD', timeoutMs: 5000 }).catch(() => {});
  const timer = setInterval(beat, 1000);
  timer.unref();
  return timer;
}

/**
 * Starts the demo page's Vite server in this process on 127.0.0.1:`port`.
 * `cacheDir` keeps a test's dependency pre-bundling apart from `npm start`'s. `frozen` (tests,
 * screenshots) serves the files as they were and never reloads a page: `npm test` rebuilds
 * custom-elements.json, which the page imports, while the end-to-end tests run, and a reload
 * in the middle of a connect loses the element that was waiting for its outcome.
 */
export async function startDemo({ port, cacheDir, logLevel = 'info', frozen = false }) {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: DEMO_CONFIG,
    logLevel,
    clearScreen: false,
    ...(cacheDir ? { cacheDir } : {}),
    server: { host: '127.0.0.1', port, strictPort: true, ...(frozen ? { hmr: false, watch: null } : {}) },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
