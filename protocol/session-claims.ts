import { decodeBase64Url } from './base64url.js';
import { isRecord } from './is-record.js';
import type { ProviderProfile } from './provider-profile.js';
import type { AuthMethod, ExtraParams } from './client-auth.js';

/** Fields an embedding organisation can preset and lock for a connect session. */
export const LOCKABLE_FIELDS = ['tokenUrl', 'issuer', 'scopes', 'params'] as const;
export type LockableField = (typeof LOCKABLE_FIELDS)[number];

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
export interface SessionClaims extends ProviderProfile {
  v: 1;
  sid: string;
  tenant: string;
  origin: string;
  iat: number;
  exp: number;
  authMethod: AuthMethod;
  locked: LockableField[];
  tokenUrl?: string;
  /** RFC 8414 issuer: the Worker finds the token endpoint in its metadata. */
  issuer?: string;
  scopes?: string[];
  params?: ExtraParams;
  probe?: ProbeSpec;
  /** private_key_jwt with a Worker-held key (POST /v1/keys): its kid; the person enters only the client id. */
  keyId?: string;
  /** Reconnect in place: the connection this session updates, and its stored client id. */
  connectionId?: string;
  clientId?: string;
  /** The catalog preset the session was made from; the element shows its instructions when the host slots none. */
  provider?: { id: string; name: string; docs: string; instructions: string };
  /** BCP 47 language of the completion page (de, fr, es, ja; else English). */
  locale?: string;
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
