import { readConnection } from '../connections/store.js';
import { ApiError } from '../http/api-error.js';
import type { SessionRequest } from './session-request.js';

/**
 * Reconnect in place: a session for `connectionId` carries the connection's stored token URL,
 * scopes, parameters and auth method, all locked (the element hides them and the Worker ignores
 * what the browser sends for them), its client id to show, and its probe unless the request
 * brings a new one. Another tenant's connection reads as absent.
 */
export async function withReconnectPresets(db: D1Database, request: SessionRequest): Promise<SessionRequest> {
  if (!request.connectionId) return request;
  const record = await readConnection(db, request.tenant, request.connectionId);
  if (!record) throw new ApiError(404, 'not_found', 'No such connection for this tenant.');
  const probe = request.probe ?? record.probe ?? undefined;
  return {
    ...request,
    tokenUrl: record.tokenUrl,
    scopes: record.scopes,
    params: record.params,
    authMethod: record.authMethod,
    locked: ['tokenUrl', 'scopes', 'params'],
    clientId: record.clientId,
    ...(probe ? { probe } : {}),
  };
}
