#!/usr/bin/env node
// `npm start`: the Worker (wrangler dev, local D1 with the migrations applied) on 127.0.0.1:8787
// and the demo page (Vite) on 127.0.0.1:5173. Ctrl-C stops both. Offline; no Cloudflare account.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { portInUse, READY_PATH, startDemo, startWorker } from './dev-servers.mjs';

const WORKER_PORT = 8787;
const DEMO_PORT = 5173;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Styles only for a terminal: piped into a file or another program, the output is plain text.
const styled = (open, close) => (text) => (process.stdout.isTTY ? `\u001b[${open}m${text}\u001b[${close}m` : text);
const dim = styled(2, 22);
const bold = styled(1, 22);
const yellow = styled(33, 39);
const red = styled(31, 39);

for (const [port, what] of [
  [WORKER_PORT, 'the Worker'],
  [DEMO_PORT, 'the demo'],
]) {
  if (await portInUse(port)) {
    console.error(
      `Port ${port}, where ${what} runs, is already taken. Stop whatever uses it (an earlier npm start?) and try again.`,
    );
    process.exit(1);
  }
}

// The demo's API table reads custom-elements.json; a fresh checkout has it, but regenerate it if not.
if (!existsSync(new URL('../custom-elements.json', import.meta.url))) {
  console.log('custom-elements.json is missing; generating it (npm run analyze)…');
  spawnSync('npm', ['run', '-s', 'analyze'], { cwd: ROOT, stdio: 'inherit' });
}

let worker;
let demo;
let stopping = false;

let probeSeen = false;
/**
 * One line of what wrangler and the Worker print, as a person reading along wants it: each
 * request, and what the Worker logs about it (its JSON log lines in a few words), without
 * wrangler's banners and tables, its notice that cron triggers do not fire locally, the
 * readiness probe's own request, or the `▲ [WARNING]` frame wrangler puts around every
 * console.warn (an expected failure, such as a sandbox client refused, is not a warning to you).
 */
function showWorkerLine(line) {
  const request = /^\[wrangler:info\] (.*)$/.exec(line)?.[1];
  if (request !== undefined) {
    if (request.startsWith('Ready on ')) return;
    if (!probeSeen && request.startsWith(`GET ${READY_PATH} `)) return void (probeSeen = true);
    return console.log(dim(`[worker] ${request}`));
  }
  const framed = /^(▲|✘) \[(WARNING|ERROR)\] (.*)$/.exec(line);
  if (framed) {
    const [, , kind, text] = framed;
    if (text.startsWith('Scheduled Workers are not automatically triggered')) return;
    const event = workerEvent(text);
    if (event) return console.log(dim(`[worker]   ${event}`));
    return console.log((kind === 'ERROR' ? red : yellow)(`[worker] ${kind.toLowerCase()}: ${text}`));
  }
  const event = workerEvent(line);
  if (event) console.log(dim(`[worker]   ${event}`));
  else if (/error/i.test(line)) console.log(red(`[worker] ${line}`));
}

/** The Worker's JSON log line `{"event":…,"code":…,…}` as "event code (key value, …)", or null. */
function workerEvent(text) {
  try {
    const { event, code, ...rest } = JSON.parse(text);
    if (typeof event !== 'string') return null;
    const facts = Object.entries(rest).map(
      ([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
    return `${event}${code ? ` ${code}` : ''}${facts.length ? ` (${facts.join(', ')})` : ''}`;
  } catch {
    return null;
  }
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await Promise.allSettled([worker?.stop(), demo?.stop()]);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));

try {
  console.log('Applying the D1 migrations and starting the Worker…');
  worker = await startWorker({
    port: WORKER_PORT,
    // Devtools where they usually are, unless something (another wrangler dev) has that port.
    inspectorPort: (await portInUse(9229)) ? undefined : 9229,
    onOutput: (line) => showWorkerLine(line.trim()),
  });
  worker.exited.then(({ code }) => {
    if (stopping) return;
    console.error(`The Worker stopped unexpectedly (exit ${code}).`);
    stop(1);
  });
  demo = await startDemo({ port: DEMO_PORT, logLevel: 'warn' });
} catch (error) {
  console.error(error.message);
  await stop(1);
}

console.log(`
  ${bold('Worker')}  ${worker.url}      admin key: dev-admin-key
  ${bold('Demo')}    ${demo.url}/

  Press Ctrl-C to stop both.
`);
