import { isErrorCode, isResultMessage, type ErrorCode, type ResultMessage } from '../protocol/index.js';

/** What the element reports: a verified result message, or a failure found in the browser. */
export type Outcome = Pick<ResultMessage, 'connectionId' | 'scopes' | 'expiresAt' | 'error'>;

/** A failure; an empty message lets the element's strings speak for the code. */
export const failure = (code: ErrorCode, message = ''): Outcome => ({ error: { code, message } });

/** The fields of a Worker reply the element reads; any of them may be missing or of another type. */
export type Reply = { status?: unknown; error?: unknown; error_description?: string } | undefined;

/** A Worker reply's JSON body, or undefined when it has none (an HTML error page, a proxy's answer). */
export const bodyOf = (response: Response): Promise<Reply> => response.json().catch(() => undefined);

/**
 * Reads a Worker reply's body as the outcome for `state`, or undefined when it is none (still
 * pending, or not ours). A 401's RFC 6749 style `{error, error_description}` naming one of our
 * codes (`session_expired` …) becomes that failure, so a session problem is reported as such.
 */
export function readResult(body: Reply, state: string): Outcome | undefined {
  if (isResultMessage(body)) return body.state === state ? body : undefined;
  if (isErrorCode(body?.error)) return failure(body.error, body.error_description);
}

/**
 * Asks `GET /v1/connect/result`, the authoritative channel: the popup's message can be lost
 * (closed too early, or `window.opener` severed by COOP), the Worker's record cannot.
 * `unknown` means the Worker never received the attempt; it is the Worker's explicit answer,
 * not any 404 (a wrong endpoint path answers 404 too, and says nothing about the attempt).
 */
export async function askServer(
  endpoint: string,
  sessionToken: string,
  state: string,
  signal: AbortSignal,
): Promise<Outcome | 'pending' | 'unknown'> {
  // `state` is base64url, safe in a query as it is.
  const response = await fetch(`${endpoint}/v1/connect/result?state=${state}`, {
    headers: { Authorization: `Bearer ${sessionToken}` },
    signal,
  });
  const body = await bodyOf(response);
  return body?.status === 'unknown' ? 'unknown' : (readResult(body, state) ?? 'pending');
}

/**
 * Resolves with the attempt's outcome: the popup's message, accepted only from the endpoint's
 * origin, from this popup, for this state; or, once the popup is closed, the Worker's answer,
 * `cancelled` when the Worker never saw the attempt. A pending answer is asked again every
 * `interval` ms. Aborting `signal` stops it all: listener, timer and any request in flight.
 * A host page with `COOP: same-origin` makes `popup.closed` read true at once, before the form
 * post has reached the Worker; so `unknown` means cancelled only once the Worker has said so three
 * times, an interval apart. Counted in answers, not in time: on a slow link or a busy
 * machine the post may take longer than a few seconds to arrive, and each answer takes longer too.
 */
export function watchPopup(
  popup: Window,
  endpoint: string,
  sessionToken: string,
  state: string,
  interval: number,
  signal: AbortSignal,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const origin = new URL(endpoint).origin;
    let unknowns = 0;
    addEventListener(
      'message',
      (event) => {
        const { data } = event;
        if (event.origin === origin && event.source === popup && isResultMessage(data) && data.state === state)
          resolve(data);
      },
      { signal },
    );
    const look = async () => {
      const answer = popup.closed
        ? await askServer(endpoint, sessionToken, state, signal).catch(() => 'pending')
        : 'pending';
      if (signal.aborted) return;
      if (answer === 'pending' || (answer === 'unknown' && ++unknowns < 3)) timer = setTimeout(look, interval);
      else resolve(answer === 'unknown' ? failure('cancelled') : (answer as Outcome));
    };
    let timer = setTimeout(look, interval);
    signal.addEventListener('abort', () => clearTimeout(timer));
  });
}
