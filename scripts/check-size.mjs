#!/usr/bin/env node
// `npm run test:size` (part of `npm test`): builds the self-contained module (`npm run
// build:bundle`: the element with Lit, minified; under `npm test`, its build step did) and fails
// when it is over its gzip -9 budget.
// Both measures must hold: node:zlib at level 9 and the README's `gzip -9 -c FILE | wc -c`.
// Ends with "N passed, N failed" like the other suites, so scripts/test-all.mjs counts it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLE_BUDGET_BYTES, compressedSizes, gzipCliSize } from '../bench/compressed-size.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/oauth-cc-connect.bundle.js', import.meta.url));
const bytes = (n) => `${n.toLocaleString('en-US')} B`;

// `npm test` builds the package once for every step that tests it (OAUTH_CC_PREBUILT).
if (process.env.OAUTH_CC_PREBUILT !== '1') {
  const build = spawnSync('npm', ['run', '-s', 'build:bundle'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('\nThe bundle did not build.\nsize: 0 passed, 1 failed');
    process.exit(1);
  }
}

const sizes = compressedSizes(readFileSync(BUNDLE));
const cli = gzipCliSize(BUNDLE);
const largest = Math.max(sizes.gzip, cli ?? 0);
const within = largest <= BUNDLE_BUDGET_BYTES;
console.log(`\ndist/oauth-cc-connect.bundle.js (Lit included): ${bytes(sizes.raw)} raw`);
console.log(`  gzip -9 (node:zlib)      ${bytes(sizes.gzip)}`);
console.log(`  gzip -9 -c FILE | wc -c  ${cli === null ? 'no gzip binary here' : bytes(cli)}`);
console.log(`  brotli (quality 11)      ${bytes(sizes.brotli)}`);
console.log(
  within
    ? `within the ${bytes(BUNDLE_BUDGET_BYTES)} gzip -9 budget (${bytes(BUNDLE_BUDGET_BYTES - largest)} to spare)`
    : `OVER the ${bytes(BUNDLE_BUDGET_BYTES)} gzip -9 budget by ${bytes(largest - BUNDLE_BUDGET_BYTES)}`,
);
console.log(`\nsize budget: ${within ? 1 : 0} passed, ${within ? 0 : 1} failed`);
process.exit(within ? 0 : 1);
