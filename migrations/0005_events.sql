-- The event log: one row per change in a connection's life (worker/events/), newest first by seq.
-- The id (evt_ + 128 random bits) is also the webhook-id of its delivery. Rows are kept 90 days.
CREATE TABLE connection_events (
  -- Insertion order; AUTOINCREMENT never reuses a value, so "newest first" holds within a second.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  previous_status TEXT,
  -- A protocol/ error code and its safe text, for broken and refresh_failed.
  error_code TEXT,
  error_message TEXT,
  -- Epoch seconds.
  created_at INTEGER NOT NULL,
  -- The webhook's delivery: NULL when webhooks were off when the event happened.
  delivery TEXT CHECK (delivery IN ('pending', 'delivered', 'failed')),
  delivery_attempts INTEGER NOT NULL DEFAULT 0,
  delivered_at INTEGER
);
CREATE INDEX connection_events_by_tenant ON connection_events (tenant, seq);
CREATE INDEX connection_events_by_connection ON connection_events (tenant, connection_id, seq);
CREATE INDEX connection_events_expiry ON connection_events (created_at);
