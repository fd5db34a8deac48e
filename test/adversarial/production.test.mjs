// The production configuration (`wrangler dev --env production`, real-looking secrets from an env
// file in the state directory). It refuses http and loopback token URLs, so this file tests
// refusals: the development features are gone, the token-URL policy matrix (trailing dots,
// percent-encoded and IDNA hosts, every IPv4 spelling) at session and at connect time, the fuzzer,
// and that no secret (the customer's or the deployment's) leaks on the way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHostileProvider } from '../support/hostile-provider.mjs';
import { runFuzz, seedFromEnv } from './support/fuzz.mjs';
import {
  CODES,
  HOST_ORIGIN,
  PRODUCTION_SECRETS,
  connect,
  freePort,
  leakScanner,
  mintSession,
  newState,
  pool,
  recordStats,
  request,
  responseText,
  sentinel,
  startTestWorker,
} from './support/harness.mjs';

const SEED = seedFromEnv();
const FUZZ_CASES = 300;
const SECRET = sentinel('S');
const leaks = leakScanner({ secret: SECRET, ...PRODUCTION_SECRETS });

let worker;
/** A provider on loopback: the production policy must never let a request reach it. */
let provider;
const answers = [];
const stats = { policyCases: 0, leaks: 0 };

before(async () => {
  [worker, provider] = await Promise.all([startTestWorker({ production: true }), startHostileProvider()]);
});
after(async () => {
  await recordStats('production', stats);
  await Promise.all([worker?.stop(), provider?.close()]);
});

const keep = (response) => {
  answers.push(response);
  return response;
};

const admin = (path, init = {}) =>
  request(`${worker.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${worker.adminKey}`, ...init.headers },
  }).then(keep);

