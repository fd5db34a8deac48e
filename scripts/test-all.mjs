#!/usr/bin/env node
// `npm test`: the type check, lint (ESLint, Prettier, knip: one check each), the package build
// (once, for the bundle's tests, its size budget and the packed package), then every suite:
// workerd, Chromium on the sources and on the built bundle, the bundle's size budget, the packed
// package, the provider emulations, the lint rules' own tests, end to end, adversarial.
//
// Steps run side by side as far as the machine allows: each has a weight (about how many cores
// it keeps busy) and steps start, longest first, while their weights fit in the machine's cores
// plus two (the end-to-end and adversarial suites spend much of their time waiting on servers,
// and every suite waits for states, not times, so a busy machine slows it but does not fail it).
// Steps that only compute (type check, lint, build, the package's and the tools' checks) run
// under `nice`: the suites that wait on servers and timeouts (end to end, adversarial, workerd,
// Chromium) get the cores first when they need them, and the batch steps take what is left. On a
// crowded machine this is what keeps a 10 s upstream timeout from looking like a lost answer.
// TEST_JOBS=N sets that budget (TEST_JOBS=1: one step at a time). Each step's output is printed
// whole when it ends; the run ends with a table of the steps' times, then one line
// "N passed, N failed" totalled over the lint checks and all suites.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { stripVTControlCharacters } from 'node:util';

const VITEST = /Tests\s+(?:(\d+) failed\s*\|\s*)?(\d+) passed/;
/** web-test-runner's totals, and the same words in test:size's and test:e2e's last lines. */
const WTR = /(\d+) passed, (\d+) failed/;
const NODE_TEST = /ℹ pass (\d+)\s+ℹ fail (\d+)/;

/**
 * `script`: the npm script; `counts`: how its runner reports its totals (null: one check, passed
 * when it exits 0; 'none': no count, a failure stops what needs it); `needs`: steps that must
 * have passed first; `weight`: cores it keeps busy; `estimate`: seconds on an idle 2-core
 * machine, to start the longest first; `batch`: only computes, so it runs at a lower priority.
 */
const STEPS = [
  // Mostly waiting (wrangler dev starting, timeouts, the refresh floor, queue deliveries): half a core.
  { script: 'test:adversarial', counts: [NODE_TEST, 'passed', 'failed'], weight: 0.5, estimate: 150 },
  { script: 'test:e2e', counts: [WTR, 'passed', 'failed'], weight: 0.5, estimate: 130 },
  { script: 'test:worker', counts: [VITEST, 'failed', 'passed'], weight: 2, estimate: 60 },
  { script: 'typecheck', counts: 'none', weight: 1, estimate: 30, batch: true },
  { script: 'build', counts: 'none', weight: 1, estimate: 12, batch: true },
  { script: 'test:widget', counts: [WTR, 'passed', 'failed'], weight: 1, estimate: 20 },
  // The same tests on the built bundle; then its gzip -9 budget (one check); then the packed package.
  { script: 'test:bundle', counts: [WTR, 'passed', 'failed'], needs: ['build'], weight: 1, estimate: 18 },
  {
    script: 'test:package',
    counts: [NODE_TEST, 'passed', 'failed'],
    needs: ['build'],
    weight: 1,
    estimate: 20,
    batch: true,
  },
  { script: 'lint:eslint', counts: null, weight: 1, estimate: 10, batch: true },
  { script: 'lint:format', counts: null, weight: 1, estimate: 10, batch: true },
  { script: 'lint:knip', counts: null, weight: 1, estimate: 5, batch: true },
  // Each provider emulation against its provider's docs; the lint rules that keep the layers.
  { script: 'test:tools', counts: [NODE_TEST, 'passed', 'failed'], weight: 1, estimate: 6, batch: true },
  { script: 'test:size', counts: [WTR, 'passed', 'failed'], needs: ['build'], weight: 0, estimate: 1 },
  { script: 'test:emulations', counts: [NODE_TEST, 'passed', 'failed'], weight: 0, estimate: 1 },
].sort((a, b) => b.estimate - a.estimate);

const budget = Number(process.env.TEST_JOBS) || availableParallelism() + 2;

