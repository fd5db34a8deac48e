// Connects and refreshes against a provider that misbehaves every way we know (see
// test/support/hostile-provider.mjs): each attempt ends in time, with the status that blames the
// provider, a protocol code, the provider's text escaped and vetted, and nothing followed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHostileProvider } from '../support/hostile-provider.mjs';
import {
  CODES,
  UPSTREAM_TIMEOUT_MS,
  connect,
  getToken,
  leakScanner,
  mintSession,
  newState,
  postedData,
  recordStats,
  responseText,
  sentinel,
  sleep,
  startTestWorker,
  PAST_REFRESH_FLOOR_MS,
} from './support/harness.mjs';

const SECRET = sentinel('S');
const leaks = leakScanner({ secret: SECRET });
/**
 * The longest an attempt may take: the upstream timeout, plus generous slack for a crowded 2-core
 * machine. A Worker that did not enforce its timeout would take forever on a stall or a drip (the
 * provider never ends them), and so would hit this bound, or the harness's PATIENCE_MS after it.
 */
const DEADLINE_MS = UPSTREAM_TIMEOUT_MS + 60_000;
const stats = { hostileCases: 0, ourFiveXx: 0, unanswered: 0, leaks: 0 };

let worker;
let provider;

before(async () => {
  [worker, provider] = await Promise.all([startTestWorker(), startHostileProvider()]);
});
after(async () => {
  await recordStats('hostile-providers', stats);
  await Promise.all([worker?.stop(), provider?.close()]);
});

const q = (params) => `?${new URLSearchParams(params)}`;
const raw = (body, extra = {}) =>
  `/b/raw${q({ body: typeof body === 'string' ? body : JSON.stringify(body), ...extra })}`;
const token = (extra) => raw({ access_token: 'opaque-token', token_type: 'Bearer', expires_in: 3600, ...extra });
const XSS = ['<script>alert(1)</script>', '</script><script>alert(2)</script>', '"><img src=x onerror=alert(3)>'];

