import { resultMessage, type ErrorCode, type ResultMessage } from '../../protocol/index.js';

/** Attempts per session before rate_limited: enough for typos, too few to guess secrets. */
const MAX_ATTEMPTS_PER_SESSION = 5;
/** How long the result channel can answer for an attempt. */
const ATTEMPT_RETENTION_SECONDS = 600;

export type AttemptAdmission = 'admitted' | 'session_used' | 'rate_limited' | 'state_reused';

/**
 * Counts the attempt against its session and records it as pending under `state`.
 * The counter is one atomic upsert, so parallel requests cannot slip past the cap.
 */
export async function admitAttempt(db: D1Database, sid: string, sessionExp: number, state: string, now: number): Promise<AttemptAdmission> {
  const [, use] = await db.batch<{ attempts: number; consumed_at: number | null }>([
    db.prepare('DELETE FROM connect_attempts WHERE expires_at < ?1').bind(now),
    db
      .prepare(
        `INSERT INTO session_uses (sid, attempts, expires_at) VALUES (?1, 1, ?2)
         ON CONFLICT (sid) DO UPDATE SET attempts = attempts + 1
         RETURNING attempts, consumed_at`,
      )
      .bind(sid, sessionExp),
  ]);
  const row = use?.results[0];
  if (!row) throw new Error('session_uses upsert returned no row');
  if (row.consumed_at !== null) return 'session_used';
  if (row.attempts > MAX_ATTEMPTS_PER_SESSION) return 'rate_limited';
  const inserted = await db
    .prepare(
      `INSERT INTO connect_attempts (state, sid, status, created_at, expires_at) VALUES (?1, ?2, 'pending', ?3, ?4)
       ON CONFLICT (state) DO NOTHING`,
    )
    .bind(state, sid, now, now + ATTEMPT_RETENTION_SECONDS)
    .run();
  return inserted.meta.changes === 1 ? 'admitted' : 'state_reused';
}

/** Records the outcome; a connected outcome also spends the session (single use). */
export async function finishAttempt(db: D1Database, sid: string, message: ResultMessage, now: number): Promise<void> {
  const update = db
    .prepare(
      `UPDATE connect_attempts SET status = ?2, connection_id = ?3, scopes = ?4, token_expires_at = ?5,
       error_code = ?6, error_message = ?7 WHERE state = ?1`,
    )
    .bind(
      message.state,
      message.status,
      message.connectionId ?? null,
      message.scopes ? JSON.stringify(message.scopes) : null,
      message.expiresAt ?? null,
      message.error?.code ?? null,
      message.error?.message ?? null,
    );
  if (message.status !== 'connected') {
    await update.run();
    return;
  }
  await db.batch([update, db.prepare('UPDATE session_uses SET consumed_at = ?2 WHERE sid = ?1 AND consumed_at IS NULL').bind(sid, now)]);
}

interface AttemptRow {
  state: string;
  status: 'pending' | 'connected' | 'failed';
  connection_id: string | null;
  scopes: string | null;
  token_expires_at: number | null;
  error_code: ErrorCode | null;
  error_message: string | null;
}

export type AttemptView = { status: 'pending' } | ResultMessage;

/** The attempt as the result channel reports it, or null if this session never made it. */
export async function readAttempt(db: D1Database, sid: string, state: string, now: number): Promise<AttemptView | null> {
  const row = await db
    .prepare(
      `SELECT state, status, connection_id, scopes, token_expires_at, error_code, error_message
       FROM connect_attempts WHERE state = ?1 AND sid = ?2 AND expires_at >= ?3`,
    )
    .bind(state, sid, now)
    .first<AttemptRow>();
  if (!row) return null;
  if (row.status === 'pending') return { status: 'pending' };
  if (row.status === 'connected') {
    return resultMessage(row.state, {
      status: 'connected',
      connectionId: row.connection_id ?? '',
      ...(row.scopes ? { scopes: JSON.parse(row.scopes) as string[] } : {}),
      ...(row.token_expires_at !== null ? { expiresAt: row.token_expires_at } : {}),
    });
  }
  // finishAttempt writes a failed row's code with it; a row without one can only be our fault.
  const error = { code: row.error_code ?? 'server_error', message: row.error_message ?? '' };
  return resultMessage(row.state, { status: 'failed', error });
}
