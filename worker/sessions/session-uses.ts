import type { SessionClaims } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';

/** Discovery calls a session may make: enough for a person typing and correcting an issuer URL. */
const MAX_DISCOVERIES_PER_SESSION = 20;

/**
 * Counts one `POST /v1/discover` against the session, in one statement: refused once the session
 * connected (session_invalid) or made its 20 calls (rate_limited), so discovery is no open
 * fetch proxy. The row is the one connect attempts count in (`session_uses`).
 */
export async function countDiscovery(db: D1Database, { sid, exp }: Pick<SessionClaims, 'sid' | 'exp'>): Promise<void> {
  const counted = await db
    .prepare(
      `INSERT INTO session_uses (sid, attempts, discoveries, expires_at) VALUES (?1, 0, 1, ?2)
       ON CONFLICT (sid) DO UPDATE SET discoveries = discoveries + 1
       WHERE consumed_at IS NULL AND discoveries < ?3
       RETURNING discoveries`,
    )
    .bind(sid, exp, MAX_DISCOVERIES_PER_SESSION)
    .first<{ discoveries: number }>();
  if (counted) return;
  const use = await db
    .prepare('SELECT consumed_at FROM session_uses WHERE sid = ?1')
    .bind(sid)
    .first<{ consumed_at: number | null }>();
  if (use?.consumed_at != null) throw new Failure(401, 'session_invalid', 'this session has already connected');
  throw new Failure(429, 'rate_limited', `a session may look up at most ${MAX_DISCOVERIES_PER_SESSION} issuers`);
}
