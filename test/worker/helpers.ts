import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, expect, inject, vi } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';

/** Development features exist only behind a loopback host, so every request goes there. */
export const BASE = 'http://127.0.0.1';
export const HOST_ORIGIN = 'http://127.0.0.1:5173';
export const ADMIN = { authorization: 'Bearer dev-admin-key' };

/**
 * The running test file's space at the shared test servers (global-setup.ts). Files run in
 * parallel; whatever reaches a server under `/~<space>/…` is counted, switched and recorded apart
 * from every other file's, so a file's counts are its own (test/support/oauth-servers.mjs). Named
 * after the file, not made once here: this module is shared by the files a worker runs in turn.
 */
const spaces = new Map<string, string>();
function space(): string {
  const file = expect.getState().testPath ?? '';
  if (!spaces.has(file)) spaces.set(file, `~${crypto.randomUUID().slice(0, 8)}`);
  return spaces.get(file)!;
}

/** oidc-provider's token endpoint: every client, counted with every other file's requests. */
export const oidcTokenUrl = () => `${inject('oidcIssuer')}/token`;
/** The same token endpoint for secret clients, its requests counted for this file alone (oidcTokenRequests). */
export const countedOidcTokenUrl = () => `${inject('oidcIssuer')}/${space()}/token`;
/** Token requests this file made to countedOidcTokenUrl(). */
export async function oidcTokenRequests(): Promise<number> {
  const response = await fetch(`${inject('oidcIssuer')}/${space()}/__stats`);
  return ((await response.json()) as { tokenRequests: number }).tokenRequests;
}

/** A path of the strict token server (one behaviour per path), in this file's space. */
export const strictUrl = (path: string) => `${inject('strictUrl')}/${space()}${path}`;
/** A path of the test webhook receiver, in this file's space. */
export const receiverUrl = (path: string) => `${inject('webhookReceiverUrl')}/${space()}${path}`;

/**
 * Runs `check` until it passes, then answers what it returned: for what happens after the answer
 * (a queue delivery, a refresh in flight). It waits for the state, however busy the machine is;
 * only the test's own timeout (vitest.config.ts) ends the wait, with the check's last failure.
 */
export const eventually = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: WAIT_MS, interval: 50 });

/** How long `eventually` waits: a little under the test timeout, so the failure says what was awaited. */
const WAIT_MS = 55_000;

export const newState = () => encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));

