#!/usr/bin/env node
// `npm test`: the type check, then lint (ESLint, Prettier, knip: one check each), then every
// suite in turn (workerd, Chromium on the sources and on the built bundle, the bundle's size
// budget, the packed package, end to end, adversarial), each with its own runner; ends with one
// line "N passed, N failed" totalled over the lint checks and all suites.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;

/** `npm run lint` in its parts, so each tool counts as one check and all three always run. */
const LINT = ['lint:eslint', 'lint:format', 'lint:knip'];

/** How each runner reports its totals on its last lines. */
const SUITES = [
  { script: 'test:worker', pattern: /Tests\s+(?:(\d+) failed\s*\|\s*)?(\d+) passed/, order: ['failed', 'passed'] },
  { script: 'test:widget', pattern: /(\d+) passed, (\d+) failed/, order: ['passed', 'failed'] },
  { script: 'test:bundle', pattern: /(\d+) passed, (\d+) failed/, order: ['passed', 'failed'] },
  // The self-contained bundle's gzip -9 budget: one check (scripts/check-size.mjs).
  { script: 'test:size', pattern: /(\d+) passed, (\d+) failed/, order: ['passed', 'failed'] },
  { script: 'test:package', pattern: /ℹ pass (\d+)\s+ℹ fail (\d+)/, order: ['passed', 'failed'] },
  // Each provider emulation against its provider's docs; the lint rules that keep the layers.
  { script: 'test:emulations', pattern: /ℹ pass (\d+)\s+ℹ fail (\d+)/, order: ['passed', 'failed'] },
  { script: 'test:tools', pattern: /ℹ pass (\d+)\s+ℹ fail (\d+)/, order: ['passed', 'failed'] },
  { script: 'test:e2e', pattern: /ℹ pass (\d+)\s+ℹ fail (\d+)/, order: ['passed', 'failed'] },
  { script: 'test:adversarial', pattern: /ℹ pass (\d+)\s+ℹ fail (\d+)/, order: ['passed', 'failed'] },
];

// Strip colours so the totals can be read, and keep tools from phoning home.
const env = {
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

function run(script) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', ['run', '-s', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code, output }));
  });
}

let passed = 0;
let failed = 0;
let broken = false;
/** What to name in the closing lines. */
const failures = [];

const typecheck = await run('typecheck');
if (typecheck.code !== 0) {
  console.log('\nThe type check failed.');
  failures.push('typecheck');
  broken = true;
}

for (const script of LINT) {
  if (!scripts[script]) continue;
  console.log(`\n▶ npm run ${script}\n`);
  const { code } = await run(script);
  console.log(`\n${script}: ${code === 0 ? 'passed' : `failed (exit ${code})`}`);
  if (code === 0) passed += 1;
  else {
    failed += 1;
    failures.push(script);
  }
}

for (const suite of SUITES) {
  if (!scripts[suite.script]) continue;
  console.log(`\n▶ npm run ${suite.script}\n`);
  const { code, output } = await run(suite.script);
  const match = [...stripVTControlCharacters(output).matchAll(new RegExp(suite.pattern, 'g'))].at(-1);
  const counts = { passed: 0, failed: 0 };
  if (match) suite.order.forEach((key, i) => (counts[key] = Number(match[i + 1] ?? 0)));
  passed += counts.passed;
  failed += counts.failed;
  console.log(`\n${suite.script}: ${counts.passed} passed, ${counts.failed} failed (exit ${code})`);
  // A runner that crashed or ran nothing counts as a failure even if no test reported one.
  const crashed = code !== 0 || !match || counts.passed === 0;
  if (crashed) broken = true;
  if (crashed || counts.failed > 0) failures.push(suite.script);
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
