import { Hono, type Context } from 'hono';
import { isRecord, type ClientAuthMethod } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { randomId } from '../common/random-id.js';
import { Failure, invalidRequest } from '../common/failure.js';
import type { AppEnv } from '../http/app-env.js';
import { SIGNING_ALGORITHMS } from '../keys/algorithms.js';
import { thumbprint } from '../keys/pem.js';
import { listSigningKeys } from '../keys/signing-keys.js';
import type { RegisteredJwk } from './client-assertion.js';

// The sandbox provider's console (development only): its clients, how each authenticates, and
// what a person does in a provider's console: rotate (or reset) a secret, generate a key to download.

/** The tenant the sandbox's sessions and Worker-held keys belong to. */
export const SANDBOX_TENANT = 'sandbox';

/** Documented in README.md: every client with a secret starts with this one. */
const SANDBOX_SECRET = 'sandbox-secret';

/**
 * Client id → the methods it is registered for (as OpenID Connect Dynamic Client Registration's
 * token_endpoint_auth_method; a real server refuses the others). Each client scripts one outcome.
 */
export const SANDBOX_CLIENTS = new Map<string, readonly ClientAuthMethod[]>([
  ['sandbox-ok', ['client_secret_basic', 'client_secret_post']],
  ['sandbox-scope', ['client_secret_basic', 'client_secret_post']],
  ['sandbox-slow', ['client_secret_basic', 'client_secret_post']],
  ['sandbox-down', ['client_secret_basic', 'client_secret_post']],
  ['sandbox-jwt', ['client_secret_jwt']],
  ['sandbox-key', ['private_key_jwt']],
]);

/** The one client that authenticates with a key pair. */
const KEY_CLIENT = 'sandbox-key';

const hasSecret = (clientId: string) => clientId !== KEY_CLIENT && SANDBOX_CLIENTS.has(clientId);

/** A client's secret: the last one rotated to, else the documented one. */
export const currentSecret = async (db: D1Database, clientId: string) =>
  (
    await db
      .prepare('SELECT secret FROM sandbox_client_secrets WHERE client_id = ?1')
      .bind(clientId)
      .first<{ secret: string }>()
  )?.secret ?? SANDBOX_SECRET;

/**
 * The public keys `sandbox-key` is registered with: every key the Worker publishes for the
 * sandbox tenant (as if its JWKS URL, /v1/jwks/sandbox, were entered in this console; withdrawn
 * keys are not published, so not trusted) and every key this console generated.
 */
export async function registeredKeys(db: D1Database, clientId: string): Promise<RegisteredJwk[]> {
  if (clientId !== KEY_CLIENT) return [];
  const published = (await listSigningKeys(db, SANDBOX_TENANT))
    .filter((key) => key.withdrawnAt === null)
    .map((key) => key.publicJwk);
  const { results } = await db
    .prepare('SELECT public_jwk FROM sandbox_client_keys WHERE client_id = ?1')
    .bind(clientId)
    .all<{ public_jwk: string }>();
  return [...published, ...results.map((row) => JSON.parse(row.public_jwk) as RegisteredJwk)];
}

/** An optional JSON body `{alg?}`; `allowed[0]` when absent. */
export async function algorithmOf<Alg extends string>(c: Context<AppEnv>, allowed: readonly Alg[]): Promise<Alg> {
  const text = await c.req.text();
  let body: unknown = {};
  try {
    if (text.trim() !== '') body = JSON.parse(text);
  } catch {
    throw invalidRequest('the body must be JSON');
  }
  if (!isRecord(body)) throw invalidRequest('the body must be a JSON object {alg?}');
  const alg = body.alg ?? allowed[0];
  if (!allowed.includes(alg as Alg)) throw invalidRequest(`alg must be one of ${allowed.join(', ')}`);
  return alg as Alg;
}

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...new Uint8Array(der)))
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

/** Console actions. Never logged; a generated private key is in exactly one answer and nowhere else. */
export const sandboxConsole = new Hono<AppEnv>()
  // As in a provider's console: a new secret, and the old one stops working at once.
  .post('/clients/:id/rotate', async (c) => {
    const clientId = c.req.param('id');
    if (!hasSecret(clientId)) throw new Failure(404, 'not_found', 'No sandbox client with a secret has this id.');
    const secret = randomId('sandbox-secret-', 9);
    await c.env.DB.prepare(
      'INSERT INTO sandbox_client_secrets (client_id, secret) VALUES (?1, ?2) ON CONFLICT (client_id) DO UPDATE SET secret = ?2',
    )
      .bind(clientId, secret)
      .run();
    return c.json({ client_id: clientId, client_secret: secret });
  })
  // Back to the documented secret (rotation lasts across restarts: it is in the local D1).
  .post('/clients/:id/reset', async (c) => {
    const clientId = c.req.param('id');
    if (!hasSecret(clientId)) throw new Failure(404, 'not_found', 'No sandbox client with a secret has this id.');
    await c.env.DB.prepare('DELETE FROM sandbox_client_secrets WHERE client_id = ?1').bind(clientId).run();
    return c.json({ client_id: clientId, client_secret: SANDBOX_SECRET });
  })
  // "Generate a key pair and download the private key", as consoles that register keys for
  // private_key_jwt offer: the private key (PKCS#8 PEM, what the element's key field takes) is
  // answered once; only the public key is kept. Its kid is its RFC 7638 thumbprint.
  .post(`/clients/${KEY_CLIENT}/keys`, async (c) => {
    const alg = await algorithmOf(c, ['ES256', 'RS256'] as const);
    const pair = (await crypto.subtle.generateKey(SIGNING_ALGORITHMS[alg], true, ['sign', 'verify'])) as CryptoKeyPair;
    const { kty, crv, x, y, n, e } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
    const bare = { kty, ...(kty === 'EC' ? { crv, x, y } : { n, e }) } as JsonWebKey;
    const kid = await thumbprint(bare);
    await c.env.DB.prepare(
      'INSERT INTO sandbox_client_keys (kid, client_id, public_jwk, created_at) VALUES (?1, ?2, ?3, ?4)',
    )
      .bind(kid, KEY_CLIENT, JSON.stringify({ ...bare, kid, alg, use: 'sig' }), nowSeconds())
      .run();
    const privateKey = pem('PRIVATE KEY', (await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
    return c.json({ client_id: KEY_CLIENT, kid, alg, private_key: privateKey }, 201);
  });
