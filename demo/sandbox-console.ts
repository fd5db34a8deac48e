import type { Connection, CreatedKey, CreatedSession, CreateSessionInput, ProviderPreset } from '../protocol/index.js';

// What the walkthroughs click, besides the element: the sandbox provider's console (the Worker's
// development-only /sandbox routes, which answer loopback pages and no other origin) and the
// backend calls the demo's dev server makes for the page (host-backend.ts). No admin key here.

/** A JSON answer, or an Error saying what the Worker (or the dev server) refused. */
async function answerOf<T>(response: Response): Promise<T> {
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error_description ?? answer.error ?? `HTTP ${response.status}`);
  return answer as T;
}

const postJson = <T>(url: string, body?: unknown): Promise<T> =>
  fetch(url, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  }).then(answerOf<T>);

/**
 * A session for the sandbox tenant: the Worker's stand-in for the host's backend calling
 * `POST /v1/sessions` with its admin key. Takes every session field but the tenant.
 */
export const mintSession = (endpoint: string, fields: Omit<CreateSessionInput, 'tenant'>) =>
  postJson<CreatedSession>(`${endpoint}/sandbox/sessions`, fields);

/** The sandbox's console: "rotate the secret"; the old one stops working at once. */
export const rotateSecret = (endpoint: string, clientId: string) =>
  postJson<{ client_id: string; client_secret: string }>(
    `${endpoint}/sandbox/clients/${encodeURIComponent(clientId)}/rotate`,
  );

/** Back to the documented `sandbox-secret` (a rotation outlives restarts of the Worker). */
export const resetSecret = (endpoint: string, clientId: string) =>
  postJson<{ client_id: string; client_secret: string }>(
    `${endpoint}/sandbox/clients/${encodeURIComponent(clientId)}/reset`,
  );

/** The sandbox console's "generate a key pair": `sandbox-key` keeps the public half; the private PEM comes once. */
export const generateClientKey = (endpoint: string) =>
  postJson<{ client_id: string; kid: string; alg: string; private_key: string }>(
    `${endpoint}/sandbox/clients/sandbox-key/keys`,
  );

/** `POST /v1/keys` for the sandbox tenant: a key pair the Worker holds; only its public half leaves. */
export const createWorkerKey = (endpoint: string) => postJson<CreatedKey>(`${endpoint}/sandbox/keys`);

/** The host's backend checks the connection now (`POST /v1/connections/:id/check`), through the dev server. */
export const checkConnection = (endpoint: string, connectionId: string) =>
  postJson<Connection>('/__backend/check', { endpoint, connectionId });

/**
 * A key the Worker holds with a self-signed certificate, as for Microsoft Entra ID: the host's
 * backend calls `POST /v1/keys {certificate: true}` (the dev server does, with the admin key).
 */
export const createCertifiedKey = (endpoint: string) => postJson<CreatedKey>('/__backend/keys', { endpoint });

/** The preset catalog, `GET /v1/providers`, read by the dev server (the Worker sends it no CORS headers). */
export const fetchCatalog = (endpoint: string) =>
  fetch(`/__backend/providers?endpoint=${encodeURIComponent(endpoint)}`)
    .then(answerOf<{ providers: ProviderPreset[] }>)
    .then(({ providers }) => providers);
