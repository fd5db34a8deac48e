// Runs in the demo's Vite dev server (Node), not in the page: the one call of a host's backend
// the demo needs and the browser may not make, because it takes the admin key. Checking a
// connection (POST /v1/connections/:id/check) is how the rotate-and-reconnect walkthrough finds
// out at once that a rotated secret broke it. The key stays here, on the server, as it would in
// a host's backend; it is the development key from wrangler.toml's [vars], which a production
// Worker refuses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import http from 'node:http';
import type { Plugin } from 'vite';

const PATH = '/__backend/check';
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
 * a keep-alive connection that idled a few seconds (see scripts/dev-servers.mjs).
 */
function post(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent: false, headers: { authorization: `Bearer ${DEV_ADMIN_KEY}`, connection: 'close' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, text }));
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('the Worker did not answer')));
    request.end();
  });
}

const answer = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * `POST /__backend/check` with JSON `{endpoint, connectionId}`: checks that sandbox connection
 * at that (loopback) Worker and answers what the Worker answered: the connection, never a
 * secret or a token. Only this page may ask: a JSON body from the page's own origin (another
 * site's form cannot send JSON, and a script of another origin is refused by the Origin check).
 */
export function hostBackend(): Plugin {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405, { error: 'method_not_allowed' });
    if (req.headers.origin !== `http://${req.headers.host}` || req.headers['content-type'] !== 'application/json') {
      return answer(res, 403, { error: 'forbidden' });
    }
    let fields: { endpoint?: unknown; connectionId?: unknown } | null;
    try {
      fields = JSON.parse((await readBody(req)) ?? '');
    } catch {
      return answer(res, 400, { error: 'invalid_request' });
    }
    const endpoint = loopbackEndpoint(fields?.endpoint);
    const id = String(fields?.connectionId);
    if (!endpoint || !CONNECTION_ID.test(id)) return answer(res, 400, { error: 'invalid_request' });
    const checked = await post(`${endpoint}/v1/connections/${id}/check?tenant=${TENANT}`);
    res.writeHead(checked.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(checked.text);
  };
  return {
    name: 'demo-host-backend',
    configureServer(server) {
      server.middlewares.use(PATH, (req, res, next) => {
        handle(req, res).catch(next);
      });
    },
  };
}