/** [name, token URL path, status, code]; code null = connected. */
const CONNECT_CASES = [
  ['a well-behaved answer', '/b/ok', 200, null],
  ['a stall before any header', '/b/stall', 504, 'provider_unavailable'],
  ['headers, half a body, then silence', '/b/stall-body', 504, 'provider_unavailable'],
  ['a body dripped a byte every 50 ms', '/b/drip?ms=50', 504, 'provider_unavailable'],
  ['a 10 MB body with Content-Length', '/b/huge?declared=1', 502, 'invalid_response'],
  ['a 10 MB chunked body', '/b/huge', 502, 'invalid_response'],
  ['a gzip bomb (10 MB inflated)', '/b/gzip-bomb', 502, 'invalid_response'],
  ...[301, 302, 303, 307, 308].map((status) => [
    `a ${status} redirect`,
    `/b/redirect?status=${status}`,
    502,
    'invalid_response',
  ]),
  ['an HTML page with 200', '/b/html', 502, 'invalid_response'],
  ['an HTML page with 500', '/b/html?status=500', 502, 'provider_unavailable'],
  ['an empty array', raw([]), 502, 'invalid_response'],
  ['an array holding a token', raw([{ access_token: 'x', token_type: 'Bearer' }]), 502, 'invalid_response'],
  ['a JSON string', raw('"token"'), 502, 'invalid_response'],
  ['JSON null', raw('null'), 502, 'invalid_response'],
  ['a JSON number', raw('42'), 502, 'invalid_response'],
  ['an empty object', raw({}), 502, 'invalid_response'],
  ['an empty body', raw(''), 502, 'invalid_response'],
  ['truncated JSON', raw('{"access_token":"x",'), 502, 'invalid_response'],
  ['JSON nested 20,000 deep', '/b/deep?depth=20000', 502, 'invalid_response'],
  // oauth4webapi reads a JSON body whatever its content type says; only non-JSON is refused.
  ['JSON under text/plain', token({}).concat('&contentType=text%2Fplain'), 200, null],
  ['a numeric access_token', token({ access_token: 123 }), 502, 'invalid_response'],
  ['an empty access_token', token({ access_token: '' }), 502, 'invalid_response'],
  // The tolerant answer parser (worker/exchange/token-response.ts, DESIGN.md): no token_type is Bearer.
  ['no token_type', raw({ access_token: 'x', expires_in: 60 }), 200, null],
  ['an empty token_type', token({ token_type: '' }), 502, 'invalid_response'],
  ['a numeric token_type', token({ token_type: 42 }), 502, 'invalid_response'],
  ['token_type "mac"', token({ token_type: 'mac' }), 502, 'invalid_response'],
  ['token_type "N_A"', token({ token_type: 'N_A' }), 502, 'invalid_response'],
  ['token_type "BEARER"', token({ token_type: 'BEARER' }), 200, null],
  ['expires_in "3600" (a string)', token({ expires_in: '3600' }), 200, null],
  // A string lifetime is read only when it is written as decimal seconds ("3599").
  ['expires_in "1e3"', token({ expires_in: '1e3' }), 502, 'invalid_response'],
  ['expires_in 1.5', token({ expires_in: 1.5 }), 200, null],
  ['expires_in 0', token({ expires_in: 0 }), 200, null],
  ['no expires_in', raw({ access_token: 'x', token_type: 'Bearer' }), 200, null],
  ['expires_in 1e300', token({ expires_in: 1e300 }), 200, null],
  ['expires_in "abc"', token({ expires_in: 'abc' }), 502, 'invalid_response'],
  ['expires_in -1', token({ expires_in: -1 }), 502, 'invalid_response'],
  // null is no lifetime given: the JWT's exp, the profile's default, then one hour.
  ['expires_in null', token({ expires_in: null }), 200, null],
  ['expires_in true', token({ expires_in: true }), 502, 'invalid_response'],
  ['a numeric scope', token({ scope: 42 }), 502, 'invalid_response'],
  ['a granted scope holding markup', token({ scope: XSS[0].replace(/ /g, '') }), 200, null],
  ...XSS.map((text, i) => [
    `markup ${i + 1} in error_description`,
    `/b/error${q({ code: 'invalid_client', description: text })}`,
    400,
    'invalid_client',
  ]),
  ...['plain', 'percent', 'form', 'base64', 'base64url', 'base64shifted', 'piece', 'upper'].map((echo) => [
    `the secret echoed (${echo}) across the 200th character`,
    `/b/error${q({ code: 'invalid_client', echo })}`,
    400,
    'invalid_client',
  ]),
  [
    'a 10,000-character description',
    `/b/error${q({ code: 'invalid_scope', description: 'y', repeat: 10000 })}`,
    400,
    'invalid_scope',
  ],
  [
    'control characters in the description',
    `/b/error${q({ code: 'invalid_client', description: 'a\u0000b\r\nc\u001b[31m' })}`,
    400,
    'invalid_client',
  ],
  ['an unknown error code', `/b/error${q({ code: 'weird<b>', status: 400 })}`, 400, 'invalid_request'],
  [
    'temporarily_unavailable',
    `/b/error${q({ code: 'temporarily_unavailable', status: 503 })}`,
    502,
    'provider_unavailable',
  ],
  // Not one of RFC 6749's codes: the status tells (401/403 the client, another 4xx the request).
  ['a numeric error code', raw({ error: 42 }, { status: 400 }), 400, 'invalid_request'],
  ['401 with a text body', raw('nope', { status: 401, contentType: 'text/plain' }), 400, 'invalid_client'],
  ['429 with an odd Retry-After', `/b/retry-after${q({ status: 429, value: '-1' })}`, 502, 'provider_unavailable'],
  ['HTTP 599', '/b/status?code=599', 502, 'provider_unavailable'],
  ['HTTP 204', '/b/status?code=204', 502, 'invalid_response'],
  ['HTTP 418', '/b/status?code=418', 400, 'invalid_request'],
  ['the connection dropped at once', '/b/close', 502, 'network_error'],
  ['the connection dropped mid-body', '/b/reset-mid-body', 502, 'network_error'],
];

