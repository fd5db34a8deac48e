// A sentinel client secret and sentinel access tokens through every success and failure path of
// connect and refresh (development configuration). Neither may appear in any answer (except the
// token API's own 200), header, URL, log line, posted message or stored error text, nor in clear
// anywhere in the local state (D1 and Durable Object storage) at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHostileProvider } from '../support/hostile-provider.mjs';
import {
  HOST_ORIGIN,
  connect,
  getToken,
  leakScanner,
  listConnections,
  mintSession,
  newState,
  pool,
  postedData,
  readResult,
  recordStats,
  request,
  responseText,
  sentinel,
  sleep,
  startTestWorker,
  PAST_REFRESH_FLOOR_MS,
} from './support/harness.mjs';

const SECRET = sentinel('S');
const TOKEN_PREFIX = sentinel('T');
const secretOnly = leakScanner({ secret: SECRET });
const secretOrToken = leakScanner({ secret: SECRET, token: TOKEN_PREFIX });
const TENANT = 'leaks';

let worker;
let provider;
/** Every answer the Worker gave in this file, with what it may hold. */
const answers = [];
/** Every attempt made: its session and state, to read back through the result route. */
const attempts = [];
const stats = { paths: 0, answersScanned: 0, leaks: 0 };

before(async () => {
  [worker, provider] = await Promise.all([startTestWorker(), startHostileProvider({ tokenPrefix: TOKEN_PREFIX })]);
});
after(async () => {
  await recordStats('leaks', stats);
  await Promise.all([worker?.stop(), provider?.close()]);
});

/** Keeps an answer for the final scans; `mayHoldToken` only for the token API's 200. */
function keep(label, response, { mayHoldToken = false } = {}) {
  answers.push({ label, response, mayHoldToken });
  return response;
}

async function attempt(label, path, { authMethod, json, clientId = label, fields = {}, origin } = {}) {
  const session = await mintSession(worker, { tenant: TENANT, ...(authMethod ? { authMethod } : {}) });
  const state = newState();
  const response = await connect(
    worker,
    {
      session_token: session,
      state,
      client_id: clientId,
      client_secret: SECRET,
      token_url: path.startsWith('https:') ? path : `${provider.url}${path}`,
      ...fields,
    },
    { json, origin },
  );
  attempts.push({ label, session, state });
  stats.paths += 1;
  return keep(`connect ${label}`, response);
}

const PATHS = [
  ['success', '/b/ok', 200],
  ['success-scope-echo', '/b/ok?echoScope=plain', 200],
  ['invalid_client', '/b/error?code=invalid_client', 400],
  ...['plain', 'percent', 'form', 'base64', 'base64url', 'base64shifted', 'piece', 'upper'].map((echo) => [
    `echo-${echo}`,
    `/b/error?code=invalid_client&echo=${echo}`,
    400,
  ]),
  ['echo-short-description', '/b/error?code=invalid_scope&echo=plain&pad=0', 400],
  ['retry-after', '/b/retry-after?value=30', 502],
  ['stall', '/b/stall', 504],
  ['redirect', '/b/redirect?status=307', 502],
  ['html', '/b/html', 502],
  ['huge', '/b/huge', 502],
  ['dropped', '/b/close', 502],
  ['token_type', '/b/raw?body=%7B%22access_token%22%3A%22x%22%2C%22token_type%22%3A%22mac%22%7D', 502],
];

