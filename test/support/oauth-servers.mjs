// Real OAuth servers for the tests, started on free loopback ports in Node:
// - oidc-provider with the client-credentials feature (a real, standards-following server);
// - a strict token endpoint of our own whose paths each script one provider behaviour
//   (oidc-provider accepts Basic and body authentication interchangeably, so the
//   auth-method choice and misbehaving providers are proven against this one).
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';
import { KEY_CLIENTS, OIDC_CLIENTS, STALL_MS, STRICT_CLIENT } from './oauth-clients.mjs';

export { OIDC_CLIENTS };

/**
 * One request per connection. Node closes an idle keep-alive connection after 5 s, and a client
 * (workerd) that picks the pooled connection at that moment gets a reset: a `network_error` that
 * only a busy machine's timing produces, not a behaviour under test.
 */
const noKeepAlive = (res) => res.setHeader('connection', 'close');

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

const close = (server) =>
  new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/** A fresh key pair for a private_key_jwt client: the PKCS#8 PEM a person would paste, and the public JWK. */
function clientKeyPair(type, kid) {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    kid,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' },
  };
}

/**
 * oidc-provider on 127.0.0.1; `tokenTtl` seconds; counts token requests. Besides the secret
 * clients it has private_key_jwt clients (RS256, ES256; their private PEMs are returned as
 * `pastedKeys`), a client_secret_jwt client, open dynamic registration (RFC 7591) so a test can
 * register a Worker-held key's public JWK or JWKS URL, and `extraClients` given at start.
 */
export async function startOidcProvider({ tokenTtl = 3600, extraClients = [] } = {}) {
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const client = (c, method) => ({
    client_id: c.id,
    client_secret: c.secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: method,
    scope: 'api:read api:write',
  });
  const pastedKeys = { rsa: clientKeyPair('rsa', 'rsa-kid-1'), ec: clientKeyPair('ec', 'ec-kid-1') };
  const keyClient = (id, key, alg) => ({
    ...client({ id }, 'private_key_jwt'),
    client_secret: undefined,
    token_endpoint_auth_signing_alg: alg,
    jwks: { keys: [key.jwk] },
  });
  const provider = new Provider(issuer, {
    clients: [
      client(OIDC_CLIENTS.basic, 'client_secret_basic'),
      client(OIDC_CLIENTS.post, 'client_secret_post'),
      client(OIDC_CLIENTS.jwt, 'client_secret_jwt'),
      keyClient(KEY_CLIENTS.rsa, pastedKeys.rsa, 'RS256'),
      keyClient(KEY_CLIENTS.ec, pastedKeys.ec, 'ES256'),
      ...extraClients,
    ],
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      registration: { enabled: true },
    },
    scopes: ['api:read', 'api:write'],
    ttl: { ClientCredentials: () => stats.tokenTtl },
    // A jwks_uri on 127.0.0.1 (the Worker under test) is refused by oidc-provider's own SSRF
    // guard, which lives in the dispatcher it injects; a plain fetch reaches loopback.
    fetch: (url, { dispatcher: _dispatcher, ...options }) => globalThis.fetch(url, options),
  });
  provider.proxy = false;
  const stats = { tokenRequests: 0, tokenTtl };
  /** Token requests per space (see splitSpace): `/~space/token` is `/token`, counted apart. */
  const spaceRequests = new Map();
  const callback = provider.callback();
  server.on('request', (req, res) => {
    noKeepAlive(res);
    const url = new URL(req.url ?? '/', issuer);
    const { space, path } = splitSpace(url.pathname);
    // oidc-provider sees the plain path. Only for secret clients: an assertion's audience would
    // name the spaced URL, which oidc-provider does not know.
    if (space) req.url = `${path}${url.search}`;
    if (path === '/__stats') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(space ? { ...stats, tokenRequests: spaceRequests.get(space) ?? 0 } : stats));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/__ttl/')) {
      stats.tokenTtl = Number(path.slice('/__ttl/'.length));
      res.end('ok');
      return;
    }
    // Token requests only: not `/token/.well-known/…`, which a metadata lookup of a typed token URL asks for.
    if (req.method === 'POST' && path === '/token') {
      stats.tokenRequests += 1;
      if (space) spaceRequests.set(space, (spaceRequests.get(space) ?? 0) + 1);
    }
    callback(req, res);
  });
  const pasted = Object.fromEntries(
    Object.entries(pastedKeys).map(([type, key]) => [
      type,
      { clientId: KEY_CLIENTS[type], pem: key.pem, kid: key.kid },
    ]),
  );
  return { issuer, tokenUrl: `${issuer}/token`, stats, pastedKeys: pasted, close: () => close(server) };
}

