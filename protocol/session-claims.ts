import { decodeBase64Url } from './base64url.js';
import { isRecord } from './is-record.js';

/** Fields an embedding organisation can preset and lock for a connect session. */
export const LOCKABLE_FIELDS = ['tokenUrl', 'scopes', 'params'] as const;
export type LockableField = (typeof LOCKABLE_FIELDS)[number];

/** RFC 6749 §2.3.1 client authentication: what a connection stores and an exchange sends. */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** What a session may ask for: a method, or `auto` (Basic, then the body once on invalid_client). */
export const AUTH_METHODS = [...CLIENT_AUTH_METHODS, 'auto'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface ExtraParams {
  /** Auth0 and others: the API the token is for. */
  audience?: string;
  /** RFC 8707 resource indicator. */
  resource?: string;
  /** RFC 6749 §3.3 says space; some providers want commas. Set by the session only. */
  scopeSeparator?: ' ' | ',';
}

/**
 * Test & Save: after a successful exchange the Worker calls `url` with the new token, and stores
 * the connection only if the API answers one of `expectStatus` (default: any 2xx).
 */
export interface ProbeSpec {
  url: string;
  method: 'GET' | 'HEAD';
  expectStatus?: number[];
}

/**
 * The claims inside a session token. The Worker signs them; the element may read them
 * unverified, only to decide which fields to show. Times are seconds since the epoch.
 */
export interface SessionClaims {
  v: 1;
  sid: string;
  tenant: string;
  origin: string;
  iat: number;
  exp: number;
  authMethod: AuthMethod;
  locked: LockableField[];
  tokenUrl?: string;
  scopes?: string[];
  params?: ExtraParams;
  probe?: ProbeSpec;
  /** Reconnect in place: the connection this session updates, and its stored client id. */
  connectionId?: string;
  clientId?: string;
}

/**
 * Reads a session token's claims WITHOUT checking its signature. For display decisions only;
 * the Worker verifies the token and enforces locked values on every request.
 */
export function readUnverifiedClaims(token: string): SessionClaims | null {
  const [payload] = token.split('.');
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(decodeBase64Url(payload ?? '')));
    return isRecord(claims) && claims.v === 1 ? (claims as unknown as SessionClaims) : null;
  } catch {
    return null;
  }
}
