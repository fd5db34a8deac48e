import { app } from './app.js';
import { handleWebhookBatch } from './webhooks/queue-consumer.js';

export { TokenRefresher } from './connections/token-refresher.js';

export default {
  fetch: app.fetch,
  // The webhook queue and its dead-letter queue (wrangler.toml), both consumed here.
  queue: (batch, env) => handleWebhookBatch(batch, env),
} satisfies ExportedHandler<Env>;
