-- Development only: the sandbox provider's key-based client (sandbox-key, private_key_jwt).
-- A public key made by POST /sandbox/clients/sandbox-key/keys, which hands out the private key
-- once and keeps only this, as a provider console that "generates a key to download" does.
-- Production never serves the sandbox; these stay empty.
CREATE TABLE sandbox_client_keys (
  kid TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
-- Client assertions the sandbox token endpoint accepted, until they expire: a jti seen again
-- within its assertion's lifetime is a replay (RFC 7523 §3, item 7).
CREATE TABLE sandbox_used_assertions (
  client_id TEXT NOT NULL,
  jti TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, jti)
);
