import { readEvent, markDelivery } from '../events/event-log.js';
import { readWebhookSettings } from '../http/config.js';
import { loggedFailure } from '../http/log.js';
import { retryDelaySeconds } from './backoff.js';
import { deliverWebhook } from './deliver.js';
import { isWebhookJob, type WebhookJob } from './webhook-job.js';

/** wrangler.toml's dead-letter queue: its messages failed every attempt and are not sent again. */
const DEAD_LETTER_QUEUE = 'oauth-cc-connect-webhooks-dlq';

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown');
/** Enough of the event id to find it in the log; log lines carry no more. */
const logId = (eventId: string) => eventId.slice(0, 12);

/** An attempt that cannot succeed as things stand: back off and let the queue try again. */
function retry(message: Message<WebhookJob>, retryAfterSeconds?: number): void {
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts, retryAfterSeconds) });
}

async function deliverOne(message: Message<WebhookJob>, env: Env, now: number): Promise<void> {
  const { eventId } = message.body;
  let settings;
  try {
    settings = readWebhookSettings(env);
  } catch {
    // Misconfigured (a bad secret, a URL the policy refuses): a fixed setting delivers the backlog.
    loggedFailure('webhook_not_sent', { code: 'server_misconfigured', attempt: logId(eventId) });
    retry(message);
    return;
  }
  const event = await readEvent(env.DB, eventId);
  // Gone past retention, or already delivered by an attempt whose acknowledgement was lost.
  if (!event || event.delivery === 'delivered') {
    message.ack();
    return;
  }
  if (!settings) {
    loggedFailure('webhook_not_sent', { code: 'webhooks_off', attempt: logId(eventId) });
    await markDelivery(env.DB, eventId, 'failed', message.attempts, Math.floor(now / 1000));
    message.ack();
    return;
  }
  const outcome = await deliverWebhook(settings, event, now);
  if (outcome.ok) {
    await markDelivery(env.DB, eventId, 'delivered', message.attempts, Math.floor(now / 1000));
    message.ack();
    return;
  }
  loggedFailure('webhook_delivery_failed', {
    code: event.type,
    status: outcome.status,
    host: settings.url.host,
    attempt: logId(eventId),
    error: outcome.error,
  });
  await markDelivery(env.DB, eventId, 'pending', message.attempts, Math.floor(now / 1000));
  retry(message, outcome.retryAfterSeconds);
}

/** Every attempt failed (wrangler.toml's max_retries): the log says so, and nothing is sent again. */
async function deadLettered(message: Message<WebhookJob>, env: Env, now: number): Promise<void> {
  const { eventId } = message.body;
  loggedFailure('webhook_dead_lettered', { attempt: logId(eventId) });
  await markDelivery(env.DB, eventId, 'failed', null, Math.floor(now / 1000));
  message.ack();
}

/**
 * The Worker's queue() handler, for the webhook queue and its dead-letter queue. Each message is
 * settled on its own (ack, or retry with back-off), so one bad receiver answer never re-sends
 * the batch's other events; an unexpected failure (D1 down) retries that message only.
 */
export async function handleWebhookBatch(batch: MessageBatch, env: Env, now = Date.now()): Promise<void> {
  const settle = batch.queue === DEAD_LETTER_QUEUE ? deadLettered : deliverOne;
  await Promise.all(
    batch.messages.map(async (message) => {
      if (!isWebhookJob(message.body)) {
        loggedFailure('webhook_malformed_message', {});
        message.ack();
        return;
      }
      try {
        await settle(message as Message<WebhookJob>, env, now);
      } catch (error) {
        loggedFailure('webhook_not_sent', { error: errorName(error), attempt: logId(message.body.eventId) });
        retry(message as Message<WebhookJob>);
      }
    }),
  );
}
