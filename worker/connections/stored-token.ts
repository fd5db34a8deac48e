import { nowSeconds } from '../common/clock.js';
import { SecretBoxError } from './secret-box.js';
import { markCredentialsUnreadable, openAccessToken, UNREADABLE_MESSAGE, type ConnectionRecord } from './store.js';
import { brokenOutcome, servedOutcome, waitOutcome, type RowDecision, type TokenOutcome } from './token-policy.js';

/**
 * A row no key opens (its key was retired too early) answers `credentials_unreadable` from now
 * on, recorded on the row, rather than a 500 on every call.
 */
export async function unreadable(db: D1Database, record: ConnectionRecord): Promise<TokenOutcome> {
  await markCredentialsUnreadable(db, record, nowSeconds());
  return brokenOutcome({ lastError: 'credentials_unreadable', lastErrorMessage: UNREADABLE_MESSAGE });
}

/** The answer a decision gives without calling the provider: the stored token (opened), or the row's error. */
export async function answerFromRow(
  db: D1Database,
  record: ConnectionRecord,
  decision: RowDecision,
  keyRing: string,
): Promise<TokenOutcome> {
  if (decision.action === 'broken') return brokenOutcome(record);
  if (decision.action === 'wait') return waitOutcome(record, decision.retryAfter);
  let accessToken: string;
  try {
    accessToken = await openAccessToken(record, keyRing);
  } catch (error) {
    if (error instanceof SecretBoxError) return unreadable(db, record);
    throw error;
  }
  return servedOutcome({
    accessToken,
    tokenType: record.tokenType,
    expiresAt: record.expiresAt,
    scopes: record.tokenScopes,
  });
}