/** Runs `work` in `ms`, without keeping the process alive for it (a test run may end first). */
const later = (ms, work) => void setTimeout(work, ms).unref();

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const readBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

function basicCredentials(req) {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const decode = (s) => decodeURIComponent((s ?? '').replace(/\+/g, ' '));
  return { id: decode(id), secret: decode(secret) };
}

/** The encodings a careless provider may echo a secret in. */
const ECHO_ENCODINGS = {
  plain: (s) => s,
  percent: (s) => encodeURIComponent(s),
  form: (s) => new URLSearchParams({ s }).toString().slice(2),
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  // A piece of the secret, not the whole of it.
  fragment: (s) => s.slice(3, 12),
};

const GOOD_TOKEN = (extra = {}) => ({
  access_token: 'strict-access-token',
  token_type: 'Bearer',
  expires_in: 3600,
  ...extra,
});

/**
 * A request's space: a first path segment `~name` (after RFC 8414's inserted well-known prefix,
 * when there is one) sets the requests of one test file apart from every other file's, so files
 * can run in parallel and still count exactly what reached the server on their behalf. Answers
 * the space and the path without it.
 */
function splitSpace(path) {
  const match = /^(\/\.well-known\/oauth-authorization-server)?\/~([A-Za-z0-9_-]+)(\/.*)?$/.exec(path);
  if (!match) return { space: '', path };
  return { space: match[2], path: `${match[1] ?? ''}${match[3] ?? '/'}` };
}

/**
 * A token endpoint with one behaviour per path. Each space (see splitSpace) has its own counts,
 * last requests and switches: `counts[path]` is how many requests reached `path`, exposed at
 * GET /~space/__counts so tests inside workerd can assert the upstream was (not) called.
 */
