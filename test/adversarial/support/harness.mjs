// What every adversarial test file shares: a Worker under `wrangler dev` (development or
// production configuration) on a free port with a fresh state directory whose output is kept,
// requests on their own connections, the protocol's error codes, leak scanning and the stats
// the closing summary prints.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanUpWhenGone, freePort, lostByDevServer, request, startWorker } from '../../../scripts/dev-servers.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');

export { freePort, lostByDevServer, request };

const DEV_ADMIN_KEY = 'dev-admin-key';
export const HOST_ORIGIN = 'http://127.0.0.1:5173';
/**
 * The Worker's upstream timeout in these tests: production's 10 s. The hostile cases run side by
 * side, so the stalls cost little more than one timeout, and a provider in this process that
 * answers late on a busy machine (a 10 MB body, a gzip bomb) is not taken for a stall.
 */
export const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * How long a request may go without an answer before it counts as unanswered: the Worker answers
 * within its upstream timeout, and a crowded machine may take a good while longer (CI has run
 * this suite 2–4 times slower than an idle 2-core machine, and some answers then took over 60 s).
 */
export const PATIENCE_MS = 180_000;

/** Real-looking production secrets, written to an env file in the state directory (never in argv). */
export const PRODUCTION_SECRETS = {
  ADMIN_API_KEY: `prod-admin-${randomBytes(18).toString('base64url')}`,
  SESSION_SIGNING_KEY: `prod-signing-${randomBytes(32).toString('base64url')}`,
  ENCRYPTION_KEYS: `prod1:${randomBytes(32).toString('base64')}`,
};

/**
 * The protocol's codes, read from protocol/error-codes.ts itself (Node cannot import the
 * TypeScript): ERROR_CODES (the element's), and API_ERROR_CODES (the admin API's besides).
 */
async function protocolCodes() {
  const source = await readFile(join(ROOT, 'protocol/error-codes.ts'), 'utf8');
  const list = /export const ERROR_CODES = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const api = /const API_ERROR_CODES = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  if (!list || !api) throw new Error('protocol/error-codes.ts no longer declares ERROR_CODES and API_ERROR_CODES');
  const quoted = (text) => [...text.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  return { element: new Set(quoted(list)), api: new Set([...quoted(list), ...quoted(api)]) };
}
export const CODES = await protocolCodes();

/**
 * Starts `wrangler dev` with a fresh state directory. `production` runs `--env production` with
 * PRODUCTION_SECRETS from an env file. Every line wrangler and the Worker print is kept in `lines`.
 */
export async function startTestWorker({ production = false, vars = {} } = {}) {
  const temp = await mkdtemp(join(tmpdir(), 'oauth-cc-adversarial-'));
  cleanUpWhenGone({ paths: [temp] });
  const stateDir = join(temp, 'state');
  const devArgs = [];
  for (const [key, value] of Object.entries({ UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS), ...vars })) {
    devArgs.push('--var', `${key}:${value}`);
  }
  if (production) {
    const envFile = join(temp, 'production.env');
    const text = Object.entries(PRODUCTION_SECRETS)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    await writeFile(envFile, `${text}\n`, { mode: 0o600 });
    devArgs.push('--env-file', envFile);
  }
  // scripts/test-adversarial.mjs migrates one state directory for the whole run (migrations cost
  // a wrangler process each); each Worker starts from a fresh copy of it.
  const template = process.env.ADVERSARIAL_STATE_TEMPLATE;
  if (template) await cp(template, stateDir, { recursive: true });
  const lines = [];
  const worker = await startWorker({
    persistTo: stateDir,
    environment: production ? 'production' : undefined,
    devArgs,
    migrate: !template,
    onOutput: (line) => lines.push(line),
  });
  const adminKey = production ? PRODUCTION_SECRETS.ADMIN_API_KEY : DEV_ADMIN_KEY;
  return {
    url: worker.url,
    production,
    adminKey,
    lines,
    stateDir,
    /** Runs SQL on the local D1 through wrangler (`--json`); the rows of the last statement. */
    d1: (sql) => d1Execute(stateDir, sql, production),
    /** Every byte of the state directory (D1, Durable Objects, caches), file by file. */
    stateFiles: () => filesUnder(stateDir),
    stop: async () => {
      reportReloads(lines);
      await worker.stop();
      await rm(temp, { recursive: true, force: true });
    },
  };
}

/**
 * wrangler dev reloads the Worker when it sees its sources or configuration change, and a request
 * in flight then gets its "restarted mid-request" answer. None should happen in a run; when one
 * does, what wrangler printed just before it is shown, to tell what set it off.
 */
function reportReloads(lines) {
  const at = lines.flatMap((line, i) => (/Reloading local server/.test(line) ? [i] : []));
  if (at.length === 0) return;
  const context = at.map((i) => lines.slice(Math.max(0, i - 6), i + 2).join('\n')).join('\n…\n');
  console.error(`wrangler dev reloaded the Worker ${at.length} time(s) during this file:\n${context}`);
}

/**
 * `wrangler d1 execute` against the running Worker's local D1. Its own workerd opens the SQLite
 * file the Worker is writing; on a busy machine that read can fail while a write is under way, so
 * it is made again, until the database can be read (a few times at most).
 */
