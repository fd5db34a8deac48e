import { env } from 'cloudflare:workers';

// Every test file finds the migrated schema. The files a worker runs in turn share its storage
// (vitest.config.ts), so the migrations run once, in the first: all in one batch, one round trip
// to D1 (applyD1Migrations' bookkeeping is for databases that already hold some of them).
const migrated = await env.DB.prepare(
  "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'connections'",
).first();
if (!migrated) {
  await env.DB.batch(
    env.TEST_MIGRATIONS.flatMap((migration) => migration.queries.map((query) => env.DB.prepare(query))),
  );
}
