#!/usr/bin/env node
// `npm run bench [-- SECTION …]`: runs the benchmarks (all, or the sections named: size, click,
// token, stampede, cpu, growth), starting and stopping everything they need, and prints one
// Markdown table. Exits non-zero only when the self-contained bundle is over its size budget.
// BENCHMARKS.md explains each figure.
import console from 'node:console';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

// wrangler dev logs every request at info level, in its own Node process: work on this machine's
// two cores that production does not do. Set before dev-servers.mjs copies the environment.
process.env.WRANGLER_LOG ??= 'warn';
const { SECTIONS, startStack } = await import('./sections.mjs');
const { markdownTable } = await import('./table.mjs');

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !SECTIONS[name]);
if (unknown.length > 0) {
  console.error(`Unknown section ${unknown.join(', ')}. Sections: ${Object.keys(SECTIONS).join(', ')}.`);
  process.exit(2);
}
const names = Object.keys(SECTIONS).filter((name) => chosen.length === 0 || chosen.includes(name));
const log = (text) => console.error(`  ${text}`);
const started = performance.now();
const loadAtStart = loadavg()[0];

let stack;
let stopping;
const stop = () => (stopping ??= stack?.stop());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stop();
    process.exit(130);
  });
}

const rows = [];
let budgetExceeded = false;
let chromium = '';
let stackError;
if (names.some((name) => SECTIONS[name].stack)) {
  console.error('▶ starting wrangler dev (fresh local state) and the token server…');
  try {
    stack = await startStack({ log });
    for (const name of names) await SECTIONS[name].prepare?.(stack);
  } catch (error) {
    console.error(error);
    stackError = error;
  }
}
for (const name of names) {
  const section = SECTIONS[name];
  console.error(`▶ ${name}`);
  try {
    if (section.stack && stackError) throw new Error(`the stack did not start: ${stackError.message}`);
    const result = await section.run({ stack, log });
    rows.push(...result.rows);
    if (result.budgetExceeded) budgetExceeded = true;
    if (result.chromium) chromium = result.chromium;
  } catch (error) {
    if (!stackError) console.error(error);
    rows.push({ section: name, measure: 'did not finish', figure: String(error.message).split('\n')[0] });
  }
}
await stop();

const [cpu] = cpus();
const seconds = Math.round((performance.now() - started) / 1000);
console.log(
  `\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpu?.model.trim() ?? 'CPU'} · load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)} · Node ${process.version}${chromium ? ` · Chromium ${chromium}` : ''}\n`,
);
console.log(markdownTable(rows));
console.log(`\nnpm run bench${chosen.length ? ` -- ${chosen.join(' ')}` : ''}: ${seconds} s`);
if (budgetExceeded) console.log('The self-contained bundle is over its size budget.');
process.exit(budgetExceeded ? 1 : 0);
