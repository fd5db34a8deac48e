import type { WebhookPayload } from '../protocol/index.js';

/** Standard Webhooks' tolerance: a delivery more than 5 minutes off is refused (a replay, or a clock that is wrong). */
const TOLERANCE_SECONDS = 5 * 60;

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

const header = (headers: Headers | Record<string, string | undefined>, name: string) =>
  headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()]);

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * Verifies a webhook from the Worker per the Standard Webhooks specification and returns its
 * payload: `webhook-signature` holds `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (one or
 * more, space-separated) keyed with the bytes of `whsec_<base64>`, and `webhook-timestamp` is
 * within 5 minutes of now. `body` must be the raw text received, not re-serialised JSON. Throws
 * WebhookVerificationError otherwise. Use `webhook-id` to ignore a delivery seen before: delivery
 * is at-least-once.
 */
export async function verifyWebhook(
  body: string,
  headers: Headers | Record<string, string | undefined>,
  secret: string,
  { now = Date.now() / 1000 }: { now?: number } = {},
): Promise<WebhookPayload> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('missing webhook-id, -timestamp or -signature');
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('the timestamp is more than 5 minutes off');
  }
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'raw',
      fromBase64(secret.replace(/^whsec_/, '')),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
  } catch {
    throw new WebhookVerificationError('the secret is not whsec_<base64>');
  }
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  for (const item of signatures.split(' ')) {
    const [version, value] = item.split(',', 2);
    if (version !== 'v1' || !value) continue;
    let mac: Uint8Array<ArrayBuffer>;
    try {
      mac = fromBase64(value);
    } catch {
      continue;
    }
    // crypto.subtle.verify compares in constant time.
    if (await crypto.subtle.verify('HMAC', key, mac, signed)) return JSON.parse(body) as WebhookPayload;
  }
  throw new WebhookVerificationError('no signature matches');
}
