import type { WebhookPayload } from '../protocol/index.js';

/** Standard Webhooks' tolerance: a delivery more than 5 minutes off is refused (a replay, or a clock that is wrong). */
const TOLERANCE_SECONDS = 5 * 60;

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

/**
 * A request's headers as servers hand them over: a fetch `Headers` (Workers, Deno, Bun, Node's
 * fetch), or a plain object with names in any case and a string or strings per name (Node's
 * `req.headers` and `req.headersDistinct`, Express, Fastify).
 */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Something with `get(name)`: a fetch Headers, or another library's (node-fetch) that is not this realm's. */
const hasGet = (headers: object): headers is { get(name: string): unknown } =>
  typeof (headers as { get?: unknown }).get === 'function';

/**
 * Every value `name` was sent with. Callers in plain JavaScript pass whatever their framework
 * gave them, so every shape is checked here, and a wrong one is a verification failure rather
 * than a TypeError thrown from deep inside.
 */
function headerValues(headers: unknown, name: string): string[] {
  if (typeof headers !== 'object' || headers === null)
    throw new WebhookVerificationError('headers must be a Headers object or a plain object of header names');
  if (hasGet(headers)) {
    // A fetch Headers matches names case-insensitively and joins a repeated header with ", ".
    const value = headers.get(name);
    if (value === null || value === undefined) return [];
    if (typeof value !== 'string') throw new WebhookVerificationError(`${name} must be a string`);
    return [value];
  }
  const values: string[] = [];
  // Header names are case-insensitive (RFC 9110 §5.1); a plain object keeps whatever case it was given.
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    const items: unknown[] = Array.isArray(value) ? value : [value];
    if (!items.every((item) => typeof item === 'string'))
      throw new WebhookVerificationError(`${name} must be a string or an array of strings`);
    values.push(...(items as string[]));
  }
  return values;
}

/** The one value of a header that must be sent once: two different ones leave no way to know which was signed. */
function single(headers: unknown, name: string): string {
  const values = [...new Set(headerValues(headers, name))];
  if (values.length > 1) throw new WebhookVerificationError(`${name} was sent more than once, with different values`);
  if (!values[0]) throw new WebhookVerificationError(`missing ${name}`);
  return values[0];
}

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The HMAC key `whsec_<base64>` stands for. The message never quotes the secret. */
async function hmacKey(secret: unknown): Promise<CryptoKey> {
  const refused = new WebhookVerificationError('the secret is not whsec_<base64>');
  if (typeof secret !== 'string') throw refused;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(secret.replace(/^whsec_/, ''));
  } catch {
    throw refused;
  }
  // An empty key is no secret: anyone could sign with it.
  if (bytes.length === 0) throw refused;
  try {
    return await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  } catch {
    throw refused;
  }
}

/**
 * Verifies a webhook from the Worker per the Standard Webhooks specification and returns its
 * payload: `webhook-signature` holds `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (one or
 * more, space-separated, in one header or repeated) keyed with the bytes of `whsec_<base64>`, and
 * `webhook-timestamp` is within 5 minutes of now. `headers` is a fetch `Headers` or a plain
 * object such as Node's `req.headers` (names in any case, string arrays too). `body` must be the
 * raw text received, not re-serialised JSON. Throws WebhookVerificationError otherwise, and for
 * any input of the wrong kind. Use `webhook-id` to ignore a delivery seen before: delivery is
 * at-least-once.
 */
export async function verifyWebhook(
  body: string,
  headers: WebhookHeaders,
  secret: string,
  { now = Date.now() / 1000 }: { now?: number } = {},
): Promise<WebhookPayload> {
  if (typeof body !== 'string')
    throw new WebhookVerificationError('body must be the raw text received, as a string (decode bytes as UTF-8)');
  // A `now` that is not a number would make the age NaN, and NaN is never "more than 5 minutes".
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new WebhookVerificationError('now must be epoch seconds');
  const id = single(headers, 'webhook-id');
  const timestamp = single(headers, 'webhook-timestamp');
  const signatures = headerValues(headers, 'webhook-signature');
  if (signatures.length === 0) throw new WebhookVerificationError('missing webhook-signature');
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('the timestamp is more than 5 minutes off');
  }
  const key = await hmacKey(secret);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  // Items are space-separated; a fetch Headers joins a repeated header with ", ", which the
  // optional comma absorbs (base64 has no comma, so no item loses one of its own).
  for (const item of signatures.flatMap((value) => value.split(/,?\s+/))) {
    const [version, value] = item.split(',', 2);
    if (version !== 'v1' || !value) continue;
    let mac: Uint8Array<ArrayBuffer>;
    try {
      mac = fromBase64(value);
    } catch {
      continue;
    }
    // crypto.subtle.verify compares in constant time.
    if (await crypto.subtle.verify('HMAC', key, mac, signed)) {
      try {
        return JSON.parse(body) as WebhookPayload;
      } catch {
        throw new WebhookVerificationError('the signed body is not JSON');
      }
    }
  }
  throw new WebhookVerificationError('no signature matches');
}
