import { env } from 'cloudflare:workers';

// Storage is isolated per test file; every file starts from the migrated schema. The database is
// new, so every migration applies: all in one batch, one round trip to D1 instead of one per
// migration (applyD1Migrations' bookkeeping is for databases that already hold some).
await env.DB.batch(env.TEST_MIGRATIONS.flatMap((migration) => migration.queries.map((query) => env.DB.prepare(query))));