describe('development features are gone', () => {
  test('the development admin key is refused', async () => {
    const response = keep(
      await request(`${worker.url}/v1/connections?tenant=acme`, { headers: { authorization: 'Bearer dev-admin-key' } }),
    );
    assert.equal(response.status, 401);
    assert.equal(response.json().error, 'unauthorized');
    assert.equal((await admin('/v1/connections?tenant=acme')).status, 200, 'the production key works');
  });

  for (const path of ['/sandbox/token', '/sandbox/sessions']) {
    test(`POST ${path} is 404 not_found`, async () => {
      const response = keep(
        await request(`${worker.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: HOST_ORIGIN },
          body: JSON.stringify({ origin: HOST_ORIGIN }),
        }),
      );
      assert.equal(response.status, 404);
      assert.equal(response.json().error, 'not_found');
    });
  }
});

const loopback = () => [
  `http://127.0.0.1:${provider.port}/b/ok`,
  `https://127.0.0.1:${provider.port}/b/ok`,
  `http://localhost:${provider.port}/b/ok`,
  `http://localhost.:${provider.port}/b/ok`,
  `http://[::1]:${provider.port}/b/ok`,
  `http://127.0.0.1.:${provider.port}/b/ok`,
];

/** Token URLs production must refuse, whatever their spelling. */
const REFUSED = [
  'http://auth.example.com/token',
  'https://localhost/token',
  'https://localhost./token',
  'https://LOCALHOST../token',
  'https://foo.localhost/token',
  'https://%6c%6f%63%61%6c%68%6f%73%74/token',
  'https://loc%61lhost./token',
  'https://ｌｏｃａｌｈｏｓｔ/token',
  'https://127.0.0.1/token',
  'https://127.0.0.1./token',
  'https://127.0.0.1.../token',
  'https://%31%32%37.0.0.1/token',
  'https://127.0.0.1%2e/token',
  'https://2130706433/token',
  'https://0x7f000001/token',
  'https://0x7f.0.0.1/token',
  'https://0177.0.0.1/token',
  'https://127.1/token',
  'https://0/token',
  'https://0.0.0.0/token',
  'https://10.0.0.1/token',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::1]/token',
  'https://[::ffff:127.0.0.1]/token',
  'https://[::]/token',
  'https://[fe80::1]/token',
  'https://printer.local/token',
  'https://printer.local../token',
  'https://printer%2elocal/token',
  'https://metadata.google.internal./token',
  'https://router.home.arpa/token',
  'https://box.localdomain/token',
  'https://intranet/token',
  'https://intranet./token',
  'https://a..b.example.com/token',
  'https://.example.com/token',
  'https://auth.example.com:8443/token',
  'https://auth.example.com:80/token',
  'https://user:pw@auth.example.com/token',
  'https://user@auth.example.com/token',
  'https://auth.example.com/token#x',
  'https://auth.example.com/token#',
  'ftp://auth.example.com/token',
  'javascript:alert(1)',
  'data:application/json,{}',
  'file:///etc/passwd',
  '//auth.example.com/token',
  'auth.example.com/token',
  `https://auth.example.com/${'p'.repeat(2100)}`,
];

/** Token URLs production accepts, and the canonical form it keeps. */
const ALLOWED = [
  ['https://auth.example.com/oauth/token', 'https://auth.example.com/oauth/token'],
  ['https://AUTH.Example.COM./token', 'https://auth.example.com/token'],
  ['https://auth.example.com.../token', 'https://auth.example.com/token'],
  ['https://auth.example.com:443/token', 'https://auth.example.com/token'],
  ['https://%61uth.example.com/token', 'https://auth.example.com/token'],
  ['https://bücher.example/token', 'https://xn--bcher-kva.example/token'],
  [
    'https://login.microsoftonline.com/t/oauth2/v2.0/token?x=1',
    'https://login.microsoftonline.com/t/oauth2/v2.0/token?x=1',
  ],
];

const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));

describe('the token URL policy', { concurrency: 16 }, () => {
  const refused = () => [...REFUSED, ...loopback()];
  test('refuses every spelling of a local, private or non-https URL when a session is minted', async () => {
    const results = await pool(refused(), 16, async (tokenUrl) => {
      const response = await admin('/v1/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, tokenUrl }),
      });
      return { tokenUrl, status: response.status, body: response.json() };
    });
    stats.policyCases += results.length;
    // The admin API tells malformed input (not an absolute URL, or over 2,048 characters:
    // invalid_request naming tokenUrl) from a URL the policy refuses (token_url_not_allowed).
    const expected = (tokenUrl) =>
      URL.canParse(tokenUrl) && tokenUrl.length <= 2048 ? 'token_url_not_allowed' : 'invalid_request';
    const wrong = results.filter(
      (r) =>
        r.status !== 400 ||
        r.body.error !== expected(r.tokenUrl) ||
        (r.body.error === 'invalid_request' && !r.body.error_description.startsWith('tokenUrl ')),
    );
    assert.deepEqual(wrong, []);
    // The reason names the rule, never the URL.
    for (const r of results) assert.equal(r.body.error_description.includes(r.tokenUrl), false, r.tokenUrl);
  });

  test('refuses them at connect time too, and no request reaches the loopback provider', async () => {
    const results = await pool(refused(), 16, async (tokenUrl) => {
      const fields = {
        session_token: await mintSession(worker),
        state: newState(),
        client_id: 'prod-client',
        client_secret: SECRET,
        token_url: tokenUrl,
      };
      const response = keep(await connect(worker, fields, { json: true }));
      return { tokenUrl, status: response.status, code: response.json().error?.code };
    });
    stats.policyCases += results.length;
    assert.deepEqual(
      results.filter((r) => r.status !== 400 || r.code !== 'token_url_not_allowed'),
      [],
    );
    assert.equal(provider.requests.length, 0, 'a refused URL was called');
  });

  for (const [tokenUrl, canonical] of ALLOWED) {
    test(`accepts ${tokenUrl.slice(0, 60)} and keeps it as ${canonical.slice(0, 60)}`, async () => {
      stats.policyCases += 1;
      const response = await admin('/v1/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', origin: 'https://app.example.com', tokenUrl, locked: ['tokenUrl'] }),
      });
      assert.equal(response.status, 201, response.text);
      assert.equal(claimsOf(response.json().token).tokenUrl, canonical);
    });
  }
});

