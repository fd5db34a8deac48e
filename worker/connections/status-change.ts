import type { ConnectionStatus } from '../../protocol/index.js';
import { randomId } from '../common/random-id.js';
import { eventStatements, webhooksOn, type ConnectionEvent, type EventWrite } from '../events/record-event.js';
import { transitionEvent } from '../events/transitions.js';
import type { ConnectionRecord } from './connection-record.js';
import { connectionStatus, STATUS_SQL } from './status.js';

/**
 * The one place a change of a connection's status becomes an event: the event `record` moving
 * to `after` is (none when nothing worth telling happened), as statements to run right after
 * the conditional write that makes the change, so both happen or neither.
 */
export function statusChange(
  env: Env,
  record: Pick<ConnectionRecord, 'id' | 'tenant' | 'lastError'>,
  after: ConnectionStatus,
  now: number,
  error?: ConnectionEvent['error'],
): EventWrite | null {
  const before = connectionStatus(record.lastError);
  const type = transitionEvent(before, after);
  if (!type) return null;
  const event: ConnectionEvent = {
    type,
    tenant: record.tenant,
    connectionId: record.id,
    status: after,
    previousStatus: before,
    ...(error ? { error } : {}),
  };
  return eventStatements(env, event, now, { onlyIfChanged: true });
}

/** The batch error a reconnect's event raises when its connection is gone (see reconnectEvent). */
export const isConnectionGone = (error: unknown) =>
  error instanceof Error && /NOT NULL constraint failed: connection_events\.connection_id/.test(error.message);

/**
 * A reconnect's event, decided inside the batch from the row as it is then: `connection.updated`
 * for an active connection, `connection.recovered` for a failing or broken one. Run before the
 * reconnect's UPDATE. If the connection was deleted meanwhile, its id reads as NULL, which the
 * log's NOT NULL column refuses, and the whole batch (the attempt's commit) rolls back.
 */
export function reconnectEvent(env: Env, tenant: string, connectionId: string, now: number) {
  const id = randomId('evt_');
  const row = `FROM connections WHERE id = ?3 AND tenant = ?2`;
  const statement = env.DB.prepare(
    `INSERT INTO connection_events (id, tenant, connection_id, type, status, previous_status, created_at, delivery)
     VALUES (?1, ?2, (SELECT id ${row}),
       (SELECT CASE ${STATUS_SQL} WHEN 'active' THEN 'connection.updated' ELSE 'connection.recovered' END ${row}),
       'active', (SELECT ${STATUS_SQL} ${row}), ?4, ?5)`,
  ).bind(id, tenant, connectionId, now, webhooksOn(env) ? 'pending' : null);
  return { id, statements: [statement] };
}
