import { bodyOf, type Reply } from './result-channel.js';

/**
 * POSTs `fields` to the Worker and reads its JSON answer; undefined when nothing usable came
 * back (no network, an HTML error page). A URL-encoded body and no header but `Accept` keep it
 * a simple request, so no CORS preflight.
 */
export const postForm = (url: string, fields: Record<string, string>, signal?: AbortSignal): Promise<Reply> =>
  fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams(fields),
    signal,
  }).then(bodyOf, () => undefined);
