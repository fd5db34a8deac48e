-- One row per stored connection: the credentials a host's customer entered, the token they
-- produced, and the refresh state. Secrets are AES-256-GCM ciphertexts (worker/secret-box.ts)
-- whose AAD binds tenant, id and token URL, so a ciphertext copied to another row fails.
CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  token_url TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret_enc TEXT NOT NULL,
  -- JSON array of the requested scopes, re-requested on every refresh.
  scopes TEXT NOT NULL,
  auth_method TEXT NOT NULL CHECK (auth_method IN ('client_secret_basic', 'client_secret_post')),
  -- JSON object: audience, resource.
  params TEXT NOT NULL,
  access_token_enc TEXT NOT NULL,
  token_type TEXT NOT NULL,
  -- JSON array of the scopes granted with the current token (RFC 6749 §5.1).
  token_scopes TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- Bumped by every reconnect, so a refresh that started with the old credentials cannot
  -- overwrite the new token or mark the new credentials broken.
  credentials_version INTEGER NOT NULL DEFAULT 1,
  -- Set when a refresh fails: a protocol/ error code and its safe description.
  last_error TEXT,
  last_error_message TEXT,
  -- After a transient failure: no upstream call before this time (the provider's Retry-After).
  retry_not_before INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Reconnecting the same client at the same token URL replaces the row instead of adding one.
  UNIQUE (tenant, token_url, client_id)
);
CREATE INDEX connections_by_tenant ON connections (tenant, created_at);
