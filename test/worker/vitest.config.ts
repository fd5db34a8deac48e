import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fetch as miniflareFetch } from 'miniflare';
import { defineConfig } from 'vitest/config';
import { emulationFor } from '../emulations/index.mjs';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The Worker in workerd as the tests run it, with `extra` miniflare options. */
const worker = (extra: { outboundService?: (request: Request) => Promise<Response> | Response } = {}) =>
  cloudflareTest(async ({ inject }) => ({
    wrangler: { configPath: fromRoot('wrangler.toml') },
    miniflare: {
      bindings: {
        TEST_MIGRATIONS: await readD1Migrations(fromRoot('migrations')),
        // Short enough that the stall tests finish quickly; production uses 10 s.
        UPSTREAM_TIMEOUT_MS: '1500',
        WEBHOOK_TIMEOUT_MS: '1500',
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
      ...extra,
    },
  }));

const shared = {
  globalSetup: [fromRoot('test/worker/global-setup.ts')],
  // wire-check.ts: every answer the tests receive is checked against GET /v1/openapi.json.
  setupFiles: [fromRoot('test/worker/apply-migrations.ts'), fromRoot('test/worker/wire-check.ts')],
  testTimeout: 20_000,
  // The OAuth test servers are shared and several tests count the requests that reach them
  // exactly; one file at a time keeps those counts each test's own.
  fileParallelism: false,
};

export default defineConfig({
  root: fromRoot(''),
  test: {
    projects: [
      {
        plugins: [worker()],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          exclude: ['test/worker/providers.test.ts'],
          ...shared,
        },
      },
      {
        // The catalog's presets: the Worker's calls to real providers' token hosts reach the
        // emulation written from that provider's docs (test/emulations/). Its own project, as
        // an outbound service sees every call: a host that cannot be reached would read as 500.
        plugins: [
          worker({
            outboundService: (request) => {
              const emulation = emulationFor(new URL(request.url));
              // Miniflare's fetch: its Request is not the one Node's global fetch knows.
              return emulation ? emulation.handle(request) : miniflareFetch(request, { redirect: 'manual' });
            },
          }),
        ],
        test: { name: 'providers', include: ['test/worker/providers.test.ts'], ...shared },
      },
    ],
  },
});
