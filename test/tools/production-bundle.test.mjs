// The sandbox is a development tool, not part of the product: what `wrangler deploy --env
// production` would upload holds none of it, while the development Worker (wrangler.toml's top
// level, what `npm start` runs) has all of it. Both bundled by wrangler itself, offline.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';

const run = promisify(execFile);
const temp = await mkdtemp(join(tmpdir(), 'bundle-'));
after(() => rm(temp, { recursive: true, force: true }));

/** The script wrangler would upload for `env` (none: the top level). */
async function bundle(env) {
  const outdir = join(temp, env ?? 'development');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, ...(env ? ['--env', env] : [])], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
  });
  // Named after the entry: index.js (production) or dev.js (development).
  return readFile(join(outdir, env ? 'index.js' : 'dev.js'), 'utf8');
}

/** Marks of the sandbox's code: its route, its console's table, its provider's token prefix. */
const SANDBOX = ['/sandbox', 'sandbox_client_secrets', 'sandbox_'];

test('the production Worker bundles no sandbox code; the development Worker has it', async () => {
  const [production, development] = await Promise.all([bundle('production'), bundle()]);
  for (const mark of SANDBOX) {
    assert.ok(!production.includes(mark), `production holds ${mark}`);
    assert.ok(development.includes(mark), `development lacks ${mark}`);
  }
  // Both are the whole API all the same.
  for (const script of [production, development]) assert.ok(script.includes('/v1/connections'));
});
