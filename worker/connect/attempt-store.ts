import { resultMessage, type ErrorCode, type ResultMessage, type SessionClaims } from '../../protocol/index.js';
import { Failure, invalidRequest } from '../common/failure.js';

/** Attempts per session before rate_limited: enough for typos, too few to guess secrets. */
const MAX_ATTEMPTS_PER_SESSION = 5;
/** How long the result channel can answer for an attempt. */
const ATTEMPT_RETENTION_SECONDS = 600;

interface SessionUse {
  attempts: number;
  consumed_at: number | null;
  claimed_by: string | null;
  claim_expires_at: number | null;
}

/**
 * What has lapsed, removed by the scheduled maintenance rather than on the connect path: attempts
 * past their retention, and the counters of sessions past their expiry (an expired session can
 * no longer be used, so its counter has nothing left to count).
 */
export const pruneStatements = (db: D1Database, now: number) => [
  db.prepare('DELETE FROM connect_attempts WHERE expires_at < ?1').bind(now),
  db.prepare('DELETE FROM session_uses WHERE expires_at < ?1').bind(now),
];

/**
 * Admits the attempt `state` of session `sid`, in one batch (a D1 transaction): claims the
 * session for this attempt (one attempt in flight per session; the claim
 * lapses after `claimSeconds`, the longest an attempt can take) and counts it, and records the
 * attempt as pending. A refusal throws, saying why after one more read.
 */
export async function admitAttempt(
  db: D1Database,
  session: Pick<SessionClaims, 'sid' | 'exp'>,
  state: string,
  now: number,
  claimSeconds: number,
): Promise<void> {
  const { sid, exp } = session;
  const [claim, pending] = await db.batch<{ attempts: number }>([
    db
      .prepare(
        `INSERT INTO session_uses (sid, attempts, expires_at, claimed_by, claim_expires_at) VALUES (?1, 1, ?2, ?3, ?4)
         ON CONFLICT (sid) DO UPDATE SET attempts = attempts + 1, claimed_by = ?3, claim_expires_at = ?4
         WHERE consumed_at IS NULL AND attempts < ?6 AND (claimed_by IS NULL OR claim_expires_at <= ?5)
         RETURNING attempts`,
      )
      .bind(sid, exp, state, now + claimSeconds, now, MAX_ATTEMPTS_PER_SESSION),
    db
      .prepare(
        `INSERT INTO connect_attempts (sid, state, status, created_at, expires_at)
         SELECT ?1, ?2, 'pending', ?3, ?4 WHERE EXISTS (SELECT 1 FROM session_uses WHERE sid = ?1 AND claimed_by = ?2)
         ON CONFLICT DO NOTHING`,
      )
      .bind(sid, state, now, now + ATTEMPT_RETENTION_SECONDS),
  ]);
  if (claim?.results.length === 1) {
    if (pending?.meta.changes === 1) return;
    await releaseClaim(db, sid, state);
    throw invalidRequest('this attempt was already made');
  }
  const use = await db
    .prepare('SELECT attempts, consumed_at, claimed_by, claim_expires_at FROM session_uses WHERE sid = ?1')
    .bind(sid)
    .first<SessionUse>();
  if (use?.consumed_at != null) throw new Failure(401, 'session_invalid', 'this session has already connected');
  if (use && use.attempts >= MAX_ATTEMPTS_PER_SESSION) throw new Failure(429, 'rate_limited');
  throw new Failure(429, 'rate_limited', 'another attempt with this session is under way');
}

const releaseClaim = (db: D1Database, sid: string, state: string) =>
  db
    .prepare('UPDATE session_uses SET claimed_by = NULL, claim_expires_at = NULL WHERE sid = ?1 AND claimed_by = ?2')
    .bind(sid, state)
    .run();

/**
 * The statements that record an attempt's outcome and release the session's claim; a connected
 * outcome also spends the session (single use). They run in the batch that commits the attempt.
 */
export function finishAttemptStatements(
  db: D1Database,
  sid: string,
  message: ResultMessage,
  now: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE connect_attempts SET status = ?3, connection_id = ?4, scopes = ?5, token_expires_at = ?6,
         error_code = ?7, error_message = ?8 WHERE sid = ?1 AND state = ?2`,
      )
      .bind(
        sid,
        message.state,
        message.status,
        message.connectionId ?? null,
        message.scopes ? JSON.stringify(message.scopes) : null,
        message.expiresAt ?? null,
        message.error?.code ?? null,
        message.error?.message ?? null,
      ),
    db
      .prepare(
        `UPDATE session_uses SET claimed_by = NULL, claim_expires_at = NULL,
         consumed_at = CASE WHEN ?3 = 'connected' THEN ?4 ELSE consumed_at END
         WHERE sid = ?1 AND claimed_by = ?2`,
      )
      .bind(sid, message.state, message.status, now),
  ];
}

interface AttemptRow {
  state: string;
  status: 'pending' | 'connected' | 'failed';
  connection_id: string | null;
  scopes: string | null;
  token_expires_at: number | null;
  error_code: ErrorCode | null;
  error_message: string | null;
  created_at: number;
}

export type AttemptView = { status: 'pending' } | ResultMessage;

/**
 * The attempt as the result channel reports it, or null if this session never made it. A
 * pending attempt older than `deadlineSeconds` (the longest one can run) never finished on our
 * side: it is reported as our failure rather than left pending until the element gives up.
 */
export async function readAttempt(
  db: D1Database,
  sid: string,
  state: string,
  now: number,
  deadlineSeconds: number,
): Promise<AttemptView | null> {
  const row = await db
    .prepare(
      `SELECT state, status, connection_id, scopes, token_expires_at, error_code, error_message, created_at
       FROM connect_attempts WHERE sid = ?1 AND state = ?2 AND expires_at >= ?3`,
    )
    .bind(sid, state, now)
    .first<AttemptRow>();
  if (!row) return null;
  if (row.status === 'pending') {
    if (now <= row.created_at + deadlineSeconds) return { status: 'pending' };
    const error = { code: 'server_error' as const, message: 'The attempt did not finish on our side. Try again.' };
    return resultMessage(row.state, { status: 'failed', error });
  }
  if (row.status === 'connected' && row.connection_id !== null) {
    return resultMessage(row.state, {
      status: 'connected',
      connectionId: row.connection_id,
      ...(row.scopes ? { scopes: JSON.parse(row.scopes) as string[] } : {}),
      ...(row.token_expires_at !== null ? { expiresAt: row.token_expires_at } : {}),
    });
  }
  // A failed row is written with its code; a row without one (or a connected one without its
  // connection) can only be our fault.
  const error = { code: row.error_code ?? 'server_error', message: row.error_message ?? '' };
  return resultMessage(row.state, { status: 'failed', error });
}
