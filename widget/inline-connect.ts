import type { Fields } from './connect-request.js';
import { bodyOf, failure, readResult, type Outcome } from './result-channel.js';

/**
 * Connects without a popup, for when the browser blocked it: the same `POST /v1/connect`, sent
 * with `fetch` and answered as JSON. A URL-encoded body and no header but `Accept` keep it a
 * simple request, so no CORS preflight.
 */
export async function connectInline(endpoint: string, body: Fields, signal: AbortSignal): Promise<Outcome> {
  const response = await fetch(`${endpoint}/v1/connect`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams(body),
    signal,
  }).catch(() => undefined);
  return (response && readResult(await bodyOf(response), body.state)) || failure('network_error');
}