export async function startStrictTokenServer() {
  /** space → what that space's requests did. */
  const spaces = new Map();
  const spaceOf = (name) => {
    if (!spaces.has(name)) spaces.set(name, { counts: {}, lastRequests: {}, modes: {}, held: new Map() });
    return spaces.get(name);
  };
  const server = http.createServer(async (req, res) => {
    noKeepAlive(res);
    const url = new URL(req.url, 'http://127.0.0.1');
    const { space, path } = splitSpace(url.pathname);
    /** counts, lastRequests; modes: behaviour of each `/switch/<key>` and `/api/switch/<key>`, set by tests; held: answers waiting for /__release. */
    const { counts, lastRequests, modes, held } = spaceOf(space);
    const prefix = space ? `/~${space}` : '';
    if (path === '/__counts') return json(res, 200, { counts, lastRequests });
    if (path.startsWith('/__switch/')) {
      const [key, mode] = path.slice('/__switch/'.length).split('/');
      modes[key] = mode;
      return json(res, 200, { key, mode });
    }
    // Lets every request held at /hold/<key> have its answer.
    if (path.startsWith('/__release/')) {
      const key = path.slice('/__release/'.length);
      const waiting = held.get(key) ?? [];
      held.delete(key);
      for (const answer of waiting) answer();
      return json(res, 200, { released: waiting.length });
    }
    // Issuer metadata (RFC 8414 §3.1 inserts the well-known path before the issuer's path; OpenID
    // Connect Discovery appends it). Each issuer under /issuers/<name> scripts one behaviour.
    const oauthMetadata = /^\/\.well-known\/oauth-authorization-server\/issuers\/([a-z-]+)$/.exec(path);
    const oidcMetadata = /^\/issuers\/([a-z-]+)\/\.well-known\/openid-configuration$/.exec(path);
    if (oauthMetadata || oidcMetadata) {
      counts[path] = (counts[path] ?? 0) + 1;
      const name = (oauthMetadata ?? oidcMetadata)[1];
      const base = `http://${req.headers.host}${prefix}`;
      const issuer = `${base}/issuers/${name}`;
      if (name === 'oidc-only' && oauthMetadata) return json(res, 404, { error: 'not_found' });
      if (name === 'slow') return later(STALL_MS, () => json(res, 200, {}));
      const documents = {
        good: {
          issuer,
          token_endpoint: `${base}/post-only`,
          token_endpoint_auth_methods_supported: ['client_secret_post'],
          scopes_supported: ['read', 'write'],
        },
        'oidc-only': { issuer, token_endpoint: `${base}/ok` },
        mismatch: { issuer: 'https://other.example.com', token_endpoint: `${base}/ok` },
        'no-endpoint': { issuer },
        'bad-endpoint': { issuer, token_endpoint: 'https://10.0.0.1/token' },
        huge: { issuer, token_endpoint: `${base}/ok`, padding: 'x'.repeat(70 * 1024) },
      };
      if (!documents[name]) return json(res, 404, { error: 'not_found' });
      return json(res, 200, documents[name], { 'cache-control': 'max-age=600' });
    }
    // Probe APIs (Test & Save): they read the Authorization header only.
    if (path.startsWith('/api/')) {
      counts[path] = (counts[path] ?? 0) + 1;
      lastRequests[path] = { method: req.method, authorization: req.headers.authorization ?? null };
      const mode = path.startsWith('/api/switch/') ? (modes[path.slice('/api/switch/'.length)] ?? 'ok') : path.slice(5);
      const authorized = /^Bearer (strict-access-token|switch-\d+|slow-\d+)$/.test(req.headers.authorization ?? '');
      if (mode === 'stall') return later(STALL_MS, () => json(res, 200, {}));
      if (mode === 'redirect') {
        res.writeHead(302, { location: '/login' });
        return res.end();
      }
      if (mode === 'forbidden') return json(res, 403, { error: 'insufficient_scope' });
      if (mode === 'down') return json(res, 503, { error: 'unavailable' });
      if (mode === 'no-content') return authorized ? (res.writeHead(204), res.end()) : json(res, 401, {});
      return authorized
        ? json(res, 200, { things: ['x'.repeat(100 * 1024)] })
        : json(res, 401, { error: 'invalid_token' });
    }
    if (path === '/__reset') {
      spaces.delete(space);
      return json(res, 200, {});
    }
    counts[path] = (counts[path] ?? 0) + 1;
    const body = new URLSearchParams(await readBody(req));
    const basic = basicCredentials(req);
    lastRequests[path] = {
      usedBasic: basic !== null,
      usedBody: body.has('client_secret'),
      params: Object.fromEntries([...body].filter(([k]) => k !== 'client_secret')),
    };
    const fromBody = body.has('client_secret')
      ? { id: body.get('client_id'), secret: body.get('client_secret') }
      : null;
    const valid = (c) => c !== null && c.id === STRICT_CLIENT.id && c.secret === STRICT_CLIENT.secret;
    const invalidClient = () =>
      json(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });

    // Authentication by method: accept exactly one, never both (RFC 6749 §2.3).
    if (path === '/basic-only') return valid(basic) && !fromBody ? json(res, 200, GOOD_TOKEN()) : invalidClient();
    if (path === '/post-only') return valid(fromBody) && !basic ? json(res, 200, GOOD_TOKEN()) : invalidClient();
    if (path.startsWith('/error/')) {
      const code = path.slice('/error/'.length);
      const description = url.searchParams.get('description') ?? `provider says ${code}`;
      return json(res, code === 'invalid_client' ? 401 : 400, { error: code, error_description: description });
    }
    if (path === '/challenge') {
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="token", error="invalid_client"',
        'content-type': 'application/json',
      });
      return res.end(JSON.stringify({ error: 'invalid_client' }));
    }
    if (path === '/ok') return json(res, 200, GOOD_TOKEN({ scope: body.get('scope') ?? undefined }));
    // The connection closed with no answer at all: on every request, or on the first of each key.
    if (path === '/drop' || (path.startsWith('/drop-first/') && counts[path] === 1)) return req.socket.destroy();
    if (path.startsWith('/drop-first/')) return json(res, 200, GOOD_TOKEN());
    // Records a client assertion's header and claims (RFC 7523 §3), read without verifying it.
    if (path === '/assertion') {
      const [header, payload] = (body.get('client_assertion') ?? '..').split('.').slice(0, 2);
      const read = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8') || '{}');
      lastRequests[path].assertion = {
        header: read(header),
        payload: read(payload),
        type: body.get('client_assertion_type'),
      };
      return json(res, 200, GOOD_TOKEN());
    }
    // One token endpoint whose behaviour a test switches: ok, down (503), reject (invalid_client).
    if (path.startsWith('/switch/')) {
      const mode = modes[path.slice('/switch/'.length)] ?? 'ok';
      if (mode === 'down') return json(res, 503, { error: 'temporarily_unavailable' });
      if (mode === 'reject' || !valid(basic ?? fromBody)) return invalidClient();
      return json(res, 200, GOOD_TOKEN({ access_token: `switch-${counts[path]}` }));
    }
    if (path === '/string-expires') return json(res, 200, GOOD_TOKEN({ expires_in: '1800' }));
    if (path === '/no-expiry')
      return json(res, 200, { access_token: url.searchParams.get('token') ?? 'opaque', token_type: 'Bearer' });
    if (path === '/non-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>not json</html>');
    }
    if (path === '/array') return json(res, 200, []);
    if (path === '/no-access-token') return json(res, 200, { token_type: 'Bearer', expires_in: 3600 });
    if (path === '/token-type-mac') return json(res, 200, GOOD_TOKEN({ token_type: 'mac' }));
    if (path === '/scope-echo') {
      return json(res, 200, GOOD_TOKEN({ scope: `api:read ${fromBody?.secret ?? basic?.secret ?? ''}` }));
    }
    if (path === '/redirect') {
      res.writeHead(302, { location: '/ok' });
      return res.end();
    }
    if (path === '/huge') return json(res, 200, GOOD_TOKEN({ padding: 'x'.repeat(70 * 1024) }));
    // Answers long after the Worker's upstream timeout (STALL_MS), so only the timeout can end the wait;
    // answering at all lets the connection close cleanly instead of dangling until teardown.
    if (path === '/stall') return later(STALL_MS, () => json(res, 200, GOOD_TOKEN()));
    if (path === '/html-500') {
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('<html><body>Internal Server Error</body></html>');
    }
    if (path === '/retry-after') {
      const value = url.searchParams.get('value') ?? '120';
      return json(res, 503, { error: 'temporarily_unavailable' }, { 'retry-after': value });
    }
    // A correct answer after `ms` milliseconds: for races (parallel connects, deletes mid-refresh).
    if (path === '/slow-ok') {
      const ms = Number(url.searchParams.get('ms') ?? '300');
      return setTimeout(() => json(res, 200, GOOD_TOKEN({ access_token: `slow-${counts[path]}` })), ms);
    }
    // An answer once the test lets it go (GET /__release/<key>): for races that must not depend on
    // how fast this machine is (a delete while a refresh is in flight). A token, or with
    // `?then=html-500` a server error page.
    if (path.startsWith('/hold/')) {
      const key = path.slice('/hold/'.length);
      if (!held.has(key)) held.set(key, []);
      held.get(key).push(() => {
        if (url.searchParams.get('then') !== 'html-500')
          return json(res, 200, GOOD_TOKEN({ access_token: `held-${counts[path]}` }));
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<html><body>Internal Server Error</body></html>');
      });
      return;
    }
    // A provider that rejects the client and repeats the secret it received, encoded as asked,
    // placed so that it straddles the 200th character (where descriptions are cut).
    if (path.startsWith('/echo/')) {
      const secret = fromBody?.secret ?? basic?.secret ?? '';
      const encoded = ECHO_ENCODINGS[path.slice('/echo/'.length)]?.(secret) ?? secret;
      const description = `${'x'.repeat(180)} sent ${encoded} which is wrong`;
      return json(res, 401, { error: 'invalid_client', error_description: description });
    }
    json(res, 404, { error: 'not_found' });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, spaces, close: () => close(server) };
}
