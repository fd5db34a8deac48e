import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, expect, inject, vi } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';

/** Development features exist only behind a loopback host, so every request goes there. */
export const BASE = 'http://127.0.0.1';
export const HOST_ORIGIN = 'http://127.0.0.1:5173';
export const ADMIN = { authorization: 'Bearer dev-admin-key' };

export const oidcTokenUrl = () => `${inject('oidcIssuer')}/token`;
export const strictUrl = (path: string) => `${inject('strictUrl')}${path}`;

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

/** Requests that reached each path of the strict token server. */
export async function strictCounts(): Promise<Record<string, number>> {
  const response = await fetch(strictUrl('/__counts'));
  return ((await response.json()) as { counts: Record<string, number> }).counts;
}

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
