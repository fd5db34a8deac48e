-- One row per connect session that has been used: enforces single use and the attempt cap.
CREATE TABLE session_uses (
  sid TEXT PRIMARY KEY,
  attempts INTEGER NOT NULL DEFAULT 0,
  consumed_at INTEGER,
  expires_at INTEGER NOT NULL
);

-- One row per connect attempt, keyed by the element's 128-bit state; the result channel
-- (GET /v1/connect/result) reads it when the popup's opener link is gone. Kept 10 minutes.
CREATE TABLE connect_attempts (
  state TEXT PRIMARY KEY,
  sid TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'failed')),
  connection_id TEXT,
  scopes TEXT,
  token_expires_at INTEGER,
  error_code TEXT,
  error_message TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX connect_attempts_expiry ON connect_attempts (expires_at);
CREATE INDEX session_uses_expiry ON session_uses (expires_at);
