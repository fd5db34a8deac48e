import { maintain } from './maintenance.js';
import { handleWebhookBatch } from './webhooks/queue-consumer.js';

/**
 * The Worker's handlers around an app: HTTP; the webhook queue and its dead-letter queue
 * (wrangler.toml), both consumed here; and the cron trigger's maintenance (maintenance.ts).
 */
export const entry = (app: {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;
}) =>
  ({
    fetch: app.fetch,
    queue: (batch, env) => handleWebhookBatch(batch, env),
    scheduled: (controller, env) => maintain(env, Math.floor(controller.scheduledTime / 1000)),
  }) satisfies ExportedHandler<Env>;
