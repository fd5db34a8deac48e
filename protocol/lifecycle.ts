/**
 * A stored connection's health. `active`: its credentials work. `refresh_failing`: the provider
 * failed transiently (down, slow, malformed answers); the stored token is still served while
 * valid. `broken`: the provider rejected the stored credentials; it stays so until reconnected
 * (or a check succeeds).
 */
export type ConnectionStatus = 'active' | 'refresh_failing' | 'broken';

/** Lifecycle events: recorded in the event log and delivered as webhooks. */
export const EVENT_TYPES = [
  'connection.created',
  'connection.updated',
  'connection.broken',
  'connection.recovered',
  'connection.refresh_failed',
  'connection.deleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
