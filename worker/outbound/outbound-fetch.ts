import { logEvent } from '../common/log.js';
import { allowedUrl, type TokenUrlPolicy } from './url-policy.js';

/** RFC 6749 token responses (and metadata documents) are small; anything bigger is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export class RedirectRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the answer is a redirect (HTTP ${status}), which is not followed`);
    this.name = 'RedirectRefusedError';
  }
}

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit / 1024} KiB`);
    this.name = 'ResponseTooLargeError';
  }
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * How a vetted request leaves the Worker: the runtime's fetch. The development entry puts its own
 * in front (worker/dev.ts: the Worker answers requests to itself in process).
 */
let transport: typeof fetch = (input, init) => fetch(input, init);

export function setTransport(next: typeof fetch): void {
  transport = next;
}

/** What a call's deadline (its AbortSignal: a timeout, or an abort) ends it with. */
export const endedByDeadline = (error: unknown): boolean =>
  error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Sends the request; when the runtime lost the connection before any answer came, sends it once
 * more, at once (the runtime has dropped the lost connection from its pool). The loss it is for:
 * workerd keeps an idle connection for 5 s and reuses it, and a server that closes idle
 * connections after about as long (Node's default keepAliveTimeout is 5 s) can close one just as
 * a request is written to it, which then fails with "Network connection lost"
 * (cloudflare/workers-sdk#14848, #14641). No answer was read, so none is had twice; a token
 * request is safe to repeat (a second token only replaces the first). A timeout or abort is never
 * sent again, and a second loss is the failure.
 */
async function sendOnceMore(request: Request | string, init: RequestInit): Promise<Response> {
  try {
    return await transport(request instanceof Request ? request.clone() : request, init);
  } catch (error) {
    // The caller's deadline, which a second try must not outlive.
    if (init.signal?.aborted || endedByDeadline(error)) throw error;
    const host = new URL(request instanceof Request ? request.url : request).host;
    // The error's name only: a runtime's message may quote the URL, and a provider's own request
    // shape can carry values in its query.
    logEvent('outbound.resent', { host, error: error instanceof Error ? error.name : typeof error });
    return transport(request, init);
  }
}

export interface OutboundRules {
  /** The URL policy in force now (it may have tightened since a URL was stored). */
  policy: TokenUrlPolicy;
  /** What the URL is, for the refusal's text ("the probe URL"). */
  what: string;
  /** The most bytes of the answer read; 0 reads none (a probe looks at the status only). */
  limit?: number;
}

/**
 * The one fetch for every URL the Worker is told to call (token endpoints, metadata, probes,
 * webhooks): it vets the URL against the policy before any byte leaves, whatever vetted it
 * before (a stored URL is checked against today's policy); never follows a redirect (a 3xx would
 * re-send the credentials somewhere else, and RFC 6749 §3.2 gives no reason to follow one); and
 * refuses bodies over `limit` bytes, declared by Content-Length or found while streaming.
 */
export function outboundFetch({ policy, what, limit = MAX_RESPONSE_BYTES }: OutboundRules): typeof fetch {
  return async (input, init) => {
    const { url } = allowedUrl(input instanceof Request ? input.url : String(input), policy, what);
    const request = input instanceof Request ? new Request(url.href, input) : url.href;
    const response = await sendOnceMore(request, { ...init, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new RedirectRefusedError(response.status);
    }
    if (limit === 0) {
      await response.body?.cancel();
      return new Response(null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    const declared = response.headers.get('content-length');
    if (Number(declared) > limit) {
      await response.body?.cancel();
      throw new ResponseTooLargeError(limit);
    }
    // A declared length within the limit is read whole (the runtime holds it to that length); an
    // undeclared one is counted as it streams.
    const body =
      declared !== null && /^\d+$/.test(declared)
        ? new Uint8Array(await response.arrayBuffer())
        : await readAtMost(response.body, limit);
    if (body.byteLength > limit) throw new ResponseTooLargeError(limit);
    // 204 and 205 carry no body (RFC 9110 §15.3.5, §15.3.6): a Response given one warns.
    const bodyless = response.status === 204 || response.status === 205;
    return new Response(bodyless ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