// Strip colours so the totals can be read, and keep tools from phoning home. The build step's
// dist/ is what the bundle, size and package steps test (they build it themselves when run alone).
const env = {
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  OAUTH_CC_PREBUILT: '1',
};

const started = Date.now();
const seconds = (ms) => (ms / 1000).toFixed(1);
const clock = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Runs `npm run -s script` (under `nice` for a batch step); resolves with its exit code and everything it printed. */
function run({ script, batch }) {
  return new Promise((resolve) => {
    let output = '';
    const command = ['npm', 'run', '-s', script];
    const [file, ...args] = batch ? ['nice', '-n', '10', ...command] : command;
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A step's result: its counts, and whether it passed. */
function judge(step, { code, output }) {
  if (step.counts === 'none')
    return { passed: 0, failed: 0, ok: code === 0, note: code === 0 ? 'ok' : `failed (exit ${code})` };
  if (step.counts === null) {
    return {
      passed: code === 0 ? 1 : 0,
      failed: code === 0 ? 0 : 1,
      ok: code === 0,
      note: code === 0 ? 'passed' : `failed (exit ${code})`,
    };
  }
  const [pattern, ...order] = step.counts;
  const match = [...stripVTControlCharacters(output).matchAll(new RegExp(pattern, 'g'))].at(-1);
  const counts = { passed: 0, failed: 0 };
  if (match) order.forEach((key, i) => (counts[key] = Number(match[i + 1] ?? 0)));
  // A runner that crashed or ran nothing counts as a failure even if no test reported one.
  const ok = code === 0 && match && counts.passed > 0 && counts.failed === 0;
  return {
    ...counts,
    ok,
    note: `${counts.passed} passed, ${counts.failed} failed${code === 0 ? '' : ` (exit ${code})`}`,
  };
}

const results = new Map();
const running = new Set();
const pending = [...STEPS];

await new Promise((done) => {
  const schedule = () => {
    for (const step of [...pending]) {
      const needs = step.needs ?? [];
      if (needs.some((name) => results.has(name) && !results.get(name).ok)) {
        pending.splice(pending.indexOf(step), 1);
        results.set(step.script, {
          ok: false,
          passed: 0,
          failed: 0,
          note: `not run: ${needs.join(', ')} failed`,
          skipped: true,
        });
        continue;
      }
      if (!needs.every((name) => results.get(name)?.ok)) continue;
      const load = [...running].reduce((sum, s) => sum + s.weight, 0);
      // A step always starts when nothing runs, whatever its weight.
      if (running.size > 0 && load + step.weight > budget) continue;
      pending.splice(pending.indexOf(step), 1);
      running.add(step);
      step.start = Date.now() - started;
      console.log(`▶ ${step.script} started at ${clock(step.start)}`);
      run(step).then((outcome) => {
        step.time = Date.now() - started - step.start;
        const result = judge(step, outcome);
        results.set(step.script, result);
        running.delete(step);
        console.log(`\n━━━ npm run ${step.script} ━━━\n`);
        process.stdout.write(outcome.output.endsWith('\n') ? outcome.output : `${outcome.output}\n`);
        console.log(`\n${step.script}: ${result.note} in ${seconds(step.time)} s\n`);
        schedule();
      });
    }
    if (running.size === 0 && pending.length === 0) done();
  };
  schedule();
});

const wall = Date.now() - started;
const rows = STEPS.map((step) => [
  step.script,
  step.start === undefined ? '' : clock(step.start),
  step.time === undefined ? '' : `${seconds(step.time)} s`,
  results.get(step.script).note,
]).sort((a, b) => (a[1] || '9').localeCompare(b[1] || '9'));
const header = ['step', 'start', 'time', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) =>
  cells
    .map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
console.log(`\nStep times (${STEPS.length} steps, at most ${budget} cores' worth at once; wall ${clock(wall)}):\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));

let passed = 0;
let failed = 0;
for (const result of results.values()) {
  passed += result.passed;
  failed += result.failed;
}
const failures = STEPS.filter((step) => !results.get(step.script).ok).map((step) => step.script);
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
