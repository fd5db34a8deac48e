/**
 * Client authentication: what a connection stores and an exchange sends. The shared secret in
 * the Authorization header or the body (RFC 6749 §2.3.1), or a signed assertion (RFC 7523 §2.2):
 * HMAC with the secret (`client_secret_jwt`) or a private key (`private_key_jwt`), pasted by the
 * person or held by the Worker (`keyId`).
 */
const CLIENT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/**
 * What a session may ask for: a method, or `auto` (the issuer's advertised methods when known;
 * else Basic, then the body once on invalid_client).
 */
export const AUTH_METHODS = [...CLIENT_AUTH_METHODS, 'auto'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface ExtraParams {
  /** Auth0 and others: the API the token is for. */
  audience?: string;
  /** RFC 8707 resource indicator. */
  resource?: string;
  /** RFC 6749 §3.3 says space; some providers want commas. Set by the session only. */
  scopeSeparator?: ' ' | ',';
  /** Org-defined token request parameters (an account or tenant id …). Set by the session only. */
  extra?: Record<string, string>;
}
