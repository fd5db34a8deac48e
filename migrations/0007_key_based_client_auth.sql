-- Key-based client authentication (RFC 7523 §2.2) and issuer discovery (RFC 8414).
-- SQLite cannot alter a CHECK constraint, so connections is rebuilt:
-- - auth_method admits client_secret_jwt and private_key_jwt;
-- - credential_enc (was client_secret_enc) holds the sealed client secret or pasted private key
--   (PEM), and is NULL for a Worker-held key;
-- - key_id: the Worker-held key (signing_keys.kid), or the kid a pasted key is registered under;
-- - issuer: the RFC 8414 issuer whose metadata named token_url (client assertions name it in aud).
CREATE TABLE connections_v2 (
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
  access_token_enc TEXT NOT NULL,
  token_type TEXT NOT NULL,
  token_scopes TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  credentials_version INTEGER NOT NULL DEFAULT 1,
  last_error TEXT,
  last_error_message TEXT,
  retry_not_before INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  probe TEXT,
  last_checked_at INTEGER,
  UNIQUE (tenant, token_url, client_id)
);
INSERT INTO connections_v2 (id, tenant, token_url, issuer, client_id, credential_enc, key_id, scopes, auth_method, params,
  access_token_enc, token_type, token_scopes, issued_at, expires_at, credentials_version, last_error, last_error_message,
  retry_not_before, created_at, updated_at, probe, last_checked_at)
SELECT id, tenant, token_url, NULL, client_id, client_secret_enc, NULL, scopes, auth_method, params,
  access_token_enc, token_type, token_scopes, issued_at, expires_at, credentials_version, last_error, last_error_message,
  retry_not_before, created_at, updated_at, probe, last_checked_at
FROM connections;
DROP TABLE connections;
ALTER TABLE connections_v2 RENAME TO connections;
CREATE INDEX connections_by_tenant ON connections (tenant, created_at);

-- Worker-held signing keys for private_key_jwt (POST /v1/keys). The private key never leaves the
-- Worker: sealed here (AES-256-GCM, AAD binding tenant and kid), opened as a non-extractable
-- CryptoKey to sign. Public keys are published at GET /v1/jwks/:tenant until withdrawn.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  alg TEXT NOT NULL CHECK (alg IN ('ES256', 'RS256', 'PS256')),
  public_jwk TEXT NOT NULL,
  private_key_enc TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  withdrawn_at INTEGER
);
CREATE INDEX signing_keys_by_tenant ON signing_keys (tenant, created_at);
