-- Development only: a sandbox client's secret after POST /sandbox/clients/:id/rotate (absent:
-- the documented "sandbox-secret"). Lets a person make the sandbox provider reject the stored
-- credentials, then rotate them in place. Production never serves the sandbox; this stays empty.
CREATE TABLE sandbox_client_secrets (
  client_id TEXT PRIMARY KEY,
  secret TEXT NOT NULL
);
