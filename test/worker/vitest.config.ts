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
        // Shorter than production's 10 s, so the stall tests end sooner, yet long enough that a
        // provider (a server in this Node process) answering late on a busy machine is not taken
        // for a stall. The stalling endpoints answer far later (STALL_MS).
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
      ...extra,
    },
  }));

const shared = {
  globalSetup: [fromRoot('test/worker/global-setup.ts')],
  // wire-check.ts: every answer the tests receive is checked against GET /v1/openapi.json.
  setupFiles: [fromRoot('test/worker/apply-migrations.ts'), fromRoot('test/worker/wire-check.ts')],
  // Generous: a test waits for a state (helpers.ts `eventually`), never for a time, and a busy
  // machine must not be mistaken for a failure.
  testTimeout: 60_000,
  // The same for hooks (vitest's default is 10 s): a file's beforeAll makes its rows and sessions.
  hookTimeout: 60_000,
  // A worker runs its files one after another in a workerd of its own, and keeps its modules (the
  // Worker's code loads once, not once per file: most of a file's cost) and its storage from file
  // to file: tests make their own rows (their own tenants and connections) and never count on an
  // empty table. The OAuth test servers and the webhook receiver are shared by all workers; each
  // file counts, switches and reads its own requests there (helpers.ts, its space), so counts
  // stay exact with files side by side.
  isolate: false,
};

/**
 * Files whose tests look at every row of a table (README's key rotation walks every sealed
 * value and expects none unreadable): rows other files leave behind, sealed under keys of their
 * own, would count, so these run each in a workerd with storage of its own.
 */
const OWN_STORAGE = ['test/worker/rotate-and-retire.test.ts'];

export default defineConfig({
  root: fromRoot(''),
  test: {
    // Three files at a time on two cores: a file spends much of its time waiting (its upstream
    // timeouts, stalls, queue deliveries), and in `npm test` this suite is the longest step (in
    // `npm test` on 2 cores: 265 s against 275–358 s with two).
    maxWorkers: 3,
    projects: [
      {
        plugins: [worker()],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          exclude: ['test/worker/providers.test.ts', ...OWN_STORAGE],
          ...shared,
        },
      },
      {
        plugins: [worker()],
        test: { name: 'own-storage', include: OWN_STORAGE, ...shared, isolate: true },
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
