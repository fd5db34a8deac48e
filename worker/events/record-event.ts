import type { ApiErrorCode, ConnectionStatus, EventType } from '../../protocol/index.js';
import { randomId } from '../common/random-id.js';
import { loggedFailure } from '../http/log.js';
import type { WebhookJob } from '../webhooks/webhook-job.js';
import { insertEvent, markDelivery } from './event-log.js';

/** One change in a connection's life, as the event log keeps it and a webhook tells it. */
export interface ConnectionEvent {
  type: EventType;
  tenant: string;
  connectionId: string;
  /** The connection's status after the change (for a deletion: its last status). */
  status: ConnectionStatus;
  previousStatus: ConnectionStatus | null;
  /** What went wrong, for broken and refresh_failed: a protocol/ code and its safe text. */
  error?: { code: ApiErrorCode; message: string };
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown');

/**
 * Records `event` in the event log and, when webhooks are configured, queues its delivery.
 * Never throws: a lost event must not fail the request that caused it (it is logged instead).
 * `now` is in epoch seconds. The event's id (`evt_` + 128 random bits) is its `webhook-id`;
 * the queue carries only that id, and the consumer reads the rest from the log.
 */
export async function recordEvent(env: Env, event: ConnectionEvent, now: number): Promise<void> {
  const id = randomId('evt_');
  // Only whether to queue; the consumer checks the settings in full before each delivery.
  const webhooks = Boolean(env.WEBHOOK_URL?.trim() && env.WEBHOOK_SECRET?.trim());
  try {
    await insertEvent(env.DB, {
      id,
      tenant: event.tenant,
      connection_id: event.connectionId,
      type: event.type,
      status: event.status,
      previous_status: event.previousStatus,
      error_code: event.error?.code ?? null,
      error_message: event.error?.message ?? null,
      created_at: now,
      delivery: webhooks ? 'pending' : null,
    });
  } catch (error) {
    loggedFailure('event_not_recorded', { code: event.type, error: errorName(error) });
    return;
  }
  if (!webhooks) return;
  try {
    await env.WEBHOOKS.send({ eventId: id } satisfies WebhookJob, { contentType: 'json' });
  } catch (error) {
    loggedFailure('webhook_not_queued', { code: event.type, error: errorName(error) });
    await markDelivery(env.DB, id, 'failed', null, now).catch(() => undefined);
  }
}
