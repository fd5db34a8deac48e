// Standard Webhooks v1 signing (https://www.standardwebhooks.com, spec/standard-webhooks.md):
// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one item per secret,
// space-separated, so a receiver can roll its secret over while both are accepted.

/** `whsec_` and standard base64 (RFC 4648 §4), as the official libraries decode it. */
const SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
/** The specification asks for secrets of 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

const base64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** The HMAC key a `whsec_<base64>` secret stands for, or null when it is not one (or too short or long). */
export function webhookSecretKey(text: string): Uint8Array | null {
  const match = SECRET.exec(text);
  if (!match) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  return bytes.length >= MIN_SECRET_BYTES && bytes.length <= MAX_SECRET_BYTES ? bytes : null;
}

/**
 * The `webhook-signature` value for one attempt: `body` is the exact text sent, `timestamp` the
 * attempt's time in Unix seconds (re-signed on every retry), `id` the event's stable id.
 */
export async function webhookSignature(
  keys: Uint8Array[],
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const content = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  const signatures = await Promise.all(
    keys.map(async (key) => {
      const hmac = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return `v1,${base64(await crypto.subtle.sign('HMAC', hmac, content))}`;
    }),
  );
  return signatures.join(' ');
}
