import type { ApiErrorCode, ConnectionStatus, ErrorCode } from '../../protocol/index.js';
import type { ExchangeFailure } from '../exchange/exchange-types.js';
import type { ConnectionRecord } from './store.js';
import { isExpired, needsRefresh } from './token-lifetime.js';

// What the token API answers, decided from a connection's row alone. Pure: no I/O, no clock.

/** The token API's answer (RFC 6749 §5.1 names; `expires_at` in epoch seconds). */
interface TokenView {
  access_token: string;
  token_type: string;
  expires_at: number;
  scope: string;
}

export type TokenOutcome =
  | { ok: true; token: TokenView }
  | { ok: false; status: 404 | 409 | 503; code: ApiErrorCode; description: string; retryAfter?: number };

/** A decision the row alone can answer: serve the stored token, or its error. */
export type RowDecision = { action: 'serve' } | { action: 'broken' } | { action: 'wait'; retryAfter: number };
export type TokenDecision = RowDecision | { action: 'refresh' };

/**
 * Failures a later call could get past without anyone reconnecting. Every other code means the
 * stored credentials or settings are wrong, and asking again would only repeat the rejection.
 */
const TRANSIENT_CODES = new Set<ApiErrorCode>(['provider_unavailable', 'network_error', 'invalid_response']);
/**
 * The shortest pause after a transient failure, also when the provider gave no Retry-After: a
 * provider cannot switch the back-off off ("Retry-After: 0") and make every call go upstream.
 */
const MIN_RETRY_SECONDS = 10;
/** A Retry-After longer than this is capped, so one odd header cannot park a connection for days. */
const MAX_RETRY_SECONDS = 3600;

/** A connection's health, from the error its last exchange left (null: none). */
export function connectionStatus(lastError: ApiErrorCode | null): ConnectionStatus {
  if (lastError === null) return 'active';
  return TRANSIENT_CODES.has(lastError) ? 'refresh_failing' : 'broken';
}

const isBroken = (record: Pick<ConnectionRecord, 'lastError'>) => connectionStatus(record.lastError) === 'broken';

/**
 * `force=1` is for a backend whose API call just got 401 with this token: it asks for a new one,
 * unless the current one is younger than this (then that one is the answer). So a crowd of 401s,
 * however many, costs one exchange.
 */
const FORCE_MIN_AGE_SECONDS = 30;

/**
 * What to do for a token request. A broken connection answers its error until reconnected; a
 * token before 75 % of its life is served (unless forced and at least 30 s old); after a
 * transient failure nothing calls upstream before retry_not_before, and a token that has not yet
 * expired is still served meanwhile.
 */
export function decideToken(record: ConnectionRecord, now: number, { force = false } = {}): TokenDecision {
  if (isBroken(record)) return { action: 'broken' };
  const forced = force && now - record.issuedAt >= FORCE_MIN_AGE_SECONDS;
  if (!forced && !needsRefresh(record, now)) return { action: 'serve' };
  if (record.retryNotBefore !== null && now < record.retryNotBefore) {
    return isExpired(record, now) ? { action: 'wait', retryAfter: record.retryNotBefore - now } : { action: 'serve' };
  }
  return { action: 'refresh' };
}

/** What a failed refresh records on the row. */
export interface RefreshFailure {
  code: ErrorCode;
  message: string;
  retryNotBefore: number | null;
}

/**
 * After a failed refresh: what to record, and what to answer. A rejection of the credentials
 * breaks the connection; a transient failure backs off (the provider's Retry-After, capped),
 * and the old token is still handed out while it has not expired.
 */
export function decideAfterFailure(
  record: ConnectionRecord,
  error: ExchangeFailure,
  now: number,
): { failure: RefreshFailure; decision: RowDecision } {
  const transient = TRANSIENT_CODES.has(error.code);
  const retryAfter = transient
    ? Math.min(Math.max(error.retryAfter ?? MIN_RETRY_SECONDS, MIN_RETRY_SECONDS), MAX_RETRY_SECONDS)
    : undefined;
  const failure = {
    code: error.code,
    message: error.message,
    retryNotBefore: retryAfter === undefined ? null : now + retryAfter,
  };
  if (retryAfter === undefined) return { failure, decision: { action: 'broken' } };
  return { failure, decision: isExpired(record, now) ? { action: 'wait', retryAfter } : { action: 'serve' } };
}

/**
 * oauth4webapi lower-cases token_type. The value is case-insensitive (RFC 6749 §7.1), but
 * callers paste it into `Authorization: <type> <token>` and some APIs only accept "Bearer"
 * (RFC 6750 §2.1's spelling), so that spelling is what we hand out.
 */
const displayTokenType = (tokenType: string) => (tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType);

export function servedOutcome(token: {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
  scopes: string[];
}): TokenOutcome {
  return {
    ok: true,
    token: {
      access_token: token.accessToken,
      token_type: displayTokenType(token.tokenType),
      expires_at: token.expiresAt,
      scope: token.scopes.join(' '),
    },
  };
}

export function brokenOutcome(record: Pick<ConnectionRecord, 'lastError' | 'lastErrorMessage'>): TokenOutcome {
  return {
    ok: false,
    status: 409,
    code: record.lastError ?? 'invalid_client',
    description: `${record.lastErrorMessage ?? ''} The connection must be reconnected.`.trim(),
  };
}

export function waitOutcome(
  record: Pick<ConnectionRecord, 'lastError' | 'lastErrorMessage'>,
  retryAfter: number,
): TokenOutcome {
  return {
    ok: false,
    status: 503,
    code: record.lastError ?? 'provider_unavailable',
    description: `${record.lastErrorMessage ?? ''} The token has expired; try again in ${retryAfter} s.`.trim(),
    retryAfter,
  };
}

export const notFoundOutcome: TokenOutcome = {
  ok: false,
  status: 404,
  code: 'not_found',
  description: 'No such connection for this tenant.',
};
