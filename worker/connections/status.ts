import type { ApiErrorCode, ConnectionStatus } from '../../protocol/index.js';

/**
 * Failures a later call could get past without anyone reconnecting. Every other code means the
 * stored credentials or settings are wrong, and asking again would only repeat the rejection.
 */
export const TRANSIENT_CODES: ReadonlySet<ApiErrorCode> = new Set([
  'provider_unavailable',
  'network_error',
  'invalid_response',
]);

/** A connection's health, from the error its last exchange left (null: none). */
export function connectionStatus(lastError: ApiErrorCode | null): ConnectionStatus {
  if (lastError === null) return 'active';
  return TRANSIENT_CODES.has(lastError) ? 'refresh_failing' : 'broken';
}

/** connectionStatus as SQL over a row's `last_error`, for statements that decide inside a batch. */
export const STATUS_SQL = `CASE WHEN last_error IS NULL THEN 'active' WHEN last_error IN (${[...TRANSIENT_CODES]
  .map((code) => `'${code}'`)
  .join(', ')}) THEN 'refresh_failing' ELSE 'broken' END`;
