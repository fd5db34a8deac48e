import * as oauth from 'oauth4webapi';
import { describeError, type ErrorCode } from '../../protocol/index.js';
import { RedirectRefusedError, ResponseTooLargeError } from '../outbound/capped-fetch.js';
import type { ExchangeFailure } from './exchange-types.js';

/** RFC 6749 §5.2 codes, plus RFC 8707 §2's invalid_target, that pass through unchanged. */
const PROVIDER_CODES = new Set<string>([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
]);

const MAX_DESCRIPTION = 200;

/** Provider-chosen text: control characters removed, truncated; escaping is the renderer's job. */
export function cleanDescription(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!clean) return undefined;
  return clean.length > MAX_DESCRIPTION ? `${clean.slice(0, MAX_DESCRIPTION - 1)}…` : clean;
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const failure = (code: ErrorCode, detail?: string, retryAfter?: number): ExchangeFailure => ({
  code,
  message: describeError(code, detail),
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

const isUnavailableStatus = (status: number) => status >= 500 || status === 429;

function fromStatus(response: Response): ExchangeFailure {
  if (isUnavailableStatus(response.status)) {
    return failure('provider_unavailable', `HTTP ${response.status}`, parseRetryAfter(response.headers.get('retry-after')));
  }
  return failure('invalid_response', `HTTP ${response.status}`);
}

/** Turns whatever the exchange threw into one of protocol/'s codes with safe text. */
export function mapExchangeError(error: unknown, timeoutMs: number): ExchangeFailure {
  if (error instanceof oauth.ResponseBodyError) {
    const description = cleanDescription(error.error_description);
    const said = description ? `the provider said: ${description}` : undefined;
    if (PROVIDER_CODES.has(error.error)) return failure(error.error as ErrorCode, said);
    if (error.error === 'temporarily_unavailable' || error.error === 'server_error' || isUnavailableStatus(error.status)) {
      return failure('provider_unavailable', said, parseRetryAfter(error.response.headers.get('retry-after')));
    }
    return failure('invalid_request', said);
  }
  // oidc-provider and others answer a wrong secret with 401 + WWW-Authenticate (RFC 6749 §5.2).
  if (error instanceof oauth.WWWAuthenticateChallengeError) return failure('invalid_client');
  if (error instanceof RedirectRefusedError) return failure('invalid_response', `HTTP ${error.status}; redirects are not followed`);
  if (error instanceof ResponseTooLargeError) return failure('invalid_response', error.message);
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response) return fromStatus(error.cause);
    return failure('invalid_response', error.message);
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return failure('provider_unavailable', `no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  return failure('network_error');
}
