// A webhook receiver for the tests, on a free loopback port in Node. It verifies each delivery's
// Standard Webhooks signature with node:crypto (independently of the Worker's WebCrypto signer)
// and records what arrived. Each path answers one way; `/hook` answers as scripted:
//   POST /__script {match, answers}  the next answers of /hook to deliveries whose body holds
//                                    `match`, in order (then "ok")
//   GET  /__received                 every delivery so far: {path, headers, body, verified}
//   POST /__reset                    forget the deliveries and the scripts
// Behaviours: ok (204), fail (500), busy (503 with Retry-After: 120), stall (never answers),
// redirect (302 to /ok, which must not be followed).
// A first path segment `~space` keeps one test file's deliveries, scripts and resets apart from
// every other file's (files run in parallel): `/~a1b2/ok` is recorded as `/ok` in space `a1b2`,
// and `/~a1b2/__received` lists that space's deliveries only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const TOLERANCE_SECONDS = 5 * 60;

/** Standard Webhooks v1: some `v1,` item of webhook-signature is the HMAC of "id.timestamp.body". */
export function verifySignature(secret, headers, body, now = Math.floor(Date.now() / 1000)) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((item) => {
    const [version, signature] = item.split(',', 2);
    const actual = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}

const ANSWERS = {
  ok: (res) => res.writeHead(204).end(),
  fail: (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver failure'),
  busy: (res) => res.writeHead(503, { 'retry-after': '120' }).end(),
  stall: () => {},
  redirect: (res) => res.writeHead(302, { location: '/ok' }).end(),
};

const RECORDED_HEADERS = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];

export async function startWebhookReceiver({ secret }) {
  /** space → { received, scripts }. */
  const spaces = new Map();
  const spaceOf = (name) => {
    if (!spaces.has(name)) spaces.set(name, { received: [], scripts: [] });
    return spaces.get(name);
  };
  const server = http.createServer((req, res) => {
    // One request per connection: a pooled connection Node closes after 5 s idle would reset a
    // delivery that happens to pick it, on a busy machine.
    res.setHeader('connection', 'close');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/~([A-Za-z0-9_-]+)(\/.*)$/.exec(req.url ?? '/');
      const space = match?.[1] ?? '';
      const path = match?.[2] ?? req.url ?? '/';
      const { received, scripts } = spaceOf(space);
      if (path === '/__received')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      if (path === '/__script') {
        const { match: holds = '', answers } = JSON.parse(body);
        scripts.push({ holds, answers });
        return res.writeHead(204).end();
      }
      if (path === '/__reset') {
        spaces.delete(space);
        return res.writeHead(204).end();
      }
      const headers = Object.fromEntries(RECORDED_HEADERS.map((name) => [name, req.headers[name]]));
      received.push({ path, method: req.method, headers, body, verified: verifySignature(secret, headers, body) });
      const script = scripts.find(({ holds, answers }) => answers.length > 0 && body.includes(holds));
      const behaviour = path === '/hook' ? (script?.answers.shift() ?? 'ok') : path.slice(1);
      (ANSWERS[behaviour] ?? ANSWERS.ok)(res);
    });
  });
  const port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
