import type { EventRow } from '../events/event-log.js';
import { parseRetryAfter } from '../exchange/retry-after.js';
import type { WebhookSettings } from '../http/config.js';
import { cappedFetch } from '../outbound/capped-fetch.js';
import { webhookBody } from './payload.js';
import { webhookSignature } from './signature.js';

/** A receiver's answer is read only for its status; anything longer is not an acknowledgement. */
const MAX_ANSWER_BYTES = 16 * 1024;

export type DeliveryOutcome =
  { ok: true; status: number } | { ok: false; status?: number; error?: string; retryAfterSeconds?: number };

/**
 * One attempt: POSTs the event's body, signed for this attempt's `now` (epoch ms), with the
 * same `webhook-id` every time. Only a 2xx counts (Standard Webhooks); a redirect is a failure
 * and is not followed, as for token URLs.
 */
export async function deliverWebhook(
  settings: WebhookSettings,
  event: EventRow,
  now: number,
): Promise<DeliveryOutcome> {
  const body = webhookBody(event);
  const timestamp = Math.floor(now / 1000);
  try {
    const response = await cappedFetch(MAX_ANSWER_BYTES)(settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'oauth-cc-connect-webhooks',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await webhookSignature(settings.keys, event.id, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (response.ok) return { ok: true, status: response.status };
    return {
      ok: false,
      status: response.status,
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), now),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.name : 'unknown' };
  }
}
