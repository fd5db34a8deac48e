import {
  AUTH_METHODS,
  isRecord,
  LOCKABLE_FIELDS,
  type AuthMethod,
  type LockableField,
  type ProbeSpec,
  type SessionClaims,
} from '../../protocol/index.js';
import { isConnectionId } from '../connections/store.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { extraParams, scopeList, tenantId, webOrigin } from '../http/input-rules.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';

const MAX_SESSION_TTL = 600;
const MIN_SESSION_TTL = 30;

export type SessionRequest = Omit<SessionClaims, 'v' | 'sid' | 'iat' | 'exp'> & { ttl: number };

/** A URL the Worker will call, vetted now so a session never carries one it would refuse. */
function allowedUrl(value: unknown, field: string, policy: TokenUrlPolicy): string {
  const verdict =
    typeof value === 'string' ? checkTokenUrl(value, policy) : { ok: false as const, reason: 'it is not a string' };
  if (!verdict.ok) throw new ApiError(400, 'token_url_not_allowed', `${field} is not allowed: ${verdict.reason}.`);
  return verdict.url.href;
}

const MAX_EXPECTED_STATUSES = 20;

/** Test & Save's API call: `{url, method?: "GET"|"HEAD", expectStatus?: number[]}` (default any 2xx). */
function probeSpec(value: unknown, policy: TokenUrlPolicy): ProbeSpec {
  if (!isRecord(value)) throw invalidRequest('probe must be an object {url, method?, expectStatus?}');
  const { url, method = 'GET', expectStatus, ...rest } = value;
  if (Object.keys(rest).length > 0) throw invalidRequest('probe may only hold url, method and expectStatus');
  if (method !== 'GET' && method !== 'HEAD') throw invalidRequest('probe.method must be "GET" or "HEAD"');
  const probe: ProbeSpec = { url: allowedUrl(url, 'probe.url', policy), method };
  if (expectStatus !== undefined) {
    const isStatus = (s: unknown) => Number.isInteger(s) && (s as number) >= 100 && (s as number) <= 599;
    if (!Array.isArray(expectStatus) || expectStatus.length === 0 || expectStatus.length > MAX_EXPECTED_STATUSES) {
      throw invalidRequest(`probe.expectStatus must list 1 to ${MAX_EXPECTED_STATUSES} HTTP status codes`);
    }
    if (!expectStatus.every(isStatus)) throw invalidRequest('probe.expectStatus must hold HTTP status codes (100-599)');
    probe.expectStatus = [...new Set(expectStatus as number[])];
  }
  return probe;
}

/** What a reconnect session takes from the connection it updates, so the request must not set it. */
const FROM_THE_CONNECTION = ['tokenUrl', 'issuer', 'scopes', 'params', 'authMethod', 'keyId', 'locked'] as const;
/** A Worker-held key's kid: an RFC 7638 thumbprint (base64url SHA-256). */
const KEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Validates the body of POST /v1/sessions; a preset token URL and a probe URL must pass the SSRF
 * policy now. A `connectionId` asks for a reconnect session: the route fills in the connection's
 * stored values (reconnect-presets.ts).
 */
export function parseSessionRequest(body: unknown, policy: TokenUrlPolicy): SessionRequest {
  if (!isRecord(body)) throw invalidRequest('the body must be a JSON object');
  const request: SessionRequest = {
    tenant: tenantId(body.tenant),
    origin: webOrigin(body.origin),
    authMethod: 'client_secret_basic',
    locked: [],
    ttl: MAX_SESSION_TTL,
  };
  if (body.connectionId !== undefined) {
    if (typeof body.connectionId !== 'string' || !isConnectionId(body.connectionId)) {
      throw invalidRequest('connectionId must be a connection id (conn_…)');
    }
    const conflicting = FROM_THE_CONNECTION.filter((field) => body[field] !== undefined);
    if (conflicting.length > 0) {
      throw invalidRequest(`a reconnect session takes ${conflicting.join(', ')} from the connection it updates`);
    }
    request.connectionId = body.connectionId;
  }
  if (body.tokenUrl !== undefined) request.tokenUrl = allowedUrl(body.tokenUrl, 'tokenUrl', policy);
  if (body.issuer !== undefined) request.issuer = allowedUrl(body.issuer, 'issuer', policy);
  if (body.probe !== undefined) request.probe = probeSpec(body.probe, policy);
  if (body.scopes !== undefined) request.scopes = scopeList(body.scopes);
  if (body.params !== undefined) request.params = extraParams(body.params);
  if (body.authMethod !== undefined) {
    if (!AUTH_METHODS.includes(body.authMethod as AuthMethod))
      throw invalidRequest(`authMethod must be one of ${AUTH_METHODS.join(', ')}`);
    request.authMethod = body.authMethod as AuthMethod;
  }
  if (body.keyId !== undefined) {
    if (typeof body.keyId !== 'string' || !KEY_ID.test(body.keyId))
      throw invalidRequest('keyId must be a kid from POST /v1/keys');
    if (request.authMethod !== 'private_key_jwt') throw invalidRequest('keyId needs authMethod "private_key_jwt"');
    request.keyId = body.keyId;
  }
  if (body.locked !== undefined) {
    const locked = body.locked;
    if (!Array.isArray(locked) || !locked.every((f) => LOCKABLE_FIELDS.includes(f as LockableField))) {
      throw invalidRequest(`locked must list fields among ${LOCKABLE_FIELDS.join(', ')}`);
    }
    request.locked = [...new Set(locked as LockableField[])];
    // A locked field without a preset value would lock the user out of it entirely.
    const missing = request.locked.filter((field) => request[field] === undefined);
    if (missing.length > 0) throw invalidRequest(`locked fields need a preset value: ${missing.join(', ')}`);
  }
  if (body.ttl !== undefined) {
    if (
      typeof body.ttl !== 'number' ||
      !Number.isInteger(body.ttl) ||
      body.ttl < MIN_SESSION_TTL ||
      body.ttl > MAX_SESSION_TTL
    ) {
      throw invalidRequest(`ttl must be an integer from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} seconds`);
    }
    request.ttl = body.ttl;
  }
  return request;
}
