import { nowSeconds } from '../common/clock.js';
import { recordEvent } from '../events/record-event.js';
import { transitionEvent } from '../events/transitions.js';
import { SecretBoxError } from './secret-box.js';
import { markCredentialsUnreadable, openAccessToken, UNREADABLE_MESSAGE, type ConnectionRecord } from './store.js';
import {
  brokenOutcome,
  connectionStatus,
  servedOutcome,
  waitOutcome,
  type RowDecision,
  type TokenOutcome,
} from './token-policy.js';

/**
 * A row no key opens (its key was retired too early) answers `credentials_unreadable` from now
 * on, recorded on the row (and told as `connection.broken`), rather than a 500 on every call.
 */
export async function unreadable(
  env: Env,
  record: ConnectionRecord,
  message = UNREADABLE_MESSAGE,
): Promise<TokenOutcome> {
  const now = nowSeconds();
  await markCredentialsUnreadable(env.DB, record, now, message);
  const error = { code: 'credentials_unreadable', message } as const;
  const before = connectionStatus(record.lastError);
  const type = transitionEvent(before, 'broken');
  if (type) {
    const { tenant, id: connectionId } = record;
    await recordEvent(env, { type, tenant, connectionId, status: 'broken', previousStatus: before, error }, now);
  }
  return brokenOutcome({ lastError: error.code, lastErrorMessage: error.message });
}

/** The answer a decision gives without calling the provider: the stored token (opened), or the row's error. */
export async function answerFromRow(
  env: Env,
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
    if (error instanceof SecretBoxError) return unreadable(env, record);
    throw error;
  }
  return servedOutcome({
    accessToken,
    tokenType: record.tokenType,
    expiresAt: record.expiresAt,
    scopes: record.tokenScopes,
  });
}
