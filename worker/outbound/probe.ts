import type { ProbeSpec } from '../../protocol/index.js';

export type ProbeResult =
  | { ok: true }
  | {
      ok: false;
      /** Who is to blame, as for the exchange: the API refusing the token (400), failing (502), silent (504). */
      status: 400 | 502 | 504;
      /** The API failed rather than refused: a later check may pass without anyone reconnecting. */
      transient: boolean;
      /** "The credentials work, but the API answered 403." */
      message: string;
    };

const ADVICE = 'Check the permissions (scopes, roles) granted to this client in the provider\u2019s console.';

const refused = (status: 400 | 502 | 504, transient: boolean, what: string): ProbeResult => ({
  ok: false,
  status,
  transient,
  message: `The credentials work, but ${what}. ${status === 400 ? ADVICE : 'Try again in a moment.'}`,
});

const expected = (spec: ProbeSpec, status: number) =>
  spec.expectStatus ? spec.expectStatus.includes(status) : status >= 200 && status < 300;

/**
 * Test & Save: calls the API at `spec.url` with the new token (`Authorization: <type> <token>`,
 * RFC 6750 §2.1) and says whether it answered as expected. The URL passed the same policy as
 * token URLs; like the exchange it follows no redirect and waits at most `timeoutMs`. Only the
 * status is read: the body is never read, so no size cap is needed and no API data is kept.
 */
export async function runProbe(
  spec: ProbeSpec,
  token: { accessToken: string; tokenType: string },
  timeoutMs: number,
): Promise<ProbeResult> {
  const type = token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
  let response: Response;
  try {
    response = await fetch(spec.url, {
      method: spec.method,
      headers: { authorization: `${type} ${token.accessToken}`, accept: 'application/json, */*' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return refused(504, true, `the API did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    return refused(502, true, 'the API could not be reached');
  }
  await response.body?.cancel();
  if (expected(spec, response.status)) return { ok: true };
  if (response.status >= 300 && response.status < 400) {
    return refused(400, false, `the API answered with a redirect (HTTP ${response.status})`);
  }
  const transient = response.status >= 500 || response.status === 429;
  return refused(transient ? 502 : 400, transient, `the API answered ${response.status}`);
}
