import type { Connection } from '../../protocol/index.js';
import type { ConnectionSummary } from './connection-record.js';
import { connectionStatus } from './status.js';

/**
 * A connection as the admin API shows it: its settings and health, never a secret or a token.
 * Times in epoch seconds. `last_error_description` is safe text (provider text already vetted).
 */
export function connectionView(connection: ConnectionSummary): Connection {
  return {
    id: connection.id,
    token_url: connection.tokenUrl,
    issuer: connection.issuer,
    client_id: connection.clientId,
    key_id: connection.keyId,
    scopes: connection.scopes,
    auth_method: connection.authMethod,
    params: connection.params,
    values: connection.captured,
    probe: connection.probe,
    status: connectionStatus(connection.lastError),
    last_error: connection.lastError,
    last_error_description: connection.lastErrorMessage,
    last_checked_at: connection.lastCheckedAt,
    expires_at: connection.expiresAt,
    created_at: connection.createdAt,
    updated_at: connection.updatedAt,
  };
}
