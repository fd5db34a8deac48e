-- A session admits one connect attempt at a time: the attempt that holds the claim (its state)
-- and when the claim lapses, should that attempt never finish (a crashed isolate).
ALTER TABLE session_uses ADD COLUMN claimed_by TEXT;
ALTER TABLE session_uses ADD COLUMN claim_expires_at INTEGER;

-- An attempt's state is unique within its session, not across all sessions. Attempts live ten
-- minutes, so the table is recreated rather than copied.
DROP TABLE connect_attempts;
CREATE TABLE connect_attempts (
  sid TEXT NOT NULL,
  state TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'failed')),
  connection_id TEXT,
  scopes TEXT,
  token_expires_at INTEGER,
  error_code TEXT,
  error_message TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (sid, state)
);
CREATE INDEX connect_attempts_expiry ON connect_attempts (expires_at);
