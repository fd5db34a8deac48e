// A webhook receiver for the tests, on a free loopback port in Node. It verifies each delivery's
// Standard Webhooks signature with node:crypto (independently of the Worker's WebCrypto signer)
// and records what arrived. Each path answers one way; `/hook` answers as scripted:
//   POST /__script ["fail", "ok"]  the next answers of /hook, in order (then "ok")
//   GET  /__received               every delivery so far: {path, headers, body, verified}
//   POST /__reset                  forget the deliveries and the script
// Behaviours: ok (204), fail (500), busy (503 with Retry-After: 120), stall (never answers),
// redirect (302 to /ok, which must not be followed).
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
  const received = [];
  let script = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/__received')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      if (req.url === '/__script') {
        script = JSON.parse(body);
        return res.writeHead(204).end();
      }
      if (req.url === '/__reset') {
        received.length = 0;
        script = [];
        return res.writeHead(204).end();
      }
      const path = req.url ?? '/';
      const headers = Object.fromEntries(RECORDED_HEADERS.map((name) => [name, req.headers[name]]));
      received.push({ path, method: req.method, headers, body, verified: verifySignature(secret, headers, body) });
      const behaviour = path === '/hook' ? (script.shift() ?? 'ok') : path.slice(1);
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
