import { readEvent, markDelivery } from '../events/event-log.js';
import { readWebhookSettings } from '../config/webhook-settings.js';
import { Failure } from '../common/failure.js';
import { logEvent, logUnexpected } from '../common/log.js';
import { retryDelaySeconds } from './backoff.js';
import { deliverWebhook } from './deliver.js';
import { isDeliveryJob, type DeliveryJob } from '../events/delivery-job.js';

/** wrangler.toml's dead-letter queue: its messages failed every attempt and are not sent again. */
const DEAD_LETTER_QUEUE = 'oauth-cc-connect-webhooks-dlq';

/** Enough of the event id to find it in the log; log lines carry no more. */
const logId = (eventId: string) => eventId.slice(0, 12);

/** An attempt that cannot succeed as things stand: back off and let the queue try again. */
function retry(message: Message<DeliveryJob>, retryAfterSeconds?: number): void {
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts, retryAfterSeconds) });
}

async function deliverOne(message: Message<DeliveryJob>, env: Env, now: number): Promise<void> {
  const { eventId } = message.body;
  let settings;
  try {
    settings = readWebhookSettings(env);
  } catch {
    // Misconfigured (a bad secret, a URL the policy refuses): a fixed setting delivers the backlog.
    logEvent('webhook_not_sent', { code: 'server_misconfigured', attempt: logId(eventId) });
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
    logEvent('webhook_not_sent', { code: 'webhooks_off', attempt: logId(eventId) });
    await markDelivery(env.DB, eventId, 'failed', message.attempts, Math.floor(now / 1000));
    message.ack();
    return;
  }
  try {
    await deliverWebhook(settings, event, now);
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    logEvent('webhook_delivery_failed', {
      code: event.type,
      error: error.detail ?? error.code,
      host: settings.url.host,
      attempt: logId(eventId),
    });
    await markDelivery(env.DB, eventId, 'pending', message.attempts, Math.floor(now / 1000));
    retry(message, error.retryAfter);
    return;
  }
  await markDelivery(env.DB, eventId, 'delivered', message.attempts, Math.floor(now / 1000));
  message.ack();
}

/** Every attempt failed (wrangler.toml's max_retries): the log says so, and nothing is sent again. */
async function deadLettered(message: Message<DeliveryJob>, env: Env, now: number): Promise<void> {
  const { eventId } = message.body;
  logEvent('webhook_dead_lettered', { attempt: logId(eventId) });
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
      if (!isDeliveryJob(message.body)) {
        logEvent('webhook_malformed_message', {});
        message.ack();
        return;
      }
      try {
        await settle(message as Message<DeliveryJob>, env, now);
      } catch (error) {
        logUnexpected('webhook_not_sent', error, logId(message.body.eventId));
        retry(message as Message<DeliveryJob>);
      }
    }),
  );
}
