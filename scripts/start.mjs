#!/usr/bin/env node
// `npm start`: the Worker (wrangler dev, local D1 with the migrations applied) on 127.0.0.1:8787
// and the demo page (Vite) on 127.0.0.1:5173. Ctrl-C stops both. Offline; no Cloudflare account.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { portInUse, startDemo, startWorker } from './dev-servers.mjs';

const WORKER_PORT = 8787;
const DEMO_PORT = 5173;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const dim = (text) => (process.stdout.isTTY ? `\u001b[2m${text}\u001b[22m` : text);
const bold = (text) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);

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
    // The Worker's request log and any warning or error; not wrangler's banners and tables.
    onOutput: (line) => /^\[wrangler:|✘|▲|error/i.test(line.trim()) && console.log(dim(`[worker] ${line.trim()}`)),
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
