import { Failure } from '../common/failure.js';
import type { WebhookSettings } from '../config/webhook-settings.js';
import type { EventRow } from '../events/event-log.js';
import { parseRetryAfter } from '../exchange/retry-after.js';
import { outboundFetch } from '../outbound/outbound-fetch.js';
import { webhookBody } from './payload.js';
import { webhookSignature } from './signature.js';

/** A receiver's answer is read only for its status; anything longer is not an acknowledgement. */
const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * One attempt: POSTs the event's body, signed for this attempt's `now` (epoch ms), with the
 * same `webhook-id` every time. Only a 2xx counts (Standard Webhooks); anything else throws a
 * Failure (with the receiver's Retry-After), a redirect included, which is not followed.
 */
export async function deliverWebhook(settings: WebhookSettings, event: EventRow, now: number): Promise<void> {
  const body = webhookBody(event);
  const timestamp = Math.floor(now / 1000);
  let response: Response;
  try {
    response = await outboundFetch({ policy: settings.policy, what: 'WEBHOOK_URL', limit: MAX_ANSWER_BYTES })(
      settings.url,
      {
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
      },
    );
  } catch (error) {
    // The log names what went wrong (TimeoutError, RedirectRefusedError …): never more of it.
    throw error instanceof Failure ? error : new Failure(502, 'network_error', (error as Error).name, { cause: error });
  }
  if (response.ok) return;
  throw new Failure(502, 'provider_unavailable', `HTTP ${response.status}`, {
    retryAfter: parseRetryAfter(response.headers.get('retry-after'), now),
  });
}
