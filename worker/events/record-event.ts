import type { ApiErrorCode, ConnectionStatus, EventType } from '../../protocol/index.js';
import { randomId } from '../common/random-id.js';
import { logEvent } from '../common/log.js';
import type { DeliveryJob } from './delivery-job.js';
import { eventInsertStatement } from './event-log.js';

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

/** Webhooks are configured: events are queued for delivery (the consumer checks the settings in full). */
export const webhooksOn = (env: Env) => Boolean(env.WEBHOOK_URL?.trim() && env.WEBHOOK_SECRET?.trim());

export interface EventWrite {
  id: string;
  /** The event's row, to run in the same batch as the change it records. */
  statements: D1PreparedStatement[];
}

/**
 * The statement that records `event`, for the batch that makes the change it tells of: the row
 * (pending delivery when webhooks are on; rows past retention are pruned by the scheduled
 * maintenance). With
 * `onlyIfChanged`, the row is written only if the batch's statement just before it changed a
 * row (a conditional update that lost a race records nothing). The id (`evt_` + 128 random bits)
 * is its `webhook-id`.
 */
export function eventStatements(
  env: Env,
  event: ConnectionEvent,
  now: number,
  { onlyIfChanged = false } = {},
): EventWrite {
  const id = randomId('evt_');
  const row = {
    id,
    tenant: event.tenant,
    connection_id: event.connectionId,
    type: event.type,
    status: event.status,
    previous_status: event.previousStatus,
    error_code: event.error?.code ?? null,
    error_message: event.error?.message ?? null,
    created_at: now,
    delivery: webhooksOn(env) ? ('pending' as const) : null,
  };
  return { id, statements: [eventInsertStatement(env.DB, row, onlyIfChanged)] };
}

/**
 * Hands recorded events to the webhook queue. Never throws: an event whose send failed stays
 * `pending` with no attempt, and the scheduled sweep (sweep.ts) sends it again.
 */
export async function queueEvents(env: Env, ids: string[]): Promise<void> {
  if (ids.length === 0 || !webhooksOn(env)) return;
  try {
    await Promise.all(
      ids.map((eventId) => env.WEBHOOKS.send({ eventId } satisfies DeliveryJob, { contentType: 'json' })),
    );
  } catch (error) {
    logEvent('webhook_not_queued', { error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Records one event on its own (a change that is a single statement, such as a deletion, runs in the same batch). */
export async function recordEvent(env: Env, event: ConnectionEvent, now: number, change?: D1PreparedStatement) {
  const write = eventStatements(env, event, now, { onlyIfChanged: change !== undefined });
  const results = await env.DB.batch([...(change ? [change] : []), ...write.statements]);
  const recorded = results[change ? 1 : 0]!.meta.changes === 1;
  if (recorded) await queueEvents(env, [write.id]);
  return { changed: change ? results[0]!.meta.changes === 1 : true, recorded };
}
