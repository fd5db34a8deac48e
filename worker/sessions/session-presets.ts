import { readConnection } from '../connections/store.js';
import { Failure, invalidRequest } from '../common/failure.js';
import { readSigningKey } from '../keys/signing-keys.js';
import type { SessionRequest } from './session-request.js';

/**
 * What a session request needs from storage before it is signed. Reconnect in place: a session
 * for `connectionId` carries the connection's stored token URL, issuer, scopes, parameters, auth
 * method and Worker-held key (unless the request names another key to move to), all locked (the
 * element hides them and the Worker ignores what the browser sends for them), its client id to
 * show, and its probe unless the request brings a new one; another tenant's connection reads as
 * absent. A `keyId` must name a published key of the tenant.
 */
export async function completeSessionRequest(db: D1Database, request: SessionRequest): Promise<SessionRequest> {
  const complete = request.connectionId ? await withReconnectPresets(db, request, request.connectionId) : request;
  if (complete.keyId) {
    const key = await readSigningKey(db, complete.tenant, complete.keyId);
    if (!key || key.withdrawnAt !== null || key.unreadableAt !== null)
      throw invalidRequest('keyId names no published key of this tenant (POST /v1/keys)');
  }
  return complete;
}

async function withReconnectPresets(db: D1Database, request: SessionRequest, id: string): Promise<SessionRequest> {
  const record = await readConnection(db, request.tenant, id);
  if (!record) throw new Failure(404, 'not_found', 'No such connection for this tenant.');
  const probe = request.probe ?? record.probe ?? undefined;
  const workerKey = record.authMethod === 'private_key_jwt' && record.sealed.credential === null;
  // A connection keeps the Worker-held key it connected with; a reconnect session may name
  // another (`keyId`), and that reconnect is what moves it.
  if (request.keyId && !workerKey) throw invalidRequest('keyId: this connection does not sign with a Worker-held key');
  const keyId = workerKey ? (request.keyId ?? record.keyId) : null;
  return {
    ...request,
    tokenUrl: record.tokenUrl,
    ...(record.issuer ? { issuer: record.issuer } : {}),
    scopes: record.scopes,
    params: record.params,
    authMethod: record.authMethod,
    ...(keyId ? { keyId } : {}),
    locked: ['tokenUrl', 'scopes', 'params'],
    clientId: record.clientId,
    // A profiled connection exchanges again the same way: its request and answer shapes, and
    // the values its templates were filled with (the fields were typed at its first connect).
    ...(record.profile?.tokenRequest ? { tokenRequest: record.profile.tokenRequest } : {}),
    ...(record.profile?.tokenResponse ? { tokenResponse: record.profile.tokenResponse } : {}),
    ...(record.profile?.values ? { values: record.profile.values } : {}),
    ...(probe ? { probe } : {}),
  };
}
