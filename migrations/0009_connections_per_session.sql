-- A connection changes only when the host says so (a reconnect session names it): a plain session
-- always makes a new connection, so two connections may share a tenant, token URL and client id.
-- SQLite cannot drop a UNIQUE constraint, so connections is rebuilt without it, and gains:
-- - profile: the provider profile the exchange follows (JSON {tokenRequest, tokenResponse, values}),
--   NULL for RFC 6749's textbook request and answer;
-- - captured: the non-secret values the provider's answer carried (JSON, e.g. instance_url).
CREATE TABLE connections_v3 (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  token_url TEXT NOT NULL,
  issuer TEXT,
  client_id TEXT NOT NULL,
  credential_enc TEXT,
  key_id TEXT,
  scopes TEXT NOT NULL,
  auth_method TEXT NOT NULL
    CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt')),
  params TEXT NOT NULL,
  profile TEXT,
  access_token_enc TEXT NOT NULL,
  token_type TEXT NOT NULL,
  token_scopes TEXT NOT NULL,
  captured TEXT,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  credentials_version INTEGER NOT NULL DEFAULT 1,
  last_error TEXT,
  last_error_message TEXT,
  retry_not_before INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  probe TEXT,
  last_checked_at INTEGER
);
INSERT INTO connections_v3 (id, tenant, token_url, issuer, client_id, credential_enc, key_id, scopes, auth_method, params,
  access_token_enc, token_type, token_scopes, issued_at, expires_at, credentials_version, last_error, last_error_message,
  retry_not_before, created_at, updated_at, probe, last_checked_at)
SELECT id, tenant, token_url, issuer, client_id, credential_enc, key_id, scopes, auth_method, params,
  access_token_enc, token_type, token_scopes, issued_at, expires_at, credentials_version, last_error, last_error_message,
  retry_not_before, created_at, updated_at, probe, last_checked_at
FROM connections;
DROP TABLE connections;
ALTER TABLE connections_v3 RENAME TO connections;
CREATE INDEX connections_by_tenant ON connections (tenant, created_at);
-- Which connections sign with a Worker-held key: a key in use cannot be deleted (409 key_in_use).
CREATE INDEX connections_by_key ON connections (tenant, key_id);

-- POST /v1/discover calls made with a session: at most 20, then rate_limited.
ALTER TABLE session_uses ADD COLUMN discoveries INTEGER NOT NULL DEFAULT 0;

-- The sweep that re-sends events whose queue send failed looks for old pending ones.
CREATE INDEX connection_events_pending ON connection_events (delivery, created_at);

-- A Worker-held key whose sealed private key no encryption key opens any more (its key was
-- retired before the reseal walk moved it): it signs nothing, and its connections are broken.
ALTER TABLE signing_keys ADD COLUMN unreadable_at INTEGER;
