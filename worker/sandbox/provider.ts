import { Hono, type Context } from 'hono';
import type { ClientAuthMethod } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { randomId } from '../common/random-id.js';
import type { AppEnv } from '../http/app-env.js';
import { readFields } from '../http/read-body.js';
import {
  ASSERTION_ALGORITHMS,
  claimedClient,
  JWT_BEARER,
  verifyClientAssertion,
  type AssertionKeys,
} from './client-assertion.js';
import { currentSecret, registeredKeys, SANDBOX_CLIENTS, sandboxConsole } from './console.js';

/** Tokens the sandbox issues; its API accepts these and nothing else. */
const TOKEN_PREFIX = 'sandbox_';

/** Plausible scopes for the metadata to suggest; the sandbox grants whatever is asked. */
const SCOPES = ['reports:read', 'reports:write', 'users:read'];

const oauthError = (error: string, description: string, status: 400 | 401 | 404, challenge = false) =>
  Response.json(
    { error, error_description: description },
    { status, headers: challenge ? { 'WWW-Authenticate': 'Basic realm="sandbox"' } : {} },
  );

type Authentication = { ok: true; clientId: string } | { ok: false; reason: string };

const failed = (reason = 'client authentication failed'): Authentication => ({ ok: false, reason });

/** The issuer is `<origin>/sandbox`; its token endpoint `<origin>/sandbox/token`. */
const issuerOf = (c: Context<AppEnv>) => `${new URL(c.req.url).origin}/sandbox`;

function presentedSecret(request: Request, form: Record<string, string>) {
  const header = request.headers.get('authorization') ?? '';
  const inBody = form.client_secret !== undefined;
  if (header.startsWith('Basic ')) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined and base64-encoded.
    // Credentials that are not (bad base64, a stray "%") authenticate nobody: invalid_client.
    try {
      const [id = '', secret = ''] = atob(header.slice(6)).split(':');
      const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
      return { id: decode(id), secret: decode(secret), method: 'client_secret_basic' as const, both: inBody };
    } catch {
      return null;
    }
  }
  return inBody
    ? { id: form.client_id ?? '', secret: form.client_secret ?? '', method: 'client_secret_post' as const, both: false }
    : null;
}

async function bySecret(
  db: D1Database,
  presented: { id: string; secret: string; method: ClientAuthMethod },
): Promise<Authentication> {
  const methods = SANDBOX_CLIENTS.get(presented.id);
  if (!methods || presented.secret !== (await currentSecret(db, presented.id))) return failed();
  // Like a real server: a client registered for another method is refused this one.
  if (!methods.includes(presented.method)) return failed(`this client authenticates with ${methods.join(' or ')}`);
  return { ok: true, clientId: presented.id };
}

/** Remembers an accepted assertion's jti until it expires; false if it was already used (a replay). */
async function firstUse(db: D1Database, clientId: string, jti: string, exp: number, now: number): Promise<boolean> {
  await db.prepare('DELETE FROM sandbox_used_assertions WHERE expires_at < ?1').bind(now).run();
  const inserted = await db
    .prepare('INSERT OR IGNORE INTO sandbox_used_assertions (client_id, jti, expires_at) VALUES (?1, ?2, ?3)')
    .bind(clientId, jti, exp)
    .run();
  return inserted.meta.changes === 1;
}

/** RFC 7523 §2.2 client authentication: client_secret_jwt for sandbox-jwt, private_key_jwt for sandbox-key. */
async function byAssertion(c: Context<AppEnv>, form: Record<string, string>): Promise<Authentication> {
  if (form.client_assertion_type !== JWT_BEARER) return failed(`client_assertion_type must be ${JWT_BEARER}`);
  const clientId = claimedClient(form);
  const methods = clientId === null ? undefined : SANDBOX_CLIENTS.get(clientId);
  if (!clientId || !methods) return failed();
  const db = c.env.DB;
  let keys: AssertionKeys;
  if (methods.includes('client_secret_jwt')) keys = { kind: 'secret', secret: await currentSecret(db, clientId) };
  else if (methods.includes('private_key_jwt')) keys = { kind: 'public', keys: await registeredKeys(db, clientId) };
  else return failed(`this client authenticates with ${methods.join(' or ')}`);
  const issuer = issuerOf(c);
  const now = nowSeconds();
  const verdict = await verifyClientAssertion(form.client_assertion ?? '', {
    clientId,
    audiences: [`${issuer}/token`, issuer],
    keys,
    now,
  });
  if (!verdict.ok) return failed(verdict.reason);
  if (!(await firstUse(db, clientId, verdict.jti, verdict.exp, now))) return failed('this assertion was already used');
  return { ok: true, clientId };
}

/**
 * The sandbox provider (development only): an issuer with metadata, a token endpoint whose
 * clients each script one outcome or one client authentication method, its console
 * (console.ts), and an API for Test & Save's probe.
 */
export const sandboxProvider = new Hono<AppEnv>()
  // RFC 8414 §2 metadata at OpenID Connect Discovery's appended path (the Worker's discovery
  // tries RFC 8414's inserted path, /.well-known/oauth-authorization-server/sandbox, first: 404).
  .get('/.well-known/openid-configuration', (c) => {
    const issuer = issuerOf(c);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({
      issuer,
      token_endpoint: `${issuer}/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'client_secret_jwt',
        'private_key_jwt',
      ],
      token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
      grant_types_supported: ['client_credentials'],
      // No authorization endpoint: the client credentials grant is the only one.
      response_types_supported: [],
      scopes_supported: SCOPES,
    });
  })
  .post('/token', async (c) => {
    const form = await readFields(c);
    const secret = presentedSecret(c.req.raw, form);
    const assertion = form.client_assertion !== undefined || form.client_assertion_type !== undefined;
    if (secret?.both || (secret && assertion)) {
      return oauthError('invalid_request', 'use one client authentication method, not two', 400);
    }
    if (form.grant_type !== 'client_credentials')
      return oauthError('unsupported_grant_type', 'only client_credentials', 400);
    const client = assertion ? await byAssertion(c, form) : secret ? await bySecret(c.env.DB, secret) : failed();
    // RFC 6749 §5.2: 401 and a Basic challenge for a secret; an assertion is no HTTP authentication scheme.
    if (!client.ok) return oauthError('invalid_client', client.reason, 401, !assertion);
    if (client.clientId === 'sandbox-scope') {
      return oauthError('invalid_scope', 'scope must be a single <resource>/.default value', 400);
    }
    if (client.clientId === 'sandbox-down') {
      return c.html('<!doctype html><title>500</title><h1>Internal Server Error</h1>', 500);
    }
    if (client.clientId === 'sandbox-slow') {
      await new Promise((resolve) => setTimeout(resolve, c.get('config').upstreamTimeoutMs + 2000));
    }
    return c.json({
      access_token: randomId(TOKEN_PREFIX, 24),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: form.scope,
    });
  })
  .route('/', sandboxConsole)
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
