/** RFC 6749 token responses are small; anything bigger is not a token response. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export class RedirectRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the token endpoint answered with a redirect (HTTP ${status})`);
    this.name = 'RedirectRefusedError';
  }
}

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the token endpoint's answer is larger than ${limit / 1024} KiB`);
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
 * A fetch for token endpoints: never follows a redirect (a 3xx would re-send the client's
 * credentials somewhere else, RFC 6749 §3.2 gives no reason to follow one) and refuses bodies
 * over `limit` bytes, whether declared by Content-Length or only discovered while streaming.
 */
export function cappedFetch(limit = MAX_TOKEN_RESPONSE_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, { ...init, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new RedirectRefusedError(response.status);
    }
    if (Number(response.headers.get('content-length')) > limit) {
      await response.body?.cancel();
      throw new ResponseTooLargeError(limit);
    }
    const body = await readAtMost(response.body, limit);
    // 204 and 205 carry no body (RFC 9110 §15.3.5, §15.3.6): a Response given one warns.
    const bodyless = response.status === 204 || response.status === 205;
    return new Response(bodyless ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