describe('refusals carry no secret', () => {
  test('origin, session, state, size and policy refusals, in JSON and on the page', async () => {
    const cases = [
      [{ origin: 'https://evil.example' }, 403],
      [{ origin: null }, 403],
      [{ fields: { session_token: 'eyJ2IjoxfQ.AAAA' } }, 401],
      [{ fields: { state: 'short' } }, 400],
      [{ fields: { token_url: 'https://10.0.0.1/token' } }, 400],
      [{ fields: { client_id: '' } }, 400],
    ];
    for (const [{ origin, fields = {} }, status] of cases) {
      for (const json of [true, false]) {
        const base = {
          session_token: await mintSession(worker),
          state: newState(),
          client_id: 'prod-client',
          client_secret: SECRET,
          token_url: 'https://auth.example.com:8443/token',
        };
        const response = keep(await connect(worker, { ...base, ...fields }, { json, origin }));
        assert.equal(response.status, status, JSON.stringify(fields));
      }
    }
    const oversized = keep(
      await request(`${worker.url}/v1/connect`, {
        method: 'POST',
        headers: { origin: HOST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: SECRET, pad: 'p'.repeat(70_000) }).toString(),
      }),
    );
    assert.equal(oversized.status, 413);
  });
});

describe('fuzz', () => {
  test(`${FUZZ_CASES} fuzzed requests (seed ${SEED}) hold every invariant`, async (t) => {
    const world = {
      workerUrl: worker.url,
      providerUrl: provider.url,
      deadPort: await freePort(),
      adminKey: worker.adminKey,
      production: true,
      connectionIds: ['conn_AAAAAAAAAAAAAAAAAAAAAB'],
    };
    const { violations, tally, fiveXxCases } = await runFuzz(worker, world, {
      seed: SEED ^ 0x9e3779b9,
      count: FUZZ_CASES,
    });
    await recordStats('fuzz-production', { seed: SEED, ...tally });
    t.diagnostic(`statuses ${JSON.stringify(tally.statuses)}`);
    assert.deepEqual(violations.slice(0, 10), [], `${violations.length} cases broke an invariant (seed ${SEED})`);
    // The token-URL policy leaves nothing to reach but the fuzzer's public issuer names that resolve
    // nowhere (…invalid-host.example): discovery answers those 502 discovery_failed. Any other 5xx
    // means a request got past the policy, or failed on our side.
    const unexplained = fiveXxCases.filter(
      (c) => !(c.route === 'discover' && c.status === 502 && c.body.includes('"discovery_failed"')),
    );
    assert.deepEqual(unexplained, [], 'production reaches no upstream but a public name that resolves nowhere');
    assert.equal(provider.requests.length, 0);
  });
});

describe('at the end', () => {
  test('no answer, log line or stored byte holds the customer’s secret or the deployment’s keys', async () => {
    for (const response of answers) {
      const leak = leaks.find(responseText(response));
      if (leak) stats.leaks += 1;
      assert.equal(leak, null, leak);
      if (response.status >= 400 && (response.headers['content-type'] ?? '').startsWith('application/json')) {
        const { error } = response.json();
        const code = typeof error === 'string' ? error : error?.code;
        assert.ok(CODES.api.has(code), code);
      }
    }
    const logged = worker.lines.filter((line) => leaks.find(line));
    stats.leaks += logged.length;
    assert.deepEqual(logged, []);
    for (const { path, bytes } of await worker.stateFiles()) {
      assert.equal(leaks.find(bytes.toString('latin1')), null, path);
    }
  });
});
