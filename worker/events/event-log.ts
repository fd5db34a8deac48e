import type { ApiErrorCode, ConnectionStatus, EventType } from '../../protocol/index.js';

/** Events older than this are pruned, and never listed even before they are. */
export const EVENT_RETENTION_SECONDS = 90 * 24 * 3600;
/** Rows removed per recorded event at most: bounded work, still far faster than events arrive. */
const PRUNE_BATCH = 100;

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One row of `connection_events` (migrations/0005_events.sql). Times in epoch seconds. */
export interface EventRow {
  seq: number;
  id: string;
  tenant: string;
  connection_id: string;
  type: EventType;
  status: ConnectionStatus;
  previous_status: ConnectionStatus | null;
  error_code: ApiErrorCode | null;
  error_message: string | null;
  created_at: number;
  /** Null when webhooks were off when the event happened. */
  delivery: DeliveryState | null;
  delivery_attempts: number;
  delivered_at: number | null;
}

export type NewEventRow = Omit<EventRow, 'seq' | 'delivery_attempts' | 'delivered_at'>;

/**
 * The event's row. With `onlyIfChanged`, it is written only when the statement before it in the
 * same batch changed a row (SQLite's changes()): the change and its event are all or nothing.
 */
export function eventInsertStatement(db: D1Database, row: NewEventRow, onlyIfChanged: boolean): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO connection_events (id, tenant, connection_id, type, status, previous_status, error_code,
       error_message, created_at, delivery) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ?11 = 0 OR changes() = 1`,
    )
    .bind(
      row.id,
      row.tenant,
      row.connection_id,
      row.type,
      row.status,
      row.previous_status,
      row.error_code,
      row.error_message,
      row.created_at,
      row.delivery,
      onlyIfChanged ? 1 : 0,
    );
}

/** Removes rows past retention, a bounded number at a time (an indexed range on created_at). */
export function pruneStatement(db: D1Database, now: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM connection_events WHERE seq IN
       (SELECT seq FROM connection_events WHERE created_at < ?1 ORDER BY created_at LIMIT ?2)`,
    )
    .bind(now - EVENT_RETENTION_SECONDS, PRUNE_BATCH);
}

export function readEvent(db: D1Database, id: string): Promise<EventRow | null> {
  return db.prepare('SELECT * FROM connection_events WHERE id = ?1').bind(id).first<EventRow>();
}

export interface EventQuery {
  tenant: string;
  connectionId?: string;
  /** Only rows older than this seq (the previous page's last). */
  beforeSeq?: number;
  limit: number;
  now: number;
}

/** One tenant's events, newest first; `limit + 1` are read so the caller knows whether more follow. */
export async function listEvents(db: D1Database, query: EventQuery): Promise<EventRow[]> {
  // Two spellings rather than `(?x IS NULL OR …)`, so each has its index: by tenant, or by connection.
  const byConnection = query.connectionId !== undefined;
  const { results } = await db
    .prepare(
      `SELECT * FROM connection_events
       WHERE tenant = ?1 ${byConnection ? 'AND connection_id = ?5' : ''} AND seq < ?2 AND created_at >= ?3
       ORDER BY seq DESC LIMIT ?4`,
    )
    .bind(
      query.tenant,
      query.beforeSeq ?? Number.MAX_SAFE_INTEGER,
      query.now - EVENT_RETENTION_SECONDS,
      query.limit + 1,
      ...(byConnection ? [query.connectionId] : []),
    )
    .all<EventRow>();
  return results;
}

/** Records one delivery attempt's outcome. A delivered event stays delivered (deliveries are at least once). */
export async function markDelivery(
  db: D1Database,
  id: string,
  state: DeliveryState,
  attempts: number | null,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE connection_events SET delivery = ?2, delivery_attempts = COALESCE(?3, delivery_attempts),
       delivered_at = CASE WHEN ?2 = 'delivered' THEN ?4 ELSE delivered_at END
       WHERE id = ?1 AND delivery IS NOT 'delivered'`,
    )
    .bind(id, state, attempts, now)
    .run();
}
