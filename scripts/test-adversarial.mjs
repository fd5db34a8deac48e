#!/usr/bin/env node
// `npm run test:adversarial`: the adversarial suite (test/adversarial/*.test.mjs: fuzzing, hostile
// providers, leaks, load, the production configuration), two files at a time under `node --test`,
// each with its own `wrangler dev` on a free port and a fresh state directory. Picks the fuzz seed
// (FUZZ_SEED, or a random one) so every file uses and prints the same, then prints a summary of
// what the files recorded: cases tried, 5xx, leaks, lost writes, upstream calls per stampede.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations } from './dev-servers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'test/adversarial');

const seed = /^\d+$/.test(process.env.FUZZ_SEED ?? '')
  ? Number(process.env.FUZZ_SEED) >>> 0
  : Math.floor(Math.random() * 2 ** 32);
console.log(`Fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npm run test:adversarial)\n`);

const statsDir = await mkdtemp(join(tmpdir(), 'oauth-cc-adversarial-stats-'));
const files = (await readdir(DIR))
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => join(DIR, name));
const started = Date.now();
// One migrated local state for the run; each file's Worker starts from a copy (same D1 database
// id in both configurations).
const template = join(statsDir, 'state-template');
await applyMigrations({ persistTo: template });
// Two files at a time: much of each file's time is spent waiting (wrangler dev starting, the
// refresh floor, timeouts), and each has a Worker of its own. A request that is never answered
// ends at the harness's PATIENCE_MS; `node --test` applies its timeout to each whole file as well
// as to each test, so this one bounds a file (load.test.mjs: 100 s idle, 3–4 times that crowded).
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=900000', '--test-reporter=spec', ...files],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_SEED: String(seed),
      ADVERSARIAL_STATS_DIR: statsDir,
      ADVERSARIAL_STATE_TEMPLATE: template,
    },
  },
);
// Ctrl-C reaches the runner too (same process group); wait for it to clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
const code = await new Promise((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
const seconds = Math.round((Date.now() - started) / 1000);

const stats = {};
for (const name of (await readdir(statsDir)).filter((file) => file.endsWith('.json'))) {
  stats[name.replace(/\.json$/, '')] = JSON.parse(await readFile(join(statsDir, name), 'utf8'));
}
await rm(statsDir, { recursive: true, force: true });

/** A number a file recorded, or "?" when the file did not get as far as recording it. */
const n = (file, key) => stats[file]?.[key] ?? '?';
const sum = (...values) => (values.every((v) => typeof v === 'number') ? values.reduce((a, b) => a + b, 0) : '?');
const fuzzDev = stats['fuzz-development'];
const fuzzProd = stats['fuzz-production'];
const upstreamFailures =
  sum(fuzzDev?.fiveXx ?? 0, fuzzProd?.fiveXx ?? 0) -
  sum(n('fuzz-development', 'ourFiveXx'), n('fuzz-production', 'ourFiveXx'));

console.log(`
Adversarial summary (seed ${seed}, ${seconds} s)
  fuzz cases tried           ${sum(n('fuzz-development', 'cases'), n('fuzz-production', 'cases'))} (development ${n('fuzz-development', 'cases')}, production ${n('fuzz-production', 'cases')})
  hostile-provider cases     ${n('hostile-providers', 'hostileCases')}
  token-URL policy cases     ${n('production', 'policyCases')} (production)
  leak paths                 ${n('leaks', 'paths')} connect attempts and refreshes, ${n('leaks', 'answersScanned')} answers scanned
  5xx from our side          ${sum(n('fuzz-development', 'ourFiveXx'), n('fuzz-production', 'ourFiveXx'), n('hostile-providers', 'ourFiveXx'), n('load', 'ourFiveXx'))} (502/504 blamed on an unreachable or failing provider: ${Number.isNaN(upstreamFailures) ? '?' : upstreamFailures})
  unanswered requests        ${sum(n('fuzz-development', 'unanswered'), n('fuzz-production', 'unanswered'), n('hostile-providers', 'unanswered'))}
  leaks                      ${sum(n('leaks', 'leaks'), n('production', 'leaks'), n('hostile-providers', 'leaks'))}
  lost writes                ${n('load', 'lostWrites')} (${n('load', 'connects')} concurrent connects in ${n('load', 'connectSeconds')} s → ${n('load', 'rows')} rows; ${n('load', 'tokenCalls')} token calls; requests wrangler dev dropped and sent again: ${n('load', 'devServerRetries')})
  upstream calls per stampede ${stats.load?.stampedes?.join(', ') || '?'}
`);
process.exit(code);
