import {
  AUTH_METHODS,
  isRecord,
  LOCKABLE_FIELDS,
  type AuthMethod,
  type LockableField,
  type SessionClaims,
} from '../../protocol/index.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { extraParams, scopeList, tenantId, webOrigin } from '../http/input-rules.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';

const MAX_SESSION_TTL = 600;
const MIN_SESSION_TTL = 30;

export type SessionRequest = Omit<SessionClaims, 'v' | 'sid' | 'iat' | 'exp'> & { ttl: number };

/** Validates the body of POST /v1/sessions; a preset token URL must pass the SSRF policy now. */
export function parseSessionRequest(body: unknown, policy: TokenUrlPolicy): SessionRequest {
  if (!isRecord(body)) throw invalidRequest('the body must be a JSON object');
  const request: SessionRequest = {
    tenant: tenantId(body.tenant),
    origin: webOrigin(body.origin),
    authMethod: 'client_secret_basic',
    locked: [],
    ttl: MAX_SESSION_TTL,
  };
  if (body.tokenUrl !== undefined) {
    const verdict =
      typeof body.tokenUrl === 'string'
        ? checkTokenUrl(body.tokenUrl, policy)
        : { ok: false as const, reason: 'it is not a string' };
    if (!verdict.ok) throw new ApiError(400, 'token_url_not_allowed', `tokenUrl is not allowed: ${verdict.reason}.`);
    request.tokenUrl = verdict.url.href;
  }
  if (body.scopes !== undefined) request.scopes = scopeList(body.scopes);
  if (body.params !== undefined) request.params = extraParams(body.params);
  if (body.authMethod !== undefined) {
    if (!AUTH_METHODS.includes(body.authMethod as AuthMethod))
      throw invalidRequest(`authMethod must be one of ${AUTH_METHODS.join(', ')}`);
    request.authMethod = body.authMethod as AuthMethod;
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
