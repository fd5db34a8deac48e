import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { isLoopbackHost } from '../common/loopback.js';
import { randomId } from '../common/random-id.js';
import { parseSessionRequest } from '../sessions/session-request.js';
import { readJson } from '../http/read-body.js';
import { mintSession } from '../sessions/mint-session.js';

/** Documented in README.md: every sandbox client uses this secret. */
const SANDBOX_SECRET = 'sandbox-secret';
const SANDBOX_TENANT = 'sandbox';

/** Client id → how the sandbox provider behaves, so every outcome can be clicked through. */
const SANDBOX_CLIENTS = new Set(['sandbox-ok', 'sandbox-scope', 'sandbox-slow', 'sandbox-down']);

const oauthError = (error: string, description: string, status: 400 | 401) =>
  Response.json(
    { error, error_description: description },
    {
      status,
      headers: status === 401 ? { 'WWW-Authenticate': 'Basic realm="sandbox"' } : {},
    },
  );

function presentedCredentials(request: Request, form: URLSearchParams) {
  const header = request.headers.get('authorization') ?? '';
  const inBody = form.has('client_secret');
  if (header.startsWith('Basic ')) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined and base64-encoded.
    // Credentials that are not (bad base64, a stray "%") authenticate nobody: invalid_client.
    try {
      const [id = '', secret = ''] = atob(header.slice(6)).split(':');
      const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
      return { id: decode(id), secret: decode(secret), both: inBody };
    } catch {
      return null;
    }
  }
  return inBody ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '', both: false } : null;
}

/**
 * Development only (404 elsewhere): a provider to click through every outcome, and session
 * minting for the demo page without the admin key.
 */
export const sandboxRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.get('config').development) throw new ApiError(404, 'not_found');
    await next();
  })
  // The demo page mints its session from the browser. Only loopback pages may read one, so a
  // website open in a developer's browser cannot borrow the sandbox.
  .use(
    '/sessions',
    cors({
      origin: (origin) => {
        try {
          return isLoopbackHost(new URL(origin).hostname) ? origin : null;
        } catch {
          return null;
        }
      },
      allowMethods: ['POST'],
      allowHeaders: ['Content-Type'],
    }),
  )
  .post('/sessions', async (c) => {
    const body = await readJson(c);
    const request = parseSessionRequest(
      { ...(body as object), tenant: SANDBOX_TENANT },
      c.get('config').tokenUrlPolicy,
    );
    return c.json(await mintSession(request, c.get('config')), 201);
  })
  .post('/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const client = presentedCredentials(c.req.raw, form);
    if (client?.both) return oauthError('invalid_request', 'use one client authentication method, not two', 400);
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError('unsupported_grant_type', 'only client_credentials', 400);
    if (!client || !SANDBOX_CLIENTS.has(client.id) || client.secret !== SANDBOX_SECRET) {
      return oauthError('invalid_client', 'client authentication failed', 401);
    }
    if (client.id === 'sandbox-scope') {
      return oauthError('invalid_scope', 'scope must be a single <resource>/.default value', 400);
    }
    if (client.id === 'sandbox-down') {
      return c.html('<!doctype html><title>500</title><h1>Internal Server Error</h1>', 500);
    }
    if (client.id === 'sandbox-slow') {
      await new Promise((resolve) => setTimeout(resolve, c.get('config').upstreamTimeoutMs + 2000));
    }
    return c.json({
      access_token: randomId('sandbox_', 24),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: form.get('scope') ?? undefined,
    });
  });
