// The upstream token endpoint of every benchmark: a plain Node server in a process of its own
// (so its CPU is never counted as the Worker's or as the Node client's) that answers the client
// credentials grant at once and counts the requests of each client id. A client id starting with
// `short-` gets tokens that expire in 2 s; every other one, in an hour.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { URLSearchParams, fileURLToPath } from 'node:url';

const SHORT_LIVED_PREFIX = 'short-';

/** The client id of a token request: from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or from the body. */
function clientIdOf(req, body) {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) return decodeURIComponent(Buffer.from(basic[1], 'base64').toString().split(':')[0].replace(/\+/g, ' '));
  return new URLSearchParams(body).get('client_id') ?? '';
}

function serve() {
  const counts = {};
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/token') return res.writeHead(404).end();
      const clientId = clientIdOf(req, body);
      counts[clientId] = (counts[clientId] ?? 0) + 1;
      const token = {
        access_token: `bench-${randomBytes(16).toString('base64url')}`,
        token_type: 'Bearer',
        expires_in: clientId.startsWith(SHORT_LIVED_PREFIX) ? 2 : 3600,
      };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(token));
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
  process.on('message', (message) => {
    if (message.type === 'counts') process.send({ type: 'counts', id: message.id, counts });
  });
  // The parent is gone (however it ended): so is this server.
  process.on('disconnect', () => process.exit(0));
}

/**
 * Starts the token server in a child process. `url` is its token endpoint; `count(clientId)`
 * how many token requests that client id has made so far.
 */
export function startTokenServer() {
  const child = fork(fileURLToPath(import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map();
  child.on('message', (message) => {
    if (message.type === 'counts') {
      pending.get(message.id)?.(message.counts);
      pending.delete(message.id);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the token server exited (${code})`)));
    child.once('message', (message) => {
      if (message.type !== 'ready') return reject(new Error('the token server did not start'));
      resolve({
        url: `http://127.0.0.1:${message.port}/token`,
        pid: child.pid,
        count: (clientId) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, (counts) => done(counts[clientId] ?? 0));
            child.send({ type: 'counts', id });
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

export const shortLived = (name) => `${SHORT_LIVED_PREFIX}${name}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) serve();
