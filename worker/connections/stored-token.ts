import { openAccessToken, type ConnectionRecord } from './store.js';
import { brokenOutcome, servedOutcome, waitOutcome, type RowDecision, type TokenOutcome } from './token-policy.js';

/** The answer a decision gives without calling the provider: the stored token (opened), or the row's error. */
export async function answerFromRow(
  record: ConnectionRecord,
  decision: RowDecision,
  keyRing: string,
): Promise<TokenOutcome> {
  if (decision.action === 'broken') return brokenOutcome(record);
  if (decision.action === 'wait') return waitOutcome(record, decision.retryAfter);
  return servedOutcome({
    accessToken: await openAccessToken(record, keyRing),
    tokenType: record.tokenType,
    expiresAt: record.expiresAt,
    scopes: record.tokenScopes,
  });
}
