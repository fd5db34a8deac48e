// A token endpoint that misbehaves on purpose, for the adversarial suite: stalls, drips, 10 MB
// bodies, redirects, HTML, arrays, odd token_type / expires_in, scripts and secret echoes in
// error_description, odd Retry-After, dropped connections. Node http on a free loopback port.
//
// `/b/<behaviour>?…` answers with one behaviour every time. `/s/<key>` follows a script set with
// `script(key, [step, …])`: each request takes the next step, the last one repeats (a connection
// can connect with one behaviour and refresh into another). Every request is recorded (method,
// URL, headers, body) so tests can count upstream calls and see what reached the provider.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';

const TEN_MB = 10 * 1024 * 1024;

function credentials(req, body) {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const [id = '', secret = ''] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: decode(id), secret: decode(secret) };
  }
  return { id: body.get('client_id') ?? '', secret: body.get('client_secret') ?? '' };
}

/** How a careless provider repeats what it received. */
const ECHOES = {
  plain: (s) => s,
  percent: (s) => encodeURIComponent(s),
  form: (s) => new URLSearchParams({ s }).toString().slice(2),
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  // Shifted so base64 starts mid-secret: a different alignment of the same bytes.
  base64shifted: (s) => Buffer.from(`x${s}`).toString('base64'),
  piece: (s) => s.slice(2, 12),
  upper: (s) => s.toUpperCase(),
};

const json = (res, status, body, headers = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
};

/**
 * Each behaviour answers one token request. `p` holds the step's parameters (the query string,
 * or a scripted step's fields); `ctx` the request's client and the provider's token issuer.
 */
const BEHAVIOURS = {
  ok: (res, p, ctx) => {
    const body = { access_token: ctx.issue(), token_type: p.type ?? 'Bearer' };
    if (p.ttl !== undefined) body.expires_in = Number(p.ttl);
    else body.expires_in = 3600;
    if (p.scope !== undefined) body.scope = p.scope;
    // A granted scope that repeats the client secret, as some error texts do.
    if (p.echoScope !== undefined) body.scope = `read ${ECHOES[p.echoScope](ctx.client.secret)}`;
    json(res, 200, body);
  },
  // A canned body, verbatim (arrays, odd types, missing fields).
  raw: (res, p) => json(res, Number(p.status ?? 200), p.body, p.contentType ? { 'content-type': p.contentType } : {}),
  // Never answers; the socket stays open until the client gives up (or the server closes).
  stall: () => {},
  // Headers and half a body, then nothing.
  'stall-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"half');
  },
  // A body trickled a byte at a time, for as long as anyone listens (never a whole answer).
  drip: (res, p) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"');
    const timer = setInterval(() => res.write('d'), Number(p.ms ?? 50));
    res.on('close', () => clearInterval(timer));
  },
  // 10 MB, with or without a Content-Length (then chunked, so only counting can stop it).
  huge: (res, p) => {
    const declared = p.declared === '1';
    res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': TEN_MB } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < TEN_MB) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  },
  // 10 MB of JSON that is 10 KB on the wire: the cap must count decoded bytes.
  'gzip-bomb': (res, p, ctx) => {
    const body = gzipSync(`{"access_token":"${ctx.issue()}","token_type":"Bearer","pad":"${' '.repeat(TEN_MB)}"}`);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': body.length,
    });
    res.end(body);
  },
  redirect: (res, p, ctx) => {
    res.writeHead(Number(p.status ?? 302), { location: p.location ?? `${ctx.base}/b/ok?redirected=1` });
    res.end();
  },
  html: (res, p) => {
    res.writeHead(Number(p.status ?? 200), { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Sign in</title><script>alert(document.cookie)</script><h1>Sign in</h1>');
  },
  // An RFC 6749 §5.2 error whose description says whatever `description` says, or echoes the
  // client secret in `echo` encoding (placed so that it straddles the 200th character).
  error: (res, p, ctx) => {
    const description =
      p.echo !== undefined
        ? `${'x'.repeat(Number(p.pad ?? 180))} you sent ${ECHOES[p.echo](ctx.client.secret)} which is wrong`
        : p.description?.repeat(Number(p.repeat ?? 1));
    const status = Number(p.status ?? (p.code === 'invalid_client' ? 401 : 400));
    const body = {
      error: p.code ?? 'invalid_client',
      ...(description === undefined ? {} : { error_description: description }),
    };
    json(res, status, body, p.retryAfter === undefined ? {} : { 'retry-after': p.retryAfter });
  },
  // Valid JSON nested `depth` deep (too long for a URL, so built here).
  deep: (res, p) => json(res, 200, `${'['.repeat(Number(p.depth))}${']'.repeat(Number(p.depth))}`),
  // A failing provider with a Retry-After header of any spelling.
  'retry-after': (res, p) =>
    json(res, Number(p.status ?? 503), { error: 'temporarily_unavailable' }, { 'retry-after': p.value ?? '' }),
  // The connection drops before any answer, or in the middle of one.
  close: (res) => res.socket.destroy(),
  'reset-mid-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
    res.write('{"access_token":"cut');
    setTimeout(() => res.socket.destroy(), 20);
  },
  status: (res, p) => {
    res.writeHead(Number(p.code ?? 204), p.contentType ? { 'content-type': p.contentType } : {});
    res.end(p.body ?? '');
  },
};

/**
 * Starts the provider. `latencyMs` delays every answer (a realistic provider for load tests);
 * `tokenPrefix` starts every access token it issues (a sentinel for leak tests).
 */
export async function startHostileProvider({ latencyMs = 0, tokenPrefix = 'hostile-token-' } = {}) {
  const requests = [];
  const scripts = new Map();
  const issued = [];
  let open = new Set();
  const server = http.createServer((req, res) => {
    // One request per connection. Node closes an idle keep-alive connection after 5 s, and a
    // client that picks the pooled connection at that moment gets a reset (or, from workerd, no
    // answer until its timeout): a race of the test server's, not a provider behaviour under test.
    res.setHeader('connection', 'close');
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = new URLSearchParams(text);
      const client = credentials(req, body);
      requests.push({ method: req.method, url: req.url, path: url.pathname, headers: req.headers, body: text, client });
      let behaviour;
      let params;
      if (url.pathname.startsWith('/b/')) {
        behaviour = url.pathname.slice(3);
        params = Object.fromEntries(url.searchParams);
      } else if (url.pathname.startsWith('/s/')) {
        const steps = scripts.get(url.pathname.slice(3)) ?? [{ behaviour: 'error', code: 'invalid_client' }];
        ({ behaviour, ...params } = steps.length > 1 ? steps.shift() : steps[0]);
      }
      const ctx = {
        client,
        base: `http://127.0.0.1:${server.address().port}`,
        // Unique and recognisable: `<prefix><n>-<random>`; every token handed out is recorded.
        issue: () => {
          const token = `${tokenPrefix}${issued.length}-${randomBytes(6).toString('hex')}`;
          issued.push({ clientId: client.id, token, path: url.pathname });
          return token;
        },
      };
      const answer = BEHAVIOURS[behaviour];
      const run = () => (answer ? answer(res, params, ctx) : json(res, 404, { error: 'no_such_behaviour' }));
      if (latencyMs > 0) setTimeout(run, latencyMs);
      else run();
    });
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  // Many concurrent connects in the load test: no queueing on our side.
  server.maxConnections = 10_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requests,
    issued,
    /** Sets the steps `/s/<key>` follows (see above). */
    script: (key, steps) => scripts.set(key, [...steps]),
    /** Requests that reached `path` (exact pathname). */
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        open = new Set();
        server.close(() => resolve());
      }),
  };
}
