// oauth-cc-connect/server: the admin API from Node, Workers, Deno or Bun. No dependency.
export {
  createClient,
  type ClientOptions,
  type ListEventsOptions,
  type OAuthCcClient,
  type TenantOptions,
} from './client.js';
export { OAuthCcError } from './errors.js';
export { verifyWebhook, WebhookVerificationError, type WebhookHeaders } from './verify-webhook.js';
export type * from '../protocol/api.js';
export type { ApiErrorCode, ConnectionStatus, EventType } from '../protocol/index.js';
