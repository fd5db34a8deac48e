import type { ApiErrorCode } from '../protocol/index.js';

/**
 * Every failure of the server SDK: the Worker's answer (`code` from protocol/error-codes.ts,
 * `status` its HTTP status, `message` its error_description), or `network_error` (status 0) when
 * no answer came. Never holds a secret: the Worker's descriptions never do.
 */
export class OAuthCcError extends Error {
  override readonly name = 'OAuthCcError';

  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    message: string,
    /** Seconds the Worker asked to wait (a 503's Retry-After), when it did. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
