import type { Fields } from './connect-request.js';
import { postForm } from './post-form.js';
import { failure, readResult, type Outcome } from './result-channel.js';

/**
 * Connects without a popup, for when the browser blocked it: the same `POST /v1/connect`, sent
 * with `fetch` and answered as JSON.
 */
export async function connectInline(endpoint: string, body: Fields, signal: AbortSignal): Promise<Outcome> {
  return readResult(await postForm(`${endpoint}/v1/connect`, body, signal), body.state) || failure('network_error');
}
