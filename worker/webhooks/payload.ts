import type { WebhookPayload } from '../../protocol/index.js';
import type { EventRow } from '../events/event-log.js';

/**
 * The JSON body of an event's webhook: `{type, timestamp, data: {connection_id, tenant, status,
 * error?}}`, `timestamp` being when the event happened (ISO 8601, as the Standard Webhooks
 * examples write it). Built from the log row only, so it cannot carry a secret or a token; the
 * same row gives the same bytes on every attempt.
 */
export function webhookBody(event: EventRow): string {
  const payload: WebhookPayload = {
    type: event.type,
    timestamp: new Date(event.created_at * 1000).toISOString(),
    data: {
      connection_id: event.connection_id,
      tenant: event.tenant,
      status: event.status,
      ...(event.error_code === null ? {} : { error: { code: event.error_code, message: event.error_message ?? '' } }),
    },
  };
  return JSON.stringify(payload);
}