describe('connect paths', { concurrency: 16 }, () => {
  // Every path with Basic, as the page and as JSON; the body and `auto` (Basic, then the body on
  // invalid_client: two requests that may each be echoed) on the paths that carry provider text.
  const TEXT_PATHS = new Set(['success', 'invalid_client', 'echo-plain', 'echo-percent', 'echo-base64']);
  for (const authMethod of ['client_secret_basic', 'client_secret_post', 'auto']) {
    for (const [name, path, status] of PATHS) {
      if (authMethod !== 'client_secret_basic' && !TEXT_PATHS.has(name)) continue;
      for (const json of authMethod === 'client_secret_basic' ? [true, false] : [true]) {
        test(`${name} with ${authMethod} (${json ? 'JSON' : 'page'}) answers ${status}`, async () => {
          const label = `${name}-${authMethod}-${json ? 'json' : 'page'}`;
          const response = await attempt(label, path, { authMethod, json });
          assert.equal(response.status, status);
          const message = json ? response.json() : postedData(response.text).message;
          assert.equal(message.status, status === 200 ? 'connected' : 'failed');
          if (name.startsWith('echo')) assert.match(message.error.message, /withheld/);
        });
      }
    }
  }

  const REFUSALS = [
    ['another origin', { origin: 'https://evil.example' }, 403],
    ['no origin', { origin: null }, 403],
    ['a token URL the policy refuses', { path: 'https://10.0.0.1/token' }, 400],
    ['an invalid state', { fields: { state: 'short' } }, 400],
    ['a tampered session', { fields: { session_token: 'eyJ2IjoxfQ.AAAA' } }, 401],
  ];
  for (const [name, { origin, path, fields }, status] of REFUSALS) {
    test(`a refusal for ${name} (${status}) carries no secret`, async () => {
      const response = await attempt(`refused-${name}`, path ?? '/b/ok', { json: false, origin, fields });
      assert.equal(response.status, status);
    });
  }

  test('a body over 64 KiB holding the secret answers 413 and nothing of it', async () => {
    const body = new URLSearchParams({ client_secret: SECRET, padding: 'p'.repeat(70 * 1024) }).toString();
    const response = keep(
      'oversized',
      await request(`${worker.url}/v1/connect`, {
        method: 'POST',
        headers: { origin: HOST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    );
    assert.equal(response.status, 413);
  });

  test('the same secret sent as JSON or multipart is never echoed', async () => {
    const session = await mintSession(worker, { tenant: TENANT });
    const state = newState();
    const fields = { session_token: session, state, client_id: 'as-json', client_secret: SECRET };
    const asJson = keep(
      'json body',
      await request(`${worker.url}/v1/connect`, {
        method: 'POST',
        headers: { origin: HOST_ORIGIN, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...fields, token_url: `${provider.url}/b/ok` }),
      }),
    );
    assert.equal(asJson.status, 400);
    const boundary = 'leakboundary';
    const multipart = Object.entries({
      ...fields,
      state: newState(),
      token_url: `${provider.url}/b/error?code=invalid_client`,
    })
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    const asMultipart = keep(
      'multipart body',
      await request(`${worker.url}/v1/connect`, {
        method: 'POST',
        headers: { origin: HOST_ORIGIN, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `${multipart}--${boundary}--\r\n`,
      }),
    );
    assert.equal(asMultipart.status, 400);
  });

  test('past the attempt cap and after a success, refusals carry no secret', async () => {
    const session = await mintSession(worker, { tenant: TENANT });
    const send = (path) =>
      connect(
        worker,
        {
          session_token: session,
          state: newState(),
          client_id: 'capped',
          client_secret: SECRET,
          token_url: `${provider.url}${path}`,
        },
        { json: true },
      );
    for (let i = 0; i < 5; i += 1) keep('capped', await send('/b/error?code=invalid_client&echo=plain'));
    const capped = keep('over the cap', await send('/b/ok'));
    assert.equal(capped.status, 429);
    const used = await mintSession(worker, { tenant: TENANT });
    const fields = (state) => ({
      session_token: used,
      state,
      client_id: 'used',
      client_secret: SECRET,
      token_url: `${provider.url}/b/ok`,
    });
    assert.equal(keep('first use', await connect(worker, fields(newState()), { json: true })).status, 200);
    assert.equal(keep('second use', await connect(worker, fields(newState()), { json: true })).status, 401);
  });
});

describe('refresh paths', { concurrency: 8 }, () => {
  const TURNS = [
    ['a new token', { behaviour: 'ok' }, 200],
    ['a rejection echoing the secret', { behaviour: 'error', code: 'invalid_client', echo: 'plain', pad: '0' }, 409],
    ['a rejection echoing it in base64', { behaviour: 'error', code: 'invalid_grant', echo: 'base64' }, 409],
    ['a Retry-After', { behaviour: 'retry-after', value: '60' }, 503],
    ['a stall', { behaviour: 'stall' }, 503],
    ['HTML', { behaviour: 'html' }, 503],
  ];
  for (const [name, step, status] of TURNS) {
    test(`a refresh into ${name} (${status}) hands out no secret, and the token only in its 200`, async () => {
      const key = `leak-${name.replace(/\W+/g, '-')}`;
      provider.script(key, [{ behaviour: 'ok', ttl: 1 }, step]);
      const response = await attempt(key, `/s/${key}`, { json: true, clientId: key });
      assert.equal(response.status, 200);
      const id = response.json().connectionId;
      await sleep(PAST_REFRESH_FLOOR_MS);
      const first = keep(`token ${name}`, await getToken(worker, id, TENANT), { mayHoldToken: true });
      assert.equal(first.status, status, first.text);
      // The stored failure is read back too (served from the row, not the provider).
      keep(`token again ${name}`, await getToken(worker, id, TENANT), { mayHoldToken: true });
      if (status === 200) assert.ok(first.json().access_token.startsWith(TOKEN_PREFIX));
      if (status !== 200) assert.equal(secretOrToken.find(first.text), null, 'an error answer held the token');
    });
  }
});

describe('where nothing may have gone', () => {
  test('the result route, for every attempt', async () => {
    await pool(attempts, 16, async ({ label, session, state }) =>
      keep(`result ${label}`, await readResult(worker, session, state)),
    );
    const finals = answers.filter((a) => a.label.startsWith('result') && a.response.status === 200);
    assert.ok(finals.length >= PATHS.length * 2, `${finals.length} results read back`);
  });

  test('the admin API listing', async () => {
    const list = keep('list', await listConnections(worker, TENANT));
    assert.equal(list.status, 200);
    assert.ok(list.json().connections.length >= 3);
  });

  test('no answer, header or posted message holds the secret; only the token API’s 200 holds a token', () => {
    for (const { label, response, mayHoldToken } of answers) {
      stats.answersScanned += 1;
      const scanner = mayHoldToken && response.status === 200 ? secretOnly : secretOrToken;
      const leak = scanner.find(responseText(response));
      if (leak) stats.leaks += 1;
      assert.equal(leak, null, `${label}: ${leak}`);
      const data = (response.headers['content-type'] ?? '').startsWith('text/html')
        ? postedData(response.text)
        : undefined;
      if (data) assert.equal(secretOrToken.find(JSON.stringify(data)), null, `${label}: the posted message`);
    }
  });

  test('no log line of wrangler or the Worker', () => {
    const leaked = worker.lines.filter((line) => secretOrToken.find(line));
    stats.leaks += leaked.length;
    assert.deepEqual(leaked, []);
    assert.ok(
      worker.lines.some((line) => line.includes('"event":"connect.exchange"')),
      'the Worker did log',
    );
  });

  test('no URL the provider was called at; the secret went in exactly one place per request', () => {
    assert.ok(provider.requests.length > PATHS.length * 2);
    for (const { method, url, headers, body } of provider.requests) {
      assert.equal(secretOrToken.find(url), null, url);
      // Discovery's metadata lookups (RFC 8414 §3.1) carry no credentials at all.
      if (method !== 'POST') {
        assert.equal(headers.authorization, undefined, `${method} ${url}`);
        assert.equal(secretOrToken.find(body), null, `${method} ${url}`);
        continue;
      }
      const inHeader = (headers.authorization ?? '').startsWith('Basic ');
      const inBody = new URLSearchParams(body).has('client_secret');
      assert.notEqual(inHeader, inBody, 'the secret went in both places, or none');
    }
  });

  test('no stored error text, and nothing in clear in the local D1 or Durable Object storage', async () => {
    const rows = await worker.d1(
      `SELECT 'attempt' AS kind, error_code AS code, error_message AS text FROM connect_attempts
       UNION ALL SELECT 'connection', last_error, last_error_message FROM connections`,
    );
    assert.ok(
      rows.some((row) => /withheld/.test(row.text ?? '')),
      'the withheld descriptions were stored',
    );
    assert.ok(rows.filter((row) => row.kind === 'connection' && row.code).length >= 4, 'refresh failures were stored');
    for (const row of rows) assert.equal(secretOrToken.find(JSON.stringify(row)), null, JSON.stringify(row));
    const files = await worker.stateFiles();
    assert.ok(files.some((f) => f.path.endsWith('.sqlite')));
    for (const { path, bytes } of files) {
      const leak = secretOrToken.find(bytes.toString('latin1'));
      if (leak) stats.leaks += 1;
      assert.equal(leak, null, `${path}: ${leak}`);
    }
  });
});
