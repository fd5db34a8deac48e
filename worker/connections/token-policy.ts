import type { AccessToken, ApiErrorCode } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import type { ConnectionRecord } from './connection-record.js';
import { connectionStatus, TRANSIENT_CODES } from './status.js';
import { isExpired, needsRefresh } from './token-lifetime.js';

// What the token API answers, decided from a connection's row alone. Pure: no I/O, no clock.

/** A decision the row alone can answer: serve the stored token, or its error. */
export type RowDecision = { action: 'serve' } | { action: 'broken' } | { action: 'wait'; retryAfter: number };
export type TokenDecision = RowDecision | { action: 'refresh' };

/**
 * The shortest pause after a transient failure, also when the provider gave no Retry-After: a
 * provider cannot switch the back-off off ("Retry-After: 0") and make every call go upstream.
 */
const MIN_RETRY_SECONDS = 10;
/** A Retry-After longer than this is capped, so one odd header cannot park a connection for days. */
const MAX_RETRY_SECONDS = 3600;
/**
 * However short a lifetime the provider grants (expires_in 0, a JWT already past its exp), one
 * connection asks upstream at most once per this many seconds; callers in between share the
 * token it got.
 */
const MIN_EXCHANGE_INTERVAL_SECONDS = 10;
/**
 * `force=1` is for a backend whose API call just got 401 with this token: it asks for a new one,
 * unless the current one is younger than this (then that one is the answer). So a crowd of 401s,
 * however many, costs one exchange.
 */
const FORCE_MIN_AGE_SECONDS = 30;

const isBroken = (record: Pick<ConnectionRecord, 'lastError'>) => connectionStatus(record.lastError) === 'broken';

/**
 * What to do for a token request. A broken connection answers its error until reconnected; a
 * token before 75 % of its life is served (unless forced and at least 30 s old); a token younger
 * than the exchange interval is served whatever its claimed lifetime; after a transient failure nothing calls
 * upstream before retry_not_before, and a token that has not yet expired is still served meanwhile.
 */
export function decideToken(record: ConnectionRecord, now: number, { force = false } = {}): TokenDecision {
  if (isBroken(record)) return { action: 'broken' };
  const age = now - record.issuedAt;
  if (age < MIN_EXCHANGE_INTERVAL_SECONDS) return { action: 'serve' };
  const forced = force && age >= FORCE_MIN_AGE_SECONDS;
  if (!forced && !needsRefresh(record, now)) return { action: 'serve' };
  if (record.retryNotBefore !== null && now < record.retryNotBefore) {
    return isExpired(record, now) ? { action: 'wait', retryAfter: record.retryNotBefore - now } : { action: 'serve' };
  }
  return { action: 'refresh' };
}

/** What a failed exchange records on the row. */
export interface RefreshFailure {
  code: ApiErrorCode;
  message: string;
  retryNotBefore: number | null;
}

/**
 * After a failed exchange: what to record, and what to answer. A rejection of the credentials
 * breaks the connection; a transient failure backs off (the provider's Retry-After, capped),
 * and the old token is still handed out while it has not expired.
 */
export function decideAfterFailure(
  record: ConnectionRecord,
  failure: Failure,
  now: number,
): { stored: RefreshFailure; decision: RowDecision } {
  const transient = TRANSIENT_CODES.has(failure.code);
  const retryAfter = transient
    ? Math.min(Math.max(failure.retryAfter ?? MIN_RETRY_SECONDS, MIN_RETRY_SECONDS), MAX_RETRY_SECONDS)
    : undefined;
  const stored = {
    code: failure.code,
    message: failure.advice,
    retryNotBefore: retryAfter === undefined ? null : now + retryAfter,
  };
  if (retryAfter === undefined) return { stored, decision: { action: 'broken' } };
  return { stored, decision: isExpired(record, now) ? { action: 'wait', retryAfter } : { action: 'serve' } };
}

/**
 * oauth4webapi lower-cases token_type. The value is case-insensitive (RFC 6749 §7.1), but
 * callers paste it into `Authorization: <type> <token>` and some APIs only accept "Bearer"
 * (RFC 6750 §2.1's spelling), so that spelling is what we hand out.
 */
const displayTokenType = (tokenType: string) => (tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType);

/** The token API's answer (RFC 6749 §5.1 names; `expires_at` in epoch seconds; `values` captured from the answer). */
export function tokenView(token: {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
  scopes: string[];
  captured?: Record<string, string>;
}): AccessToken {
  return {
    access_token: token.accessToken,
    token_type: displayTokenType(token.tokenType),
    expires_at: token.expiresAt,
    scope: token.scopes.join(' '),
    values: token.captured ?? {},
  };
}

/** A broken connection's answer until it is reconnected (or a check succeeds). */
export function brokenFailure(record: Pick<ConnectionRecord, 'lastError' | 'lastErrorMessage'>): Failure {
  return new Failure(
    409,
    record.lastError ?? 'invalid_client',
    `${record.lastErrorMessage ?? ''} The connection must be reconnected.`.trim(),
  );
}

/** An expired token whose provider is failing: try again after the back-off. */
export function waitFailure(
  record: Pick<ConnectionRecord, 'lastError' | 'lastErrorMessage'>,
  retryAfter: number,
): Failure {
  return new Failure(
    503,
    record.lastError ?? 'provider_unavailable',
    `${record.lastErrorMessage ?? ''} The token has expired; try again in ${retryAfter} s.`.trim(),
    { retryAfter },
  );
}

export const notFound = () => new Failure(404, 'not_found', 'No such connection for this tenant.');
