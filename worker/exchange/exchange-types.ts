import type { AuthMethod, ClientAuthMethod, ErrorCode, ExtraParams } from '../../protocol/index.js';

/** What one client-credentials exchange needs (RFC 6749 §4.4.2). */
export interface ExchangeRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  params: ExtraParams;
  authMethod: AuthMethod;
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
}
