/** First retry after 30 s, then doubling: 30 s, 1 min, 2 min, … */
const FIRST_DELAY_SECONDS = 30;
/** No wait longer than an hour, whatever the attempt or the receiver's Retry-After. */
const MAX_DELAY_SECONDS = 3600;

/**
 * Seconds before the next delivery attempt after attempt number `attempts` (1-based, as a queue
 * message counts them) failed: exponential back-off, or the receiver's Retry-After (RFC 9110
 * §10.2.3) when it asks for longer, capped at an hour either way.
 */
export function retryDelaySeconds(attempts: number, retryAfterSeconds?: number): number {
  const exponential = FIRST_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1);
  return Math.min(MAX_DELAY_SECONDS, Math.max(exponential, retryAfterSeconds ?? 0));
}
