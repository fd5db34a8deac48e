// The OpenAPI document the Worker serves passes Redocly's recommended rules (redocly.yaml) with no
// error and no warning, linted as a developer would (`redocly lint`); and the types the typed
// client of test/worker/openapi.test.ts compiles against are those generated from it today.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { generatedTypes, servedDocument, TYPES_FILE } from '../../scripts/openapi-document.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
after(() => rm(temp, { recursive: true, force: true }));

const served = await servedDocument();

test('the OpenAPI document passes Redocly’s recommended rules with 0 errors and 0 warnings', async () => {
  const file = join(temp, 'openapi.json');
  await writeFile(file, served);
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

test('the typed client’s types are generated from the document as it is (npm run openapi:types)', async () => {
  const committed = await readFile(TYPES_FILE, 'utf8');
  assert.ok(
    committed === (await generatedTypes(JSON.parse(served))),
    'run `npm run openapi:types` and commit the result',
  );
});
