-- Test & Save: the API call that proves a connection works (JSON {url, method, expectStatus}),
-- re-run by POST /v1/connections/:id/check. NULL when the session set none.
ALTER TABLE connections ADD COLUMN probe TEXT;
-- When the provider was last asked about this connection (connect, refresh or check).
ALTER TABLE connections ADD COLUMN last_checked_at INTEGER;
UPDATE connections SET last_checked_at = updated_at;
