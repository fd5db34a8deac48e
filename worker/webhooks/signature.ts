// Standard Webhooks v1 signing (https://www.standardwebhooks.com, spec/standard-webhooks.md):
// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one item per secret,
// space-separated, so a receiver can roll its secret over while both are accepted.

const base64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

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
