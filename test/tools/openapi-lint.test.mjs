// GET /v1/openapi.json passes Redocly's recommended rules (redocly.yaml) with no error and no
// warning. The document is the one the Worker serves: its app (worker/app.ts, bundled for Node
// by esbuild, the same code wrangler bundles) answers the request in process, which costs a
// second or two where `wrangler dev` would cost several. Then `redocly lint` runs on it, as a
// developer would run it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { build } from 'esbuild';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
after(() => rm(temp, { recursive: true, force: true }));

/** wrangler.toml's development [vars]: the settings the app checks on every request. */
async function developmentVars() {
  const toml = await readFile(join(ROOT, 'wrangler.toml'), 'utf8');
  const section = /^\[vars\]\n([\s\S]*?)^\[/m.exec(toml)?.[1] ?? '';
  return Object.fromEntries([...section.matchAll(/^([A-Z_]+) = "([^"]*)"$/gm)].map(([, name, value]) => [name, value]));
}

/** GET /v1/openapi.json as the Worker's app answers it. */
async function servedDocument() {
  const outfile = join(temp, 'app.mjs');
  await build({
    entryPoints: [join(ROOT, 'worker/app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  const { createApp } = await import(pathToFileURL(outfile).href);
  const response = await createApp().request('http://127.0.0.1:8787/v1/openapi.json', {}, await developmentVars());
  assert.equal(response.status, 200);
  return response.text();
}

test('the OpenAPI document passes Redocly’s recommended rules with 0 errors and 0 warnings', async () => {
  const file = join(temp, 'openapi.json');
  await writeFile(file, await servedDocument());
  const redocly = join(ROOT, 'node_modules/.bin/redocly');
  const args = ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'];
  // Exits 1 on an error; the JSON report on stdout says everything either way.
  const { stdout } = await run(redocly, args, {
    cwd: ROOT,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  }).catch((error) => error);
  const report = JSON.parse(stdout);
  const problems = report.problems.map(
    ({ ruleId, severity, message, location }) =>
      `${severity} ${ruleId}: ${message} at ${location?.[0]?.pointer ?? '?'}`,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 });
});
