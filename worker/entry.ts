import type { createApp } from './app.js';
import { sweepUnsentEvents } from './events/sweep.js';
import { handleWebhookBatch } from './webhooks/queue-consumer.js';

/**
 * The Worker's handlers around an app: HTTP; the webhook queue and its dead-letter queue
 * (wrangler.toml), both consumed here; and the cron trigger's sweep of events never queued.
 */
export const entry = (app: ReturnType<typeof createApp>) =>
  ({
    fetch: app.fetch,
    queue: (batch, env) => handleWebhookBatch(batch, env),
    scheduled: async (controller, env) =>
      void (await sweepUnsentEvents(env, Math.floor(controller.scheduledTime / 1000))),
  }) satisfies ExportedHandler<Env>;
