import type { AccessToken } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import { queueEvents } from '../events/record-event.js';
import { SecretBoxError } from '../crypto/secret-box.js';
import type { ConnectionRecord } from './connection-record.js';
import { statusChange } from './status-change.js';
import { openAccessToken, refreshFailureStatement } from './store.js';
import { brokenFailure, tokenView, waitFailure, type RowDecision } from './token-policy.js';

const UNREADABLE_MESSAGE =
  'The stored credentials cannot be decrypted with any key in ENCRYPTION_KEYS (the key they were sealed with was removed). Put that key back, or have the customer reconnect.';

export const WITHDRAWN_KEY_MESSAGE =
  'The Worker-held signing key of this connection cannot sign (withdrawn, or sealed under a removed encryption key). Have the customer reconnect with a published key.';

/**
 * Marks a connection whose credentials cannot be used (a value no key opens, a Worker-held key
 * gone): it answers 409 `credentials_unreadable` from now on, on every route, rather than a 500,
 * and the change to broken is told as `connection.broken`. The row and its event, in one batch.
 */
export async function markUnusable(env: Env, record: ConnectionRecord, now: number, message = UNREADABLE_MESSAGE) {
  const failure = { code: 'credentials_unreadable' as const, message, retryNotBefore: null };
  const event = statusChange(env, record, 'broken', now, { code: failure.code, message });
  await env.DB.batch([
    await refreshFailureStatement(env.DB, record, null, failure, '', now),
    ...(event?.statements ?? []),
  ]);
  if (event) await queueEvents(env, [event.id]);
  return new Failure(409, failure.code, message);
}

/** The answer a decision gives without calling the provider: the stored token (opened), or the row's failure. */
export async function answerFromRow(
  env: Env,
  record: ConnectionRecord,
  decision: RowDecision,
  keyRing: string,
  now: number,
): Promise<AccessToken> {
  if (decision.action === 'broken') throw brokenFailure(record);
  if (decision.action === 'wait') throw waitFailure(record, decision.retryAfter);
  let accessToken: string;
  try {
    accessToken = await openAccessToken(record, keyRing);
  } catch (error) {
    if (error instanceof SecretBoxError) throw await markUnusable(env, record, now);
    throw error;
  }
  return tokenView({
    accessToken,
    tokenType: record.tokenType,
    expiresAt: record.expiresAt,
    scopes: record.tokenScopes,
    captured: record.captured,
  });
}
