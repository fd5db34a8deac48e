#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end files (test/e2e/*.test.mjs) under `node --test`, all against
// one stack started here once (test/e2e/support/stack.mjs): wrangler dev, the demo page,
// oidc-provider, Chromium. Two files at a time (each keeps to tenants and connections of its
// own), then the files that change what the others use, alone. Files named on the command line
// run one at a time: `npm run test:e2e -- test/e2e/connect.test.mjs`. Ends with the line
// "e2e: N passed, N failed".
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { launchStack } from '../test/e2e/support/stack.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'test/e2e');

/**
 * `node --test` applies its timeout to each file as a whole as well as to each test, so this is
 * a bound on a whole file (connect.test.mjs runs 80 s on an idle machine, 3–4 times that on a
 * crowded one). A wait for a state that never comes ends much sooner, at the stack's WAIT_MS,
 * saying what it waited for.
 */
const TEST_TIMEOUT_MS = 900_000;

/**
 * Files that change what every file uses, run alone after the others: sandbox.test.mjs rotates
 * sandbox-ok's secret (the demo's reconnect walkthrough), and the others connect with it.
 */
const ALONE = new Set(['sandbox.test.mjs']);

const named = process.argv.slice(2);
const all = (await readdir(DIR)).filter((name) => name.endsWith('.test.mjs')).sort();
const phases = named.length
  ? [{ files: named, concurrency: 1 }]
  : [
      { files: all.filter((name) => !ALONE.has(name)).map((name) => join(DIR, name)), concurrency: 2 },
      { files: all.filter((name) => ALONE.has(name)).map((name) => join(DIR, name)), concurrency: 1 },
    ].filter((phase) => phase.files.length > 0);

const started = Date.now();
const stack = await launchStack({ browserServer: true });
const { worker, demo } = stack.describe();
console.log(`Stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Worker ${worker}, demo ${demo}\n`);

// Ctrl-C reaches the runner too (same process group); the stack goes once it has finished.
for (const signal of ['SIGINT', 'SIGTERM']) process.removeAllListeners(signal).on(signal, () => {});

/** Runs one phase's files; resolves with its exit code and its pass and fail counts. */
function runPhase({ files, concurrency }) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--test',
        `--test-concurrency=${concurrency}`,
        `--test-timeout=${TEST_TIMEOUT_MS}`,
        '--test-reporter=spec',
        ...files,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, E2E_STACK: JSON.stringify(stack.describe()) },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (exit) => {
      const count = (what) => Number(new RegExp(`ℹ ${what} (\\d+)`).exec(stripVTControlCharacters(output))?.[1] ?? 0);
      resolve({ code: exit ?? 1, passed: count('pass'), failed: count('fail') });
    });
  });
}

let code = 0;
let passed = 0;
let failed = 0;
for (const phase of phases) {
  const result = await runPhase(phase);
  code ||= result.code;
  passed += result.passed;
  failed += result.failed;
}
if (code !== 0) {
  console.log(`\nThe Worker's last log lines (wrangler dev):\n${stack.workerLog.slice(-100).join('\n')}`);
}
await stack.stop();
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(code);
