import type { ProbeSpec } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import { endedByDeadline, outboundFetch, RedirectRefusedError } from './outbound-fetch.js';
import type { TokenUrlPolicy } from './url-policy.js';

/**
 * The API failed rather than refused: a later check may pass without anyone reconnecting, so the
 * code is the transient provider_unavailable, not probe_failed.
 */
const unavailable = (status: 502 | 504, what: string) =>
  new Failure(status, 'provider_unavailable', `the credentials work, but ${what}`);

const expected = (spec: ProbeSpec, status: number) =>
  spec.expectStatus ? spec.expectStatus.includes(status) : status >= 200 && status < 300;

/**
 * Test & Save: calls the API at `spec.url` with the new token (`Authorization: <type> <token>`,
 * RFC 6750 §2.1) and throws unless it answered as expected: `probe_failed` (400) when the API
 * refused the token, provider_unavailable when it failed (502) or was silent (504). The URL
 * passes the policy in force, in the fetch itself, before the token leaves; like the exchange it
 * follows no redirect. Only the status is read: no API data is kept.
 */
export async function runProbe(
  spec: ProbeSpec,
  token: { accessToken: string; tokenType: string },
  { timeoutMs, policy }: { timeoutMs: number; policy: TokenUrlPolicy },
): Promise<void> {
  const type = token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
  let response: Response;
  try {
    response = await outboundFetch({ policy, what: 'the probe URL', limit: 0 })(spec.url, {
      method: spec.method,
      headers: { authorization: `${type} ${token.accessToken}`, accept: 'application/json, */*' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof Failure) throw error;
    if (endedByDeadline(error)) {
      throw unavailable(504, `the API did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    if (error instanceof RedirectRefusedError) {
      throw new Failure(400, 'probe_failed', `the API answered with a redirect (HTTP ${error.status})`);
    }
    throw unavailable(502, 'the API could not be reached');
  }
  if (expected(spec, response.status)) return;
  if (response.status >= 500 || response.status === 429) throw unavailable(502, `the API answered ${response.status}`);
  throw new Failure(400, 'probe_failed', `the API answered ${response.status}`);
}