async function d1Execute(stateDir, sql, production) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await d1ExecuteOnce(stateDir, sql, production);
    } catch (error) {
      if (attempt === 5) throw error;
      await sleep(500 * attempt);
    }
  }
}

function d1ExecuteOnce(stateDir, sql, production) {
  const args = ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql];
  if (production) args.push('--env', 'production');
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrangler d1 execute failed (${code}): ${(err || out).slice(0, 1500)}`));
      try {
        resolve(JSON.parse(out).at(-1).results);
      } catch (error) {
        reject(new Error(`wrangler d1 execute printed no JSON: ${out.slice(0, 300)} ${error}`));
      }
    });
  });
}

async function filesUnder(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    files.push({ path, bytes: await readFile(path) });
  }
  return files;
}

export const newState = () => randomBytes(16).toString('base64url');

/**
 * A session for `body`'s tenant. (`request` sends again what wrangler dev's proxy lost before the
 * Worker had it: scripts/dev-servers.mjs lostByDevServer.)
 */
export async function mintSession(worker, body = {}) {
  const response = await request(`${worker.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${worker.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, ...body }),
  });
  if (response.status !== 201) throw new Error(`session: ${response.status} ${response.text}`);
  return response.json().token;
}

/** POST /v1/connect as the element's form (HTML answer) or its inline fetch (`json`). */
export function connect(worker, fields, { origin = HOST_ORIGIN, json = false, timeoutMs = PATIENCE_MS } = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (origin !== null) headers.origin = origin;
  if (json) headers.accept = 'application/json';
  const body = new URLSearchParams(fields).toString();
  return request(`${worker.url}/v1/connect`, { method: 'POST', headers, body, timeoutMs });
}

export const getToken = (worker, id, tenant, { timeoutMs = PATIENCE_MS } = {}) =>
  request(`${worker.url}/v1/connections/${id}/token?tenant=${encodeURIComponent(tenant)}`, {
    headers: { authorization: `Bearer ${worker.adminKey}` },
    timeoutMs,
  });

export const listConnections = (worker, tenant, { timeoutMs = PATIENCE_MS } = {}) =>
  request(`${worker.url}/v1/connections?tenant=${encodeURIComponent(tenant)}`, {
    headers: { authorization: `Bearer ${worker.adminKey}` },
    timeoutMs,
  });

export const readResult = (worker, session, state) =>
  request(`${worker.url}/v1/connect/result?state=${state}`, {
    headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
  });

/** The message the completion page posts to its opener (its JSON data block), or undefined. */
export function postedData(html) {
  const text = /<script type="application\/json" id="oauth-cc-data">([^<]*)<\/script>/.exec(html)?.[1];
  return text === undefined ? undefined : JSON.parse(text);
}

/** Runs `work` over `items` with at most `limit` in flight; results in order. */
export async function pool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long after a connect its token can be refreshed at the earliest: however short a lifetime
 * the provider grants, a connection asks upstream at most once per 10 s
 * (worker/connections/token-policy.ts), so a 1-second token is served for 10 s.
 */
export const PAST_REFRESH_FLOOR_MS = 10_200;

/**
 * A secret-looking value no code path could produce by chance: a one-letter tag and 96 random
 * bits (so every 12 characters in a row hold random ones), then characters every encoding changes.
 */
export const sentinel = (tag) => `${tag}-${randomBytes(12).toString('hex')}:/+=&?%`;

/**
 * The spellings a value can leak in: as is, percent- and form-encoded, HTML-escaped, JSON-escaped,
 * base64 and base64url at each of the three byte alignments. Compared without regard to case.
 */
function spellings(value) {
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const forms = [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ s: value }).toString().slice(2),
    html,
    JSON.stringify(value).slice(1, -1),
  ];
  for (let offset = 0; offset < 3; offset += 1) {
    const base64 = Buffer.from(value.slice(offset)).toString('base64');
    // The first and last characters of an alignment depend on the neighbouring bytes.
    forms.push(base64.slice(1, -4), Buffer.from(value.slice(offset)).toString('base64url').slice(1, -4));
  }
  return forms.map((form) => form.toLowerCase());
}

/**
 * A scanner for `values` (secrets, tokens): `find(text)` names what leaked, in which spelling,
 * when any 12 characters in a row of any spelling appear in `text`.
 */
export function leakScanner(values) {
  const PIECE = 12;
  const pieces = [];
  for (const [name, value] of Object.entries(values)) {
    spellings(value).forEach((form, index) => {
      for (let start = 0; start + PIECE <= form.length; start += 1) {
        pieces.push({ name, spelling: index, piece: form.slice(start, start + PIECE) });
      }
    });
  }
  return {
    find(text) {
      const haystack = String(text).toLowerCase();
      const hit = pieces.find(({ piece }) => haystack.includes(piece));
      return hit ? `${hit.name} (spelling ${hit.spelling}: "${hit.piece}")` : null;
    },
  };
}

/** Everything a response shows the caller: status line, headers, body. */
export const responseText = (response) => `${response.status}\n${JSON.stringify(response.headers)}\n${response.text}`;

/** Adds this file's numbers to the run's summary (printed by scripts/test-adversarial.mjs). */
export async function recordStats(name, stats) {
  const dir = process.env.ADVERSARIAL_STATS_DIR;
  if (!dir) return;
  await writeFile(join(dir, `${name}.json`), JSON.stringify(stats));
}
