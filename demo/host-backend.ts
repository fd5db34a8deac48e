// Runs in the demo's Vite dev server (Node), not in the page: the calls of a host's backend the
// demo needs and the browser may not make. Two take the admin key: checking a connection
// (POST /v1/connections/:id/check), which is how the rotate-and-reconnect walkthrough finds out
// at once that a rotated secret broke it, and creating a Worker-held key with a certificate
// (POST /v1/keys, which the sandbox's own key route does not offer). The key stays here, on the
// server, as it would in a host's backend; it is the development key from wrangler.toml's
// [vars], which a production Worker refuses. The third reads the preset catalog
// (GET /v1/providers): public, but answered without CORS headers, so a page on another origin
// cannot read it, while a backend can, as a host's would to offer its customers a choice.
import type { IncomingMessage, ServerResponse } from 'node:http';
import http from 'node:http';
import type { Plugin } from 'vite';

const CHECK_PATH = '/__backend/check';
const KEYS_PATH = '/__backend/keys';
const PROVIDERS_PATH = '/__backend/providers';
const DEV_ADMIN_KEY = 'dev-admin-key';
/** The demo's sessions and connections belong to the sandbox tenant (worker/sandbox/console.ts). */
const TENANT = 'sandbox';
const MAX_BODY_BYTES = 4 * 1024;
const CONNECTION_ID = /^conn_[A-Za-z0-9_-]{1,64}$/;

/** The Worker may only be a local one: the development admin key goes nowhere else. */
function loopbackEndpoint(value: unknown): string | null {
  try {
    const url = new URL(String(value));
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return loopback && url.protocol === 'http:' && url.pathname === '/' ? url.origin : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body.length <= MAX_BODY_BYTES ? body : null));
    req.on('error', reject);
  });
}

/**
 * One request on its own connection: wrangler dev 4.86 can lose the reply to a request sent on
 * a keep-alive connection that idled a few seconds (see scripts/dev-servers.mjs). With `body`,
 * a POST of that JSON; the admin key goes only where `admin` says so.
 */
function call(
  url: string,
  { method = 'POST', body, admin = true }: { method?: string; body?: unknown; admin?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(admin ? { authorization: `Bearer ${DEV_ADMIN_KEY}` } : {}),
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, text }));
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('the Worker did not answer')));
    request.end(json);
  });
}

/** Passes the Worker's JSON answer on as it is: the connection, a key's public half, the catalog. */
function relay(res: ServerResponse, { status, text }: { status: number; text: string }): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

const answer = (res: ServerResponse, status: number, body: unknown) =>
  relay(res, { status, text: JSON.stringify(body) });

/**
 * The JSON body of a POST from this page, or null once it has answered a request that is not
 * one: only this page may ask (another site's form cannot send JSON, and a script of another
 * origin is refused by the Origin check).
 */
async function ownPost(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
  let refusal: [number, string] | undefined;
  let fields: unknown;
  if (req.method !== 'POST') refusal = [405, 'method_not_allowed'];
  else if (req.headers.origin !== `http://${req.headers.host}` || req.headers['content-type'] !== 'application/json') {
    refusal = [403, 'forbidden'];
  } else {
    try {
      fields = JSON.parse((await readBody(req)) ?? '');
    } catch {
      fields = null;
    }
    if (!fields || typeof fields !== 'object') refusal = [400, 'invalid_request'];
  }
  if (!refusal) return fields as Record<string, unknown>;
  answer(res, refusal[0], { error: refusal[1] });
  return null;
}

/**
 * `POST /__backend/check` with JSON `{endpoint, connectionId}`: checks that sandbox connection
 * at that (loopback) Worker and answers what the Worker answered: the connection, never a
 * secret or a token.
 */
async function check(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await ownPost(req, res);
  if (!fields) return;
  const endpoint = loopbackEndpoint(fields.endpoint);
  const id = String(fields.connectionId);
  if (!endpoint || !CONNECTION_ID.test(id)) return answer(res, 400, { error: 'invalid_request' });
  relay(res, await call(`${endpoint}/v1/connections/${id}/check?tenant=${TENANT}`));
}

/**
 * `POST /__backend/keys` with JSON `{endpoint}`: a key the Worker holds for the sandbox tenant,
 * with a self-signed certificate (as for Microsoft Entra ID), PS256 (Entra takes it; so does the
 * sandbox's `sandbox-key`). Answers the Worker's `CreatedKey`: public key, certificate and
 * thumbprints; the private key never leaves the Worker.
 */
async function createKey(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await ownPost(req, res);
  if (!fields) return;
  const endpoint = loopbackEndpoint(fields.endpoint);
  if (!endpoint) return answer(res, 400, { error: 'invalid_request' });
  relay(res, await call(`${endpoint}/v1/keys`, { body: { tenant: TENANT, alg: 'PS256', certificate: true } }));
}

/** `GET /__backend/providers?endpoint=…`: that (loopback) Worker's preset catalog, as it answers it. */
async function providers(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') return answer(res, 405, { error: 'method_not_allowed' });
  const endpoint = loopbackEndpoint(new URL(req.url ?? '', 'http://demo').searchParams.get('endpoint'));
  if (!endpoint) return answer(res, 400, { error: 'invalid_request' });
  relay(res, await call(`${endpoint}/v1/providers`, { method: 'GET', admin: false }));
}

/**
 * The host's backend, as far as the demo needs one: `/__backend/check`, `/__backend/keys` and
 * `/__backend/providers` (above), each for a local Worker only.
 */
export function hostBackend(): Plugin {
  const routes: [string, (req: IncomingMessage, res: ServerResponse) => Promise<void>][] = [
    [CHECK_PATH, check],
    [KEYS_PATH, createKey],
    [PROVIDERS_PATH, providers],
  ];
  return {
    name: 'demo-host-backend',
    configureServer(server) {
      for (const [path, handle] of routes) {
        // A Worker that is not running is the page's to report, in its own words: no stack trace
        // in the dev server's log for something this ordinary.
        server.middlewares.use(path, (req, res) => {
          handle(req, res).catch((error: Error) =>
            answer(res, 502, { error: 'worker_unreachable', error_description: error.message }),
          );
        });
      }
    },
  };
}
