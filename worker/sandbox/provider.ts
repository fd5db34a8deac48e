import { Hono } from 'hono';
import { randomId } from '../common/random-id.js';
import type { AppEnv } from '../http/app-env.js';
import { readForm } from '../http/read-body.js';

/** Documented in README.md: every sandbox client starts with this secret. */
const SANDBOX_SECRET = 'sandbox-secret';

/** Client id → how the sandbox provider behaves, so every outcome can be clicked through. */
const SANDBOX_CLIENTS = new Set(['sandbox-ok', 'sandbox-scope', 'sandbox-slow', 'sandbox-down']);

/** Tokens the sandbox issues; its API accepts these and nothing else. */
const TOKEN_PREFIX = 'sandbox_';

const oauthError = (error: string, description: string, status: 400 | 401 | 404) =>
  Response.json(
    { error, error_description: description },
    { status, headers: status === 401 ? { 'WWW-Authenticate': 'Basic realm="sandbox"' } : {} },
  );

function presentedCredentials(request: Request, form: Record<string, string>) {
  const header = request.headers.get('authorization') ?? '';
  const inBody = form.client_secret !== undefined;
  if (header.startsWith('Basic ')) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined and base64-encoded.
    const [id = '', secret = ''] = atob(header.slice(6)).split(':');
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(id), secret: decode(secret), both: inBody };
  }
  return inBody ? { id: form.client_id ?? '', secret: form.client_secret ?? '', both: false } : null;
}

const currentSecret = async (db: D1Database, clientId: string) =>
  (
    await db
      .prepare('SELECT secret FROM sandbox_client_secrets WHERE client_id = ?1')
      .bind(clientId)
      .first<{ secret: string }>()
  )?.secret ?? SANDBOX_SECRET;

/**
 * The sandbox provider (development only): a token endpoint whose clients each script one
 * outcome, secret rotation, and an API for Test & Save's probe.
 */
export const sandboxProvider = new Hono<AppEnv>()
  .post('/token', async (c) => {
    const form = await readForm(c);
    const client = presentedCredentials(c.req.raw, form);
    if (client?.both) return oauthError('invalid_request', 'use one client authentication method, not two', 400);
    if (form.grant_type !== 'client_credentials')
      return oauthError('unsupported_grant_type', 'only client_credentials', 400);
    if (!client || !SANDBOX_CLIENTS.has(client.id) || client.secret !== (await currentSecret(c.env.DB, client.id))) {
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
      access_token: randomId(TOKEN_PREFIX, 24),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: form.scope,
    });
  })
  // As in a provider's console: a new secret, and the old one stops working at once.
  .post('/clients/:id/rotate', async (c) => {
    const clientId = c.req.param('id');
    if (!SANDBOX_CLIENTS.has(clientId)) return oauthError('not_found', 'no such sandbox client', 404);
    const secret = randomId('sandbox-secret-', 9);
    await c.env.DB.prepare(
      'INSERT INTO sandbox_client_secrets (client_id, secret) VALUES (?1, ?2) ON CONFLICT (client_id) DO UPDATE SET secret = ?2',
    )
      .bind(clientId, secret)
      .run();
    return c.json({ client_id: clientId, client_secret: secret });
  })
  // A probe target that accepts the sandbox's tokens (RFC 6750 §3: 401 and a challenge otherwise)…
  .on(['GET', 'HEAD'], '/api/ok', (c) => {
    if (!c.req.header('authorization')?.startsWith(`Bearer ${TOKEN_PREFIX}`)) {
      c.header('WWW-Authenticate', 'Bearer realm="sandbox", error="invalid_token"');
      return c.json({ error: 'invalid_token' }, 401);
    }
    return c.json({ ok: true, things: [] });
  })
  // …and one that refuses every token, as an API does when the client lacks a permission.
  .on(['GET', 'HEAD'], '/api/forbidden', (c) => c.json({ error: 'insufficient_scope' }, 403));
