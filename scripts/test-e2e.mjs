#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end files (test/e2e/*.test.mjs) under `node --test`, one file at a
// time, all against one stack started here once (test/e2e/support/stack.mjs): wrangler dev, the
// demo page, oidc-provider, Chromium. A file named on the command line runs alone:
// `npm run test:e2e -- test/e2e/connect.test.mjs`.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchStack } from '../test/e2e/support/stack.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'test/e2e');

/** A test that waits for a state that never comes ends here, with what it was waiting for. */
const TEST_TIMEOUT_MS = 180_000;

const named = process.argv.slice(2);
const files = named.length
  ? named
  : (await readdir(DIR))
      .filter((name) => name.endsWith('.test.mjs'))
      .sort()
      .map((name) => join(DIR, name));

const started = Date.now();
const stack = await launchStack({ browserServer: true });
console.log(
  `Stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Worker ${stack.describe().worker}, demo ${stack.describe().demo}\n`,
);

const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, E2E_STACK: JSON.stringify(stack.describe()) } },
);
// Ctrl-C reaches the runner too (same process group); the stack goes once it has finished.
for (const signal of ['SIGINT', 'SIGTERM']) process.removeAllListeners(signal).on(signal, () => {});
const code = await new Promise((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
if (code !== 0) {
  console.log(`\nThe Worker's last log lines (wrangler dev):\n${stack.workerLog.slice(-100).join('\n')}`);
}
await stack.stop();
process.exit(code);
