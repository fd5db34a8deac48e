import type { ErrorCode } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import { endedByDeadline, RedirectRefusedError, ResponseTooLargeError } from '../outbound/outbound-fetch.js';
import { echoesSecret } from './provider-text.js';

export interface MappingContext {
  timeoutMs: number;
  /** What the request carried that must never come back in our text. */
  secrets: string[];
}

/**
 * Whatever the exchange threw, as one of protocol/'s codes with safe text and itself as the
 * cause. The answer's own errors are read in token-response.ts; what is left here is the way
 * there: a provider that redirects, answers too much, is silent (504) or unreachable (502).
 */
export function mapExchangeError(error: unknown, { timeoutMs, secrets }: MappingContext): Failure {
  // Already ours: the answer's verdict, or the URL policy's refusal before the request left.
  if (error instanceof Failure) return error;
  const failure = (code: ErrorCode, status: 502 | 504, detail?: string) =>
    new Failure(status, code, detail && !secrets.some((secret) => echoesSecret(detail, secret)) ? detail : undefined, {
      cause: error,
    });
  if (error instanceof RedirectRefusedError || error instanceof ResponseTooLargeError) {
    return failure('invalid_response', 502, error.message);
  }
  if (endedByDeadline(error)) {
    return failure('provider_unavailable', 504, `no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  return failure('network_error', 502);
}
