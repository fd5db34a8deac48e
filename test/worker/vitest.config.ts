import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  root: fromRoot(''),
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: fromRoot('wrangler.toml') },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(fromRoot('migrations')),
          // Shorter than production's 10 s, so the stall tests end sooner, yet long enough that
          // a provider (a server in this Node process) answering late on a busy machine is not
          // taken for a stall. The stalling endpoints answer far later (STALL_MS).
          UPSTREAM_TIMEOUT_MS: '5000',
          WEBHOOK_TIMEOUT_MS: '5000',
          // The test receiver (global-setup.ts); /hook answers as each test scripts it.
          WEBHOOK_URL: `${inject('webhookReceiverUrl')}/hook`,
        },
        // The local broker's queues, fast: no batching wait and no retry in the broker, so a
        // failed delivery reaches the dead-letter queue at once (the back-off between attempts
        // is unit-tested). An override replaces the whole consumer entry: every field is repeated.
        queueConsumers: {
          'oauth-cc-connect-webhooks': {
            maxBatchSize: 10,
            maxBatchTimeout: 0,
            maxRetries: 0,
            retryDelay: 0,
            deadLetterQueue: 'oauth-cc-connect-webhooks-dlq',
          },
          'oauth-cc-connect-webhooks-dlq': { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 0, retryDelay: 0 },
        },
      },
    })),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: [fromRoot('test/worker/global-setup.ts')],
    setupFiles: [fromRoot('test/worker/apply-migrations.ts')],
    // Generous: a test waits for a state (helpers.ts `eventually`), never for a time, and a busy
    // machine must not be mistaken for a failure.
    testTimeout: 60_000,
    // Two workers run the files, each in a workerd of its own, one file after another. A worker
    // keeps its modules (the Worker's code loads once, not once per file: most of a file's cost)
    // and its storage from file to file, so tests make their own rows (their own tenants and
    // connections) and never count on an empty table. The OAuth test servers and the webhook
    // receiver are shared by both workers; each file counts, switches and reads its own requests
    // there (helpers.ts, its space), so counts stay exact.
    maxWorkers: 2,
    isolate: false,
  },
});
