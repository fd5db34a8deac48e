import type { DiscoveryAnswer } from '../protocol/index.js';

/**
 * Asks the Worker what the issuer at `issuer` publishes (RFC 8414 §3, OpenID Connect Discovery):
 * `POST /v1/discover`. A URL-encoded body and no header but `Accept` keep it a simple request,
 * so no CORS preflight; the secret is never part of it. Undefined on any failure, which is not
 * an error: the value may just be a token URL, and the Worker decides that at connect.
 */
export const discover = (
  endpoint: string,
  sessionToken: string,
  issuer: string,
  signal: AbortSignal,
): Promise<DiscoveryAnswer | undefined> =>
  fetch(`${endpoint}/v1/discover`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ session_token: sessionToken, issuer }),
    signal,
  })
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined);