export async function createSession(body: Record<string, unknown> = {}): Promise<string> {
  const response = await SELF.fetch(`${BASE}/v1/sessions`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, ...body }),
  });
  if (response.status !== 201) throw new Error(`session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export interface ConnectOptions {
  origin?: string | null;
  json?: boolean;
}

/** What the element's hidden form (or its inline fetch) sends to POST /v1/connect. */
export function connect(fields: Record<string, string>, { origin = HOST_ORIGIN, json = false }: ConnectOptions = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (origin !== null) headers.origin = origin;
  if (json) headers.accept = 'application/json';
  return SELF.fetch(`${BASE}/v1/connect`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}

/** The strict token server's client, as a person types it into the element. */
export const STRICT_CREDENTIALS = { client_id: STRICT_CLIENT.id, client_secret: STRICT_CLIENT.secret };

/** A connect's fields: the session, a fresh state, and what the person typed. */
export const connectFields = (session: string, fields: Record<string, string> = {}) => ({
  session_token: session,
  state: newState(),
  ...fields,
});

/** A connect of the strict server's client to its `path`. */
export const strictFields = (session: string, path: string, extra: Record<string, string> = {}) =>
  connectFields(session, { ...STRICT_CREDENTIALS, token_url: strictUrl(path), ...extra });

/** The result message of a connect in inline mode (and of GET /v1/connect/result). */
interface ConnectResult {
  status: 'connected' | 'failed';
  state?: string;
  connectionId?: string;
  scopes?: string[];
  expiresAt?: number;
  error?: { code: string; message: string };
}

/**
 * A connect in inline mode (`Accept: application/json`) with a fresh state and exactly `fields`:
 * the HTTP status, the answer as sent and the result message.
 */
export async function connectJson(session: string, fields: Record<string, string> = {}, options: ConnectOptions = {}) {
  const response = await connect(connectFields(session, fields), { ...options, json: true });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ConnectResult };
}

/** The admin API, as the host's backend calls it (JSON bodies). */
export const admin = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    ...init,
    headers: { ...ADMIN, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });

/** GET /v1/connections/:id/token, as the host's backend asks for a token. */
export const getToken = (
  id: string,
  tenant: string,
  { force = false, headers = ADMIN }: { force?: boolean; headers?: Record<string, string> } = {},
) =>
  SELF.fetch(`${BASE}/v1/connections/${id}/token?tenant=${encodeURIComponent(tenant)}${force ? '&force=1' : ''}`, {
    headers,
  });

/** What the token API answers. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_at: number;
  scope: string;
  values?: Record<string, string>;
}

/** The token of connection `id`, which must be served (200). */
export async function tokenOf(id: string, tenant: string): Promise<TokenBody> {
  const response = await getToken(id, tenant);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as TokenBody;
}

/** An admin API error body (RFC 6749 §5.2 shape). */
export const jsonError = async (response: Response) =>
  (await response.json()) as { error: string; error_description: string };

/**
 * Whether `text` holds any 8 characters in a row of the strict client's secret, in any common
 * encoding: provider-chosen text is dropped when it does (DESIGN.md, SSRF and secrets).
 */
export function leaksStrictSecret(text: string) {
  const secret = STRICT_CLIENT.secret;
  const encodings = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    btoa(secret),
    btoa(secret).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  ];
  const pieces = (encoded: string) => Array.from({ length: encoded.length - 7 }, (_, i) => encoded.slice(i, i + 8));
  return encodings.some((encoded) => pieces(encoded).some((piece) => text.includes(piece)));
}

/** Requests of this file that reached each path of the strict token server. */
export async function strictCounts(): Promise<Record<string, number>> {
  const response = await fetch(strictUrl('/__counts'));
  return ((await response.json()) as { counts: Record<string, number> }).counts;
}

/** Requests of this file that reached `path` of the strict token server. */
export const strictCount = async (path: string) => (await strictCounts())[path] ?? 0;

/** What the strict server saw last at `path`: how a token request authenticated, or how a probe called. */
interface LastRequest {
  usedBasic: boolean;
  usedBody: boolean;
  params: Record<string, string>;
  method?: string;
  authorization?: string | null;
  assertion?: { header: Record<string, unknown>; payload: Record<string, unknown>; type: string };
}

export async function strictLastRequest(path: string) {
  const response = await fetch(strictUrl('/__counts'));
  const body = (await response.json()) as { lastRequests: Record<string, LastRequest> };
  return body.lastRequests[path];
}

/** A production deployment's settings (no development features), for `app.request`. */
const PRODUCTION_SETTINGS = {
  ENVIRONMENT: 'production',
  ADMIN_API_KEY: 'a-production-admin-key-of-some-length',
  SESSION_SIGNING_KEY: 'a-production-signing-key-that-is-long-enough',
  ENCRYPTION_KEYS: 'prod1:cHJvZHVjdGlvbi10ZXN0LWtleS1vZi0zMi1ieXRlcyE=',
  ALLOW_LOOPBACK_TOKEN_URLS: undefined,
  WEBHOOK_URL: undefined,
  WEBHOOK_SECRET: undefined,
};
export const productionEnv = (overrides: Record<string, string | undefined> = {}) => ({
  ...env,
  ...PRODUCTION_SETTINGS,
  ...overrides,
});

/**
 * Spies on every console level for each test of the calling file, and fails the test if any
 * line carries one of `secrets` or names a secret-bearing field. Returns the current test's lines.
 */
export function expectNoSecretsLogged(...secrets: string[]): () => string[] {
  let logged: string[] = [];
  beforeEach(() => {
    logged = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const line of logged) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/access_token|client_secret/);
    }
  });
  return () => logged;
}
