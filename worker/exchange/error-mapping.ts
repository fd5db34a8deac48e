import * as oauth from 'oauth4webapi';
import type { ErrorCode } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import { RedirectRefusedError, ResponseTooLargeError } from '../outbound/outbound-fetch.js';
import { echoesSecret, providerText } from './provider-text.js';
import { parseRetryAfter } from './retry-after.js';

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

export interface MappingContext {
  timeoutMs: number;
  /** What the request carried that must never come back in our text. */
  secrets: string[];
}

/**
 * A failure whose status blames the right side: the provider rejecting what the person entered
 * is the person's to fix (400); a provider that fails or answers nonsense is a bad gateway (502),
 * one that does not answer in time a gateway timeout (504).
 */
function failure(
  code: ErrorCode,
  status: 400 | 502 | 504,
  { secrets, cause }: MappingContext & { cause?: unknown },
  detail?: string,
  retryAfter?: number,
): Failure {
  // A last guard on whatever detail we add, though only the provider's own text can echo.
  const safeDetail = detail && secrets.some((secret) => echoesSecret(detail, secret)) ? undefined : detail;
  return new Failure(status, code, safeDetail, { retryAfter, cause });
}

const isUnavailableStatus = (status: number) => status >= 500 || status === 429;
const retryAfterOf = (response: Response) => parseRetryAfter(response.headers.get('retry-after'), Date.now());

function fromStatus(response: Response, context: MappingContext): Failure {
  if (isUnavailableStatus(response.status)) {
    return failure('provider_unavailable', 502, context, `HTTP ${response.status}`, retryAfterOf(response));
  }
  return failure('invalid_response', 502, context, `HTTP ${response.status}`);
}

/** Turns whatever the exchange threw into one of protocol/'s codes with safe text, keeping it as the cause. */
export function mapExchangeError(error: unknown, mapping: MappingContext): Failure {
  // Already ours: the URL policy's refusal before the request left.
  if (error instanceof Failure) return error;
  const context = { ...mapping, cause: error };
  if (error instanceof oauth.ResponseBodyError) {
    const description = providerText(error.error_description, context.secrets);
    const said = description ? `the provider said: ${description}` : undefined;
    if (PROVIDER_CODES.has(error.error)) return failure(error.error as ErrorCode, 400, context, said);
    if (
      error.error === 'temporarily_unavailable' ||
      error.error === 'server_error' ||
      isUnavailableStatus(error.status)
    ) {
      return failure('provider_unavailable', 502, context, said, retryAfterOf(error.response));
    }
    return failure('invalid_request', 400, context, said);
  }
  // oidc-provider and others answer a wrong secret with 401 + WWW-Authenticate (RFC 6749 §5.2).
  if (error instanceof oauth.WWWAuthenticateChallengeError) return failure('invalid_client', 400, context);
  if (error instanceof RedirectRefusedError) {
    return failure('invalid_response', 502, context, error.message);
  }
  if (error instanceof ResponseTooLargeError) return failure('invalid_response', 502, context, error.message);
  // A token_type other than Bearer or DPoP: the provider answered, with a token we cannot use.
  if (error instanceof oauth.UnsupportedOperationError) return failure('invalid_response', 502, context, error.message);
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response)
      return fromStatus(error.cause, context);
    return failure('invalid_response', 502, context, error.message);
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return failure('provider_unavailable', 504, context, `no answer within ${Math.round(context.timeoutMs / 1000)} s`);
  }
  return failure('network_error', 502, context);
}
