-- Certificates for key-based client authentication (issue 19). Microsoft Entra ID and others take
-- no JWKS URL: they match a client assertion by the thumbprint of an uploaded X.509 certificate
-- (x5t#S256, x5t in its header). A certificate holds only public material, so it is stored in the
-- clear (PEM, RFC 7468), and its thumbprints are computed from it when read.
-- - signing_keys.certificate: the self-signed certificate of a Worker-held key made with
--   POST /v1/keys { certificate: true }; NULL for a key without one.
ALTER TABLE signing_keys ADD COLUMN certificate TEXT;
-- - connections.certificate: the certificate a person pasted with a private key (checked to be
--   that key's at connect), so every refresh sends the same header; NULL otherwise.
ALTER TABLE connections ADD COLUMN certificate TEXT;
