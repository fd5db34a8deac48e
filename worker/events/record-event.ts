import type { ApiErrorCode, ConnectionStatus, EventType } from '../../protocol/index.js';

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

/**
 * Records `event` in the event log and, when webhooks are configured, queues its delivery.
 * Never throws: a lost event must not fail the request that caused it (it is logged instead).
 */
export async function recordEvent(_env: Env, _event: ConnectionEvent, _now: number): Promise<void> {
  // Implemented with the event log and the webhook queue.
}
