import type { AuthMethod, ClientAuthMethod, ErrorCode, ExtraParams } from '../../protocol/index.js';

/**
 * What the client authenticates with: a shared secret (client_secret_basic, _post, _jwt), a
 * private key the person pasted (PKCS#8 PEM, with the kid it is registered under, if any), or
 * a key the Worker holds (signing_keys.kid) for private_key_jwt.
 */
export type Credential =
  | { kind: 'secret'; secret: string }
  | { kind: 'pasted_key'; pem: string; keyId?: string }
  | { kind: 'worker_key'; keyId: string };

/** What one client-credentials exchange needs (RFC 6749 §4.4.2). */
export interface ExchangeRequest {
  tokenUrl: string;
  /** The RFC 8414 issuer whose metadata named `tokenUrl`; client assertions name it in `aud` too. */
  issuer?: string;
  clientId: string;
  credential: Credential;
  scopes: string[];
  params: ExtraParams;
  authMethod: AuthMethod;
  /** The issuer's token_endpoint_auth_methods_supported (RFC 8414 §2), which `auto` follows when known. */
  advertisedMethods?: string[];
}

/** The token the provider issued (RFC 6749 §4.4.3, §5.1); `expiresIn` may be unknown. */
export interface IssuedToken {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  /** Granted scopes: the response's `scope`, else the requested ones (RFC 6749 §5.1). */
  scopes: string[];
}

export interface ExchangeFailure {
  code: ErrorCode;
  /** Who is to blame: what the person entered (400), the provider (502), its silence (504). */
  status: 400 | 502 | 504;
  /** Safe to show: our advice plus at most a truncated provider description. */
  message: string;
  /** Seconds, from a provider's Retry-After (RFC 9110 §10.2.3). */
  retryAfter?: number;
}

export type ExchangeResult =
  { ok: true; token: IssuedToken; authMethodUsed: ClientAuthMethod } | { ok: false; error: ExchangeFailure };

export interface ExchangeOptions {
  timeoutMs: number;
  /** Development only: lets oauth4webapi talk to http:// loopback token URLs. */
  allowInsecureRequests: boolean;
  /** Opens a Worker-held signing key by kid (null: withdrawn or absent); needed for `worker_key` credentials. */
  workerKey?: (kid: string) => Promise<{ key: CryptoKey; kid: string } | null>;
}