/** Checks one answer to a connect; returns the outcome it reports. */
function checkAnswer(response, { json, status, code, elapsed }) {
  stats.hostileCases += 1;
  if (response.status >= 500 && response.status !== 502 && response.status !== 504) stats.ourFiveXx += 1;
  const leak = leaks.find(responseText(response));
  if (leak) stats.leaks += 1;
  assert.equal(leak, null, `the secret leaked: ${leak}`);
  assert.ok(elapsed < DEADLINE_MS, `answered after ${elapsed} ms`);
  assert.equal(response.status, status, response.text.slice(0, 300));
  let message;
  if (json) {
    message = JSON.parse(response.text);
  } else {
    assert.match(response.headers['content-type'], /^text\/html/);
    // Provider text is escaped on the page and inside the data block.
    for (const markup of [...XSS, '<b>']) assert.equal(response.text.includes(markup), false, `raw ${markup}`);
    assert.equal(
      /<script/gi.exec(
        response.text.replace(/<script (type="application\/json" id="oauth-cc-data"|nonce="[^"]+")>/g, ''),
      ),
      null,
    );
    message = postedData(response.text).message;
  }
  assert.equal(message.status, code === null ? 'connected' : 'failed');
  if (code !== null) {
    assert.equal(message.error.code, code);
    assert.ok(CODES.element.has(message.error.code));
    assert.ok(message.error.message.length <= 600, 'the provider text was cut');
    assert.equal(
      [...message.error.message].some((c) => c.charCodeAt(0) < 0x20),
      false,
      'a control character',
    );
  }
  return message;
}

describe('connect against a hostile provider', { concurrency: 12 }, () => {
  for (const [name, path, status, code] of CONNECT_CASES) {
    // The page too where it renders provider text (or its own advice for a failure kind).
    const onPage = code === null || /markup|echo|description|control|unknown|stall|10 MB|redirect|HTML/.test(name);
    for (const json of onPage ? [true, false] : [true]) {
      test(`${name} → ${status} ${code ?? 'connected'} (${json ? 'JSON' : 'page'})`, async () => {
        const session = await mintSession(worker);
        const started = Date.now();
        const fields = {
          session_token: session,
          state: newState(),
          client_id: `hostile-${name}`.replace(/[^\x20-\x7e]/g, '?'),
          client_secret: SECRET,
          token_url: `${provider.url}${path}`,
        };
        const response = await connect(worker, fields, { json }).catch((error) => {
          stats.unanswered += 1;
          throw error;
        });
        const message = checkAnswer(response, { json, status, code, elapsed: Date.now() - started });
        if (name.startsWith('the secret echoed')) assert.match(message.error.message, /withheld/);
        if (name.includes('10,000')) assert.ok(message.error.message.length < 500);
        if (message.status === 'connected') {
          // Whatever the provider said about the lifetime, expiresAt is a whole epoch second within reach.
          const now = Date.now() / 1000;
          assert.ok(Number.isSafeInteger(message.expiresAt), `expiresAt ${message.expiresAt}`);
          assert.ok(message.expiresAt >= Math.floor(now) - 1 && message.expiresAt < now + 366 * 86400 * 10);
        }
      });
    }
  }

  test('no redirect was ever followed', () => {
    assert.equal(
      provider.requests.filter((r) => r.url.includes('redirected=1')).length,
      0,
      'a redirect target received the credentials',
    );
  });
});

/** A connection whose first token lives 1 s, then whose provider answers with `steps`. */
async function connectThenTurn(key, steps) {
  provider.script(key, [{ behaviour: 'ok', ttl: 1 }, ...steps]);
  const session = await mintSession(worker);
  const response = await connect(
    worker,
    {
      session_token: session,
      state: newState(),
      client_id: key,
      client_secret: SECRET,
      token_url: `${provider.url}/s/${key}`,
    },
    { json: true },
  );
  assert.equal(response.status, 200, response.text);
  // Past the token's expiry and the refresh floor, so the token API must refresh (or wait) rather than serve it.
  await sleep(PAST_REFRESH_FLOOR_MS);
  return response.json().connectionId;
}

/** [Retry-After as sent, the least and most seconds the token API may then ask callers to wait]. */
const RETRY_AFTERS = [
  ['0', 10, 10],
  ['-5', 10, 10],
  ['1.5', 10, 10],
  ['', 10, 10],
  ['soon', 10, 10],
  ['1e3', 10, 10],
  ['30, 40', 10, 10],
  ['  30  ', 30, 30],
  ['9999999999', 3600, 3600],
  // Longer than 10 digits is read as no Retry-After at all (worker/exchange/retry-after.ts).
  ['99999999999', 10, 10],
  ['Thu, 01 Jan 1970 00:00:00 GMT', 10, 10],
  ['in 120 s, as an HTTP date', 100, 121],
];

describe('refresh against a provider that turned hostile', { concurrency: 24 }, () => {
  for (const [value, least, most] of RETRY_AFTERS) {
    test(`Retry-After "${value}" backs off ${least}–${most} s, and nobody calls upstream meanwhile`, async () => {
      const key = `retry-${Buffer.from(value).toString('hex').slice(0, 40)}`;
      const sent = value.startsWith('in 120 s') ? new Date(Date.now() + 120_000).toUTCString() : value;
      const id = await connectThenTurn(key, [{ behaviour: 'retry-after', value: sent }]);
      const first = await getToken(worker, id, 'acme');
      stats.hostileCases += 1;
      assert.equal(first.status, 503, first.text);
      assert.equal(first.json().error, 'provider_unavailable');
      const wait = Number(first.headers['retry-after']);
      assert.ok(
        Number.isInteger(wait) && wait >= least && wait <= most,
        `Retry-After: ${first.headers['retry-after']}`,
      );
      const second = await getToken(worker, id, 'acme');
      assert.equal(second.status, 503);
      assert.equal(provider.count(`/s/${key}`), 2, 'one connect and one refresh reached the provider');
    });
  }

  const TURNS = [
    ['a stall', { behaviour: 'stall' }, 503, 'provider_unavailable'],
    ['a drip', { behaviour: 'drip', ms: '50' }, 503, 'provider_unavailable'],
    ['a 10 MB body', { behaviour: 'huge' }, 503, 'invalid_response'],
    ['an HTML page', { behaviour: 'html' }, 503, 'invalid_response'],
    ['a redirect', { behaviour: 'redirect', status: '307' }, 503, 'invalid_response'],
    [
      'token_type "mac"',
      { behaviour: 'raw', body: '{"access_token":"a","token_type":"mac"}' },
      503,
      'invalid_response',
    ],
    ['a dropped connection', { behaviour: 'close' }, 503, 'network_error'],
    [
      'a rejection echoing the secret',
      { behaviour: 'error', code: 'invalid_client', echo: 'base64' },
      409,
      'invalid_client',
    ],
    [
      'a rejection with markup',
      { behaviour: 'error', code: 'invalid_grant', description: XSS[1] },
      409,
      'invalid_grant',
    ],
  ];
  for (const [name, step, status, code] of TURNS) {
    test(`a refresh into ${name} answers ${status} ${code} in time`, async () => {
      const key = `turn-${name.replace(/\W+/g, '-')}`;
      const id = await connectThenTurn(key, [step]);
      const started = Date.now();
      const response = await getToken(worker, id, 'acme');
      stats.hostileCases += 1;
      const leak = leaks.find(responseText(response));
      if (leak) stats.leaks += 1;
      assert.equal(leak, null);
      assert.ok(Date.now() - started < DEADLINE_MS);
      assert.equal(response.status, status, response.text);
      assert.equal(response.headers['content-type'], 'application/json');
      const body = response.json();
      assert.equal(body.error, code);
      assert.ok(CODES.api.has(body.error));
      if (status === 503) assert.ok(Number(response.headers['retry-after']) >= 10);
      if (name.includes('echoing')) assert.match(body.error_description, /withheld/);
    });
  }
});
