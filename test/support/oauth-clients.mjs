// Credentials of the test OAuth servers' clients: plain data, importable from Node and workerd.
export const OIDC_CLIENTS = {
  basic: { id: 'basic-client', secret: 'basic-client-secret-value' },
  post: { id: 'post-client', secret: 'post-client-secret-value' },
  // client_secret_jwt (RFC 7523 §2.2, HS256 with the secret as key).
  jwt: { id: 'jwt-client', secret: 'jwt-client-secret-value-of-32-bytes+' },
};

// private_key_jwt clients whose public keys oidc-provider holds inline; their private keys are
// generated at each start (startOidcProvider) and never written anywhere.
export const KEY_CLIENTS = { rsa: 'rsa-key-client', ec: 'ec-key-client' };

// Odd characters prove RFC 6749 §2.3.1's form-urlencoding before base64.
export const STRICT_CLIENT = { id: 'strict client+id', secret: 'strict:secret/with&odd=chars' };

/**
 * How long the strict server's stalling endpoints (`/stall`, `/api/stall`, the `slow` issuer)
 * take to answer: far past the Worker's upstream timeout in the tests (UPSTREAM_TIMEOUT_MS in
 * test/worker/vitest.config.ts), so that only that timeout ends the wait, however slow a busy
 * machine makes everything else.
 */
export const STALL_MS = 30_000;
