import type {
  AccessToken,
  ApiErrorCode,
  Connection,
  ConnectionList,
  CreatedSession,
  CreateSessionInput,
  EventPage,
} from '../protocol/index.js';
import { OAuthCcError } from './errors.js';
import { TokenCache } from './token-cache.js';

export interface ClientOptions {
  /** The Worker's base URL, e.g. `https://connect.example.com`. */
  endpoint: string;
  /** The deployment's ADMIN_API_KEY: keep it on your backend. */
  adminKey: string;
  /** Defaults to the global fetch (Node 18+, Workers, Deno, Bun). */
  fetch?: typeof fetch;
}

export interface TenantOptions {
  tenant: string;
}

export interface ListEventsOptions extends TenantOptions {
  connectionId?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A client for the admin API (`/v1`), typed by protocol/api.ts, whose types the Worker's
 * schemas are proven to accept and answer. No dependency: fetch and JSON.
 */
export function createClient({ endpoint, adminKey, fetch: send = globalThis.fetch }: ClientOptions) {
  const base = endpoint.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, query: Record<string, string | undefined>, body?: unknown) {
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await send(url, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new OAuthCcError('network_error', 0, `The Worker at ${base} could not be reached.`);
    }
    if (response.status === 204) return undefined as T;
    const answer = (await response.json().catch(() => undefined)) as
      (T & { error?: ApiErrorCode; error_description?: string }) | undefined;
    if (response.ok && answer !== undefined) return answer as T;
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    throw new OAuthCcError(
      answer?.error ?? 'server_error',
      response.status,
      answer?.error_description ?? `The Worker answered HTTP ${response.status}.`,
      retryAfter,
    );
  }

  const connection = (id: string) => `/v1/connections/${encodeURIComponent(id)}`;
  const tokens = new TokenCache();

  return {
    /** `POST /v1/sessions`: a session token for the element, for one tenant and embedding origin. */
    createSession: (input: CreateSessionInput) => call<CreatedSession>('POST', '/v1/sessions', {}, input),

    /**
     * A valid access token for the connection, with the non-secret `values` the provider's answer
     * carried (Salesforce's `instance_url`). Kept in this process until shortly before it
     * expires; concurrent calls share one request. `force` (after your API call got a 401 with
     * it) asks the Worker for a new one unless its current one is younger than 30 s; a forced
     * call never shares an unforced request already in flight, which may bring the refused token.
     */
    getToken: (connectionId: string, { tenant, force = false }: TenantOptions & { force?: boolean }) =>
      tokens.get(`${tenant}\u0000${connectionId}`, force, () =>
        call<AccessToken>('GET', `${connection(connectionId)}/token`, { tenant, ...(force ? { force: '1' } : {}) }),
      ),

    getConnection: (connectionId: string, { tenant }: TenantOptions) =>
      call<Connection>('GET', connection(connectionId), { tenant }),

    listConnections: async ({ tenant }: TenantOptions) =>
      (await call<ConnectionList>('GET', '/v1/connections', { tenant })).connections,

    /** `POST /v1/connections/:id/check`: exchange now (and probe); the connection with its new health. */
    checkConnection: (connectionId: string, { tenant }: TenantOptions) =>
      call<Connection>('POST', `${connection(connectionId)}/check`, { tenant }),

    deleteConnection: async (connectionId: string, { tenant }: TenantOptions) => {
      tokens.forget(`${tenant}\u0000${connectionId}`);
      await call<void>('DELETE', connection(connectionId), { tenant });
    },

    /** One page of lifecycle events, newest first; pass `next_cursor` back as `cursor` for the next. */
    listEvents: ({ tenant, connectionId, cursor, limit }: ListEventsOptions) =>
      call<EventPage>('GET', '/v1/events', {
        tenant,
        connection_id: connectionId,
        cursor,
        limit: limit === undefined ? undefined : String(limit),
      }),
  };
}

export type OAuthCcClient = ReturnType<typeof createClient>;
