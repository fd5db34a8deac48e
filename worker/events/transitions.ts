import type { ConnectionStatus, EventType } from '../../protocol/index.js';

/**
 * The event a change of a connection's status is, or null when nothing worth telling happened.
 * One event per transition: a provider that keeps failing produces one `refresh_failed`, not
 * one per attempt. `before` is null for a connection that did not exist.
 */
export function transitionEvent(before: ConnectionStatus | null, after: ConnectionStatus): EventType | null {
  if (before === null) return 'connection.created';
  if (after === 'active') return before === 'active' ? null : 'connection.recovered';
  if (after === 'broken') return before === 'broken' ? null : 'connection.broken';
  // From active or from broken: a broken connection whose provider now fails transiently is no
  // longer rejected, and a webhook consumer must not keep believing it is broken.
  return before === 'refresh_failing' ? null : 'connection.refresh_failed';
}
