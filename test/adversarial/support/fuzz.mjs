// A seeded request fuzzer for every route of the Worker. `fuzzCases(seed, count, world)` builds
// the same requests for the same seed (only session tokens, minted while it runs, differ), so a
// failure replays with FUZZ_SEED. `checkAnswer` holds the invariants: an answer always comes,
// never a 5xx of ours, a protocol/ code on every error, and input never reflected unescaped;
// and every answer is the one GET /v1/openapi.json documents (test/support/openapi-wire.mjs).
import { wireChecker } from '../../support/openapi-wire.mjs';
import { CODES, HOST_ORIGIN, PATIENCE_MS, mintSession, pool, request } from './harness.mjs';

/** mulberry32: a small, fast, seedable PRNG; plenty for choosing inputs. */
function randomSource(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

export const seedFromEnv = () => {
  const text = process.env.FUZZ_SEED;
  return text && /^\d+$/.test(text) ? Number(text) >>> 0 : Math.floor(Math.random() * 2 ** 32);
};

const LIMIT = 64 * 1024;
/** Stands for the case's session token in its body or headers until one is minted. */
const SESSION_PLACEHOLDER = '__FUZZ_SESSION__';

/** Markup that must never come back unescaped; `fzN_` marks case N, `<fzN_` is what must not appear raw. */
const markup = (n) => [
  `"><fz${n}_ onerror=alert(1)>`,
  `</script><fz${n}_>`,
  `<script>fz${n}_</script>`,
  `'--><fz${n}_/>`,
  `javascript:alert('fz${n}_')`,
];

/** Every byte percent-encoded (UTF-8; a lone surrogate becomes U+FFFD, as any client would send it). */
const pct = (text) => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Strings that break parsers and renderers; `n` marks reflections. */
function junk(r, n) {
  return r.pick([
    () => r.pick(markup(n)),
    () => '',
    () => ' ',
    () => '\u0000',
    () => '\r\nX-Injected: 1',
    () => 'é\u202e😀\ufeff',
    () => '\ud800',
    () => '%',
    () => '%ZZ%ff%fe%00',
    () => '../../etc/passwd',
    () => String(r.int(-1e9, 1e9)),
    () => 'null',
    () => '{"a":1}',
    () => 'x'.repeat(r.int(100, 3000)),
    () => `${r.pick(markup(n))}${'y'.repeat(r.int(0, 300))}`,
    () => 'fz' + '\u0085\u2028',
  ])();
}

/** A JSON value of any type, for fields that expect one. */
function jsonJunk(r, n) {
  return r.pick([
    () => junk(r, n),
    () => r.int(-5, 1e6),
    () => null,
    () => true,
    () => [junk(r, n)],
    () => ({ nested: junk(r, n) }),
    () => Number.MAX_VALUE,
    () => -0,
  ])();
}

/** Token URLs: the well-behaved provider, a dead port, the sandbox, refused ones, junk. */
function tokenUrl(r, n, world) {
  // Loopback in other spellings: refused in production; in development allowed, and dead (port 443).
  const loopback = [
    'https://2130706433/token',
    'https://[::1]/token',
    'https://localhost./token',
    'https://%6c%6fcalhost/token',
  ];
  const refused = [
    'http://example.com/token',
    'https://10.0.0.1/token',
    'https://169.254.169.254/latest/meta-data/',
    'https://printer.local../token',
    'https://metadata.google.internal/token',
    'https://intranet/token',
    'https://a..b.example.com/token',
    'https://user:pw@auth.example.com/token',
    'https://auth.example.com:8443/token',
    'https://auth.example.com/token#frag',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:application/json,{}',
    'ftp://auth.example.com/token',
    `https://auth.example.com/${'p'.repeat(2100)}`,
  ];
  if (world.production)
    return r.pick([...refused, ...loopback, junk(r, n), `http://127.0.0.1:${world.deadPort}/token`]);
  if (r.chance(0.4)) return { url: `${world.providerUrl}/b/ok`, upstream: 'good' };
  return r.pick([
    { url: `${world.providerUrl}/b/ok`, upstream: 'good' },
    { url: `${world.providerUrl}/b/ok?scope=${encodeURIComponent(`a<fz${n}_>b`)}`, upstream: 'good' },
    { url: `${world.providerUrl}/b/error?code=invalid_client`, upstream: 'good' },
    { url: `http://127.0.0.1:${world.deadPort}/token`, upstream: 'dead' },
    { url: `http://localhost:${world.deadPort}/token`, upstream: 'dead' },
    { url: `${world.workerUrl}/sandbox/token`, upstream: 'sandbox' },
    { url: r.pick(loopback), upstream: 'dead' },
    r.pick(refused),
    junk(r, n),
  ]);
}

const urlOf = (choice) => (typeof choice === 'string' ? choice : choice.url);
const upstreamOf = (choice) => (typeof choice === 'string' ? 'none' : choice.upstream);

/** The `Authorization` header of an admin call: right, wrong, or malformed. */
function adminAuth(r, n, world) {
  return r.pick([
    { header: `Bearer ${world.adminKey}`, valid: true },
    { header: `Bearer ${world.adminKey}`, valid: true },
    { header: `bearer   ${world.adminKey}  `, valid: true },
    { header: undefined, valid: false },
    { header: 'Bearer dev-admin-key', valid: !world.production },
    { header: `Bearer ${world.adminKey}x`, valid: false },
    { header: `Basic ${Buffer.from(`admin:${world.adminKey}`).toString('base64')}`, valid: false },
    { header: `Bearer ${world.adminKey} extra`, valid: false },
    { header: `Bearer ${junk(r, n)}`.replace(/[^\x20-\x7e]/g, '?'), valid: false },
    { header: 'Bearer \xff\xfe', valid: false },
  ]);
}

/** Origins a connect or result call may carry. */
const originOf = (r, n) =>
  r.pick([
    HOST_ORIGIN,
    HOST_ORIGIN,
    HOST_ORIGIN,
    undefined,
    'null',
    'https://evil.example',
    `${HOST_ORIGIN}/`,
    HOST_ORIGIN.toUpperCase(),
    `http://fz${n}_.example"><fz${n}_>`.replace(/[<>"]/g, ''),
    'http://127.0.0.1:5174',
  ]);

/** Encodes `fields` (name → value, or [name, value] pairs) as a body in one of many ways. */
function encodeBody(
  r,
  n,
  fields,
  kinds = ['form', 'form', 'form', 'multipart', 'json', 'garbage', 'utf8', 'empty', 'formAsJson'],
) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields).filter(([, v]) => v !== undefined);
  const kind = r.pick(kinds);
  if (kind === 'form' || kind === 'formAsJson') {
    const body = new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();
    return {
      kind,
      body,
      contentType: kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
    };
  }
  if (kind === 'multipart') {
    const boundary = `fz${n}boundary`;
    const parts = pairs.map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`,
    );
    if (r.chance(0.3)) {
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="client_secret"; filename="x<fz${n}_>.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n`,
      );
    }
    const broken = r.chance(0.2);
    return {
      kind,
      body: `${parts.join('')}${broken ? '' : `--${boundary}--\r\n`}`,
      contentType: r.chance(0.9) ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data',
    };
  }
  if (kind === 'json') {
    return { kind, body: JSON.stringify(Object.fromEntries(pairs)), contentType: 'application/json' };
  }
  if (kind === 'garbage') {
    const bytes = Buffer.alloc(r.int(1, 2000));
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = r.int(0, 255);
    return { kind, body: bytes, contentType: r.pick(['application/x-www-form-urlencoded', 'text/plain', undefined]) };
  }
  if (kind === 'utf8') {
    // Invalid UTF-8 in the middle of otherwise good fields.
    const text = new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();
    const cut = r.int(0, text.length);
    return {
      kind,
      body: Buffer.concat([
        Buffer.from(text.slice(0, cut)),
        Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from(text.slice(cut)),
      ]),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  return { kind, body: '', contentType: r.pick(['application/x-www-form-urlencoded', undefined]) };
}

/** A field value: the good one mostly, else missing, empty, oversized or hostile. */
function field(r, n, good, max = 1024) {
  if (r.chance(0.7)) return good;
  return r.pick([() => undefined, () => '', () => 'z'.repeat(max + 1), () => junk(r, n)])();
}

const SESSION_PRESETS = (r, n, world) => {
  const preset = {};
  if (r.chance(0.4)) {
    const choice = world.production
      ? { url: 'https://auth.example.com/token', upstream: 'none' }
      : tokenUrl(r, n, world);
    if (typeof choice !== 'string' && choice.upstream !== 'none') preset.tokenUrl = choice;
  }
  if (r.chance(0.3)) preset.scopes = r.pick([['read'], ['a', 'b'], [`<fz${n}_>`]]);
  if (r.chance(0.2)) preset.params = r.pick([{ audience: 'https://api.example.com' }, { scopeSeparator: ',' }]);
  if (r.chance(0.3)) preset.authMethod = r.pick(['client_secret_basic', 'client_secret_post', 'auto']);
  const lockable = ['tokenUrl', 'scopes', 'params'].filter((f) => preset[f] !== undefined);
  if (lockable.length && r.chance(0.5)) preset.locked = lockable.filter(() => r.chance(0.6));
  return preset;
};

/** One route's case builders; each returns a case. */
const BUILDERS = {
  sessions(r, n, world) {
    const auth = adminAuth(r, n, world);
    const tenant = r.pick(['acme', 'acme', 'fuzz.tenant:1@x', undefined, '', 'a'.repeat(129), junk(r, n), 42]);
    const origin = r.pick([
      HOST_ORIGIN,
      HOST_ORIGIN,
      'https://app.example.com',
      'null',
      'http://evil.example',
      `${HOST_ORIGIN}/x`,
      junk(r, n),
      undefined,
      7,
    ]);
    const payload = { tenant, origin };
    if (r.chance(0.4)) payload.tokenUrl = r.chance(0.8) ? urlOf(tokenUrl(r, n, world)) : jsonJunk(r, n);
    if (r.chance(0.3))
      payload.scopes = r.pick([['a'], jsonJunk(r, n), Array.from({ length: 60 }, (_, i) => `s${i}`), [`<fz${n}_>`]]);
    if (r.chance(0.2))
      payload.params = r.pick([{ audience: junk(r, n) }, { resource: junk(r, n) }, { other: 1 }, jsonJunk(r, n)]);
    if (r.chance(0.2)) payload.authMethod = r.pick(['auto', 'client_secret_jwt', jsonJunk(r, n)]);
    if (r.chance(0.2)) payload.locked = r.pick([['tokenUrl'], ['scopes'], ['nope'], jsonJunk(r, n)]);
    if (r.chance(0.2)) payload.ttl = r.pick([30, 600, 29, 601, 1.5, '60', -1, jsonJunk(r, n)]);
    let body;
    let contentType = 'application/json';
    const shape = r.pick(['json', 'json', 'json', 'duplicate', 'form', 'garbage', 'array', 'utf8', 'empty']);
    if (shape === 'json') body = JSON.stringify(payload);
    else if (shape === 'duplicate')
      body = `{"tenant":"acme","tenant":${JSON.stringify(junk(r, n))},"origin":"${HOST_ORIGIN}"}`;
    else if (shape === 'form') ({ body, contentType } = encodeBody(r, n, { tenant: 'acme', origin: HOST_ORIGIN }));
    else if (shape === 'garbage') body = Buffer.from(Array.from({ length: r.int(1, 500) }, () => r.int(0, 255)));
    else if (shape === 'array') body = '[1,2,3]';
    else if (shape === 'utf8')
      body = Buffer.concat([
        Buffer.from('{"tenant":"ac'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`me","origin":"${HOST_ORIGIN}"}`),
      ]);
    else body = '';
    return {
      method: 'POST',
      path: '/v1/sessions',
      headers: {
        authorization: auth.header,
        'content-type': r.chance(0.9) ? contentType : r.pick(['text/plain', undefined]),
      },
      body,
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  connect(r, n, world) {
    // Half the cases are near-valid, with one thing wrong (or nothing), so they get past the
    // early checks to the exchange and the save; the rest are wrong everywhere at once.
    const wrongs = [null, null, 'session', 'state', 'client', 'secret', 'url', 'origin', 'encoding', 'scope', 'twice'];
    const wrong = r.chance(0.5) ? r.pick(wrongs) : 'all';
    const mutate = (what) => wrong === 'all' || wrong === what;
    const sessionKind = mutate('session')
      ? r.pick(['fresh', 'fresh', 'tampered', 'junk', 'missing', 'otherOrigin'])
      : 'fresh';
    const preset = sessionKind === 'fresh' || sessionKind === 'tampered' ? SESSION_PRESETS(r, n, world) : {};
    const url =
      mutate('url') || world.production
        ? tokenUrl(r, n, world)
        : { url: `${world.providerUrl}/b/ok`, upstream: 'good' };
    const upstreams = new Set([upstreamOf(url), ...(preset.tokenUrl ? [preset.tokenUrl.upstream] : [])]);
    const sandbox = upstreams.has('sandbox');
    const goodState = 'st' + n.toString().padStart(20, '0') + 'Aa';
    const fields = {
      // A session is minted when the case runs and replaces the placeholder in the body.
      session_token: sessionKind === 'missing' ? undefined : sessionKind === 'junk' ? junk(r, n) : SESSION_PLACEHOLDER,
      state: mutate('state')
        ? r.pick([() => goodState, () => 'short', () => 'A'.repeat(129), () => junk(r, n), () => undefined])()
        : goodState,
      client_id: (mutate('client') ? field : (_r, _n, good) => good)(
        r,
        n,
        sandbox ? r.pick(['sandbox-ok', 'sandbox-down', 'sandbox-scope']) : `fuzz-${n % 7}`,
      ),
      client_secret: (mutate('secret') ? field : (_r, _n, good) => good)(
        r,
        n,
        sandbox ? 'sandbox-secret' : 'fuzz-secret',
        8192,
      ),
      token_url: !mutate('url') || r.chance(0.85) ? urlOf(url) : undefined,
      scope: mutate('scope')
        ? r.pick(['read write', `a,b <fz${n}_>`, 'x'.repeat(300), junk(r, n)])
        : r.pick([undefined, 'read write']),
      audience: mutate('scope') && r.chance(0.3) ? junk(r, n) : undefined,
      resource:
        mutate('scope') && r.chance(0.3)
          ? r.pick(['https://api.example.com', 'https://a.example/#f', junk(r, n)])
          : undefined,
      close_after: r.chance(0.3) ? r.pick(['0', '5', '-1', '601', '1e3', junk(r, n)]) : undefined,
    };
    let pairs = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (mutate('twice') && r.chance(0.5)) {
      // A duplicated field: which one wins must not matter to safety.
      const [name] = r.pick(pairs);
      pairs = [...pairs, [name, junk(r, n)]];
    }
    const encoded = encodeBody(r, n, pairs, mutate('encoding') ? undefined : ['form', 'form', 'multipart']);
    const accept = r.pick([
      'application/json',
      'application/json',
      undefined,
      'text/html',
      '*/*',
      junk(r, n).replace(/[^\x20-\x7e]/g, ''),
    ]);
    return {
      method: 'POST',
      path: '/v1/connect',
      headers: {
        origin: mutate('origin') ? originOf(r, n) : HOST_ORIGIN,
        accept,
        'content-type':
          !mutate('encoding') || r.chance(0.9)
            ? encoded.contentType
            : r.pick(['text/plain', 'application/xml', undefined]),
      },
      body: encoded.body,
      session: ['fresh', 'tampered', 'otherOrigin'].includes(sessionKind) ? { kind: sessionKind, preset } : undefined,
      upstreams,
    };
  },

  result(r, n, world) {
    const kind = r.pick(['fresh', 'fresh', 'junk', 'missing', 'admin']);
    const state = r.pick(['st' + n.toString().padStart(22, '0'), 'bad state', '', junk(r, n)]);
    const query = r.pick([`state=${pct(state)}`, `state=a&state=${pct(state)}`, '', `state=%ff%fe`]);
    return {
      method: r.chance(0.9) ? 'GET' : r.pick(['POST', 'DELETE', 'HEAD']),
      path: `/v1/connect/result${query ? `?${query}` : ''}`,
      headers: {
        origin: originOf(r, n),
        authorization: {
          fresh: `Bearer ${SESSION_PLACEHOLDER}`,
          junk: `Bearer ${junk(r, n)}`.replace(/[^\x20-\x7e]/g, '?'),
          admin: `Bearer ${world.adminKey}`,
          missing: undefined,
        }[kind],
      },
      session: kind === 'fresh' ? { kind: 'fresh', preset: {} } : undefined,
    };
  },

  list(r, n, world) {
    const auth = adminAuth(r, n, world);
    const tenant = r.pick(['acme', 'acme', '', 'a'.repeat(200), pct(junk(r, n)), '%ff', 'acme&tenant=other']);
    return {
      method: r.chance(0.9) ? 'GET' : r.pick(['POST', 'PUT', 'HEAD']),
      path: `/v1/connections${r.chance(0.9) ? `?tenant=${tenant}` : ''}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  token(r, n, world) {
    const auth = adminAuth(r, n, world);
    const id = r.pick([
      ...world.connectionIds,
      ...world.connectionIds,
      'conn_AAAAAAAAAAAAAAAAAAAAAA',
      'conn_',
      '..%2F..%2Fadmin',
      '%00',
      pct(junk(r, n)),
      'c'.repeat(3000),
    ]);
    const tenant = r.pick(['acme', 'acme', 'other', '', pct(junk(r, n))]);
    const force = r.chance(0.2) ? '&force=1' : '';
    return {
      method: r.chance(0.9) ? 'GET' : r.pick(['POST', 'DELETE', 'PATCH']),
      path: `/v1/connections/${id}/token${r.chance(0.9) ? `?tenant=${tenant}${force}` : ''}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  remove(r, n, world) {
    const auth = adminAuth(r, n, world);
    // Never a connection the token cases use; a random well-formed id, or junk.
    const id = r.pick(['conn_BBBBBBBBBBBBBBBBBBBBBB', pct(junk(r, n)), '']);
    return {
      method: 'DELETE',
      path: `/v1/connections/${id}?tenant=${r.pick(['acme', '', pct(junk(r, n))])}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  // Routes added since the fuzzer was first written: discovery, keys, events, checks, the
  // catalog and certificates, and sessions with provider profiles. Same invariants.
  discover(r, n, world) {
    const issuer = r.pick([
      () => `${world.providerUrl}/b/ok`,
      () => 'https://10.0.0.1/',
      () => 'https://localhost./',
      () => junk(r, n),
      // A name that resolves nowhere: discovery may fail upstream (502), as it should.
      () => `https://fz${n}.${'a'.repeat(60)}.invalid-host.example/`,
      () => undefined,
    ])();
    const extra = r.chance(0.2) ? { follow: r.pick(['yes', junk(r, n)]) } : {};
    const encoded = encodeBody(r, n, { session_token: SESSION_PLACEHOLDER, issuer, ...extra });
    return {
      method: r.chance(0.9) ? 'POST' : r.pick(['GET', 'PUT']),
      path: '/v1/discover',
      headers: { origin: originOf(r, n), 'content-type': encoded.contentType },
      body: encoded.body,
      session: { kind: r.pick(['fresh', 'fresh', 'tampered', 'otherOrigin']), preset: {} },
      // Issuers are fetched: a failing or unreachable one is the provider's side (502/504).
      upstreams: new Set(['dead']),
    };
  },

  keys(r, n, world) {
    const auth = adminAuth(r, n, world);
    const tenant = r.pick(['acme', '.', '..', '', pct(junk(r, n)), 'a'.repeat(200)]);
    const kid = r.pick(['AAAA', pct(junk(r, n)), '', '..%2F..%2Fadmin', 'k'.repeat(300)]);
    const choice = r.pick(['create', 'create', 'list', 'withdraw', 'jwks', 'certificate']);
    if (choice === 'create') {
      const payload = r.pick([
        { tenant: 'acme', alg: r.pick(['ES256', 'RS256', 'PS256', 'HS256', jsonJunk(r, n)]) },
        { tenant: jsonJunk(r, n), certificate: r.pick([true, 'yes', jsonJunk(r, n)]) },
        { tenant: 'acme', extra: junk(r, n) },
        jsonJunk(r, n),
      ]);
      return {
        method: 'POST',
        path: '/v1/keys',
        headers: { authorization: auth.header, 'content-type': r.pick(['application/json', 'text/plain']) },
        body: JSON.stringify(payload) ?? '',
        expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
      };
    }
    if (choice === 'list' || choice === 'withdraw') {
      return {
        method: choice === 'list' ? 'GET' : 'DELETE',
        path: choice === 'list' ? `/v1/keys?tenant=${tenant}` : `/v1/keys/${kid}?tenant=${tenant}`,
        headers: { authorization: auth.header },
        expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
      };
    }
    // Public: no key needed, and none of the admin routes' answers.
    return {
      method: r.chance(0.9) ? 'GET' : 'POST',
      path: choice === 'jwks' ? `/v1/jwks/${tenant}` : `/v1/certificates/${tenant}/${kid}`,
      headers: {},
    };
  },

  events(r, n, world) {
    const auth = adminAuth(r, n, world);
    const query = r.pick([
      'tenant=acme',
      `tenant=acme&limit=${r.pick(['0', '101', '1.5', '-1', pct(junk(r, n))])}`,
      `tenant=acme&cursor=${pct(junk(r, n))}`,
      `tenant=acme&connection_id=${pct(junk(r, n))}`,
      'tenant=',
      '',
    ]);
    return {
      method: r.chance(0.9) ? 'GET' : 'DELETE',
      path: `/v1/events${query ? `?${query}` : ''}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  check(r, n, world) {
    const auth = adminAuth(r, n, world);
    const id = r.pick([...world.connectionIds, 'conn_AAAAAAAAAAAAAAAAAAAAAA', pct(junk(r, n)), '']);
    return {
      method: r.chance(0.9) ? 'POST' : 'GET',
      path: `/v1/connections/${id}/check?tenant=${r.pick(['acme', 'acme', 'other', pct(junk(r, n))])}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  providers(r) {
    return {
      method: r.pick(['GET', 'GET', 'POST', 'DELETE']),
      path: `/v1/providers${r.pick(['', '?x=1', '/zoom'])}`,
      headers: {},
    };
  },

  profiles(r, n, world) {
    const auth = adminAuth(r, n, world);
    const field = () => ({
      name: r.pick(['tenant', 'client_id', 'Bad Name', junk(r, n)]),
      label: r.pick(['Tenant', junk(r, n)]),
    });
    const payload = { tenant: 'acme', origin: HOST_ORIGIN };
    if (r.chance(0.5))
      payload.provider = r.pick(['zoom', 'salesforce', 'microsoft-entra', 'nope', junk(r, n), jsonJunk(r, n)]);
    if (r.chance(0.4))
      payload.fields = r.pick([[field()], [field(), field()], jsonJunk(r, n), Array.from({ length: 11 }, field)]);
    if (r.chance(0.4)) payload.values = r.pick([{ tenant: junk(r, n) }, { account_id: 'x' }, jsonJunk(r, n)]);
    if (r.chance(0.3))
      payload.tokenUrl = r.pick([
        'https://{tenant}.example.com/t',
        'https://x.example.com/{tenant}/t',
        `https://{${junk(r, n)}}/t`,
      ]);
    if (r.chance(0.3))
      payload.tokenRequest = r.pick([
        { method: 'GET', body: 'json', grantType: null },
        { headers: { Authorization: 'x' } },
        { headers: { 'X-Id': '{uuid}', [junk(r, n)]: junk(r, n) } },
        jsonJunk(r, n),
      ]);
    if (r.chance(0.3))
      payload.tokenResponse = r.pick([
        { accessToken: 'data.token', capture: { instance_url: 'instance_url' } },
        { capture: { refresh: 'refresh_token' } },
        { defaultLifetime: r.pick([0, 86401, 1.5, jsonJunk(r, n)]) },
        jsonJunk(r, n),
      ]);
    return {
      method: 'POST',
      path: '/v1/sessions',
      headers: { authorization: auth.header, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  reseal(r, n, world) {
    const auth = adminAuth(r, n, world);
    const query = r.pick([
      '',
      'limit=1',
      'limit=0',
      'limit=501',
      'limit=1.5',
      `cursor=${pct(junk(r, n))}`,
      'cursor=conn_AAAAAAAAAAAAAAAAAAAAAA&limit=2',
    ]);
    return {
      method: r.chance(0.9) ? 'POST' : 'GET',
      path: `/v1/admin/reseal${query ? `?${query}` : ''}`,
      headers: { authorization: auth.header },
      expect: auth.valid ? undefined : { status: 401, code: 'unauthorized' },
    };
  },

  sandbox(r, n, world) {
    if (r.chance(0.5)) {
      return {
        method: 'POST',
        path: '/sandbox/sessions',
        headers: {
          origin: r.pick([HOST_ORIGIN, 'https://evil.example', undefined]),
          'content-type': 'application/json',
        },
        body: r.pick([JSON.stringify({ origin: HOST_ORIGIN }), JSON.stringify({ origin: jsonJunk(r, n) }), 'nope', '']),
        expect: world.production ? { status: 404, code: 'not_found' } : undefined,
      };
    }
    const basic = r.pick([
      `Basic ${Buffer.from('sandbox-ok:sandbox-secret').toString('base64')}`,
      `Basic ${Buffer.from('sandbox-scope:sandbox-secret').toString('base64')}`,
      `Basic ${Buffer.from(`${junk(r, n)}:${junk(r, n)}`).toString('base64')}`,
      'Basic !!!',
      `Basic ${Buffer.from('a:100%').toString('base64')}`,
      undefined,
    ]);
    const encoded = encodeBody(r, n, {
      grant_type: r.pick(['client_credentials', 'password', junk(r, n)]),
      scope: r.chance(0.3) ? junk(r, n) : undefined,
    });
    return {
      method: 'POST',
      path: '/sandbox/token',
      headers: { authorization: basic, 'content-type': encoded.contentType },
      body: encoded.body,
      expect: world.production ? { status: 404, code: 'not_found' } : undefined,
    };
  },

  preflight(r, n) {
    return {
      method: 'OPTIONS',
      path: r.pick([
        '/v1/connect',
        '/v1/connect/result',
        '/v1/sessions',
        '/v1/connections',
        '/sandbox/sessions',
        '/nope',
      ]),
      headers: {
        origin: originOf(r, n),
        'access-control-request-method': r.pick(['POST', 'GET', 'DELETE', 'PUT', undefined]),
        'access-control-request-headers': r.pick([
          'accept',
          'authorization',
          'x-evil, content-type',
          `x-fz${n}_`,
          undefined,
        ]),
      },
    };
  },

  elsewhere(r, n) {
    const path = r.pick([
      '/',
      '/v1',
      '/v2/connect',
      '/v1/connect/',
      '/V1/CONNECT',
      '//v1/connect',
      '/v1/connect/result/extra',
      '/v1/connections/x/y/z',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1/%00',
      `/${'p'.repeat(r.int(100, 4000))}`,
      `/v1/fz${n}_<x>`.replace(/[<>]/g, encodeURIComponent),
      '/v1/openapi.json',
    ]);
    const method = r.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE']);
    return {
      method,
      path,
      headers: { 'content-type': 'text/plain' },
      body: ['GET', 'HEAD'].includes(method) ? undefined : junk(r, n),
    };
  },

  // Bodies over 64 KiB, declared by Content-Length. (A streamed, chunked oversized body is
  // answered 413 too, by test/worker/hardening.test.ts in workerd: under wrangler dev 4.86 the
  // dev proxy loses the next request after it, which is the tool's problem, not the Worker's.)
  oversized(r, n, world) {
    const path = r.pick([
      '/v1/connect',
      '/v1/sessions',
      '/v1/admin/reseal',
      '/sandbox/token',
      '/sandbox/sessions',
      '/nope',
    ]);
    // POST only: wrangler dev's proxy does not pass a DELETE's body on (the workerd tests cover it).
    const method = 'POST';
    const size = LIMIT + r.int(1, 200_000);
    const auth = adminAuth(r, n, world);
    return {
      method,
      path,
      headers: { origin: HOST_ORIGIN, authorization: auth.header, 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_secret=${'s'.repeat(size)}`,
      expect: { status: 413, code: 'payload_too_large' },
    };
  },
};

/** Weights: connect gets the most cases, as it takes the most input. */
const ROUTES = [
  ...Array(10).fill('connect'),
  ...Array(3).fill('sessions'),
  ...Array(2).fill('result'),
  'list',
  ...Array(2).fill('token'),
  'remove',
  'reseal',
  ...Array(2).fill('discover'),
  ...Array(2).fill('keys'),
  'events',
  'check',
  'providers',
  ...Array(2).fill('profiles'),
  ...Array(2).fill('sandbox'),
  'preflight',
  ...Array(2).fill('elsewhere'),
  'oversized',
];

/**
 * `count` cases from `seed`. `world`: { workerUrl, providerUrl, deadPort, adminKey, production,
 * connectionIds }. Each case is { n, route, method, path, headers, body, session?, expect?, upstreams? }.
 */
function fuzzCases(seed, count, world) {
  const r = randomSource(seed);
  return Array.from({ length: count }, (_, n) => {
    const route = r.pick(ROUTES);
    const built = BUILDERS[route](r, n, world);
    const headers = Object.fromEntries(Object.entries(built.headers ?? {}).filter(([, v]) => v !== undefined));
    return { n, route, ...built, headers };
  });
}

/**
 * Sends a case's request with the harness's `request` (its own connection; what wrangler dev's
 * proxy lost before the Worker had it is sent again); resolves with what came back, or `error`.
 */
const send = (url, { method, headers, body }) =>
  request(url, { method, headers, body, timeoutMs: PATIENCE_MS }).catch((error) => ({ error }));

// discovery_failed: an issuer that cannot be reached, or fails, at /v1/discover.
const PROVIDER_FAILURES = new Set(['network_error', 'provider_unavailable', 'invalid_response', 'discovery_failed']);

/** The code an answer carries (JSON error, inline result, or the page), or undefined. */
function codeOf(response) {
  const type = response.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    const body = JSON.parse(response.text);
    if (typeof body?.error === 'string') return { code: body.error, description: body.error_description };
    if (body?.type === 'oauth-cc:result' && body.status === 'failed')
      return { code: body.error?.code, description: body.error?.message, element: true };
    return undefined;
  }
  if (type.startsWith('text/html')) {
    const code = /Error code: <code>([a-z_]+)<\/code>/.exec(response.text)?.[1];
    return code ? { code, element: true } : undefined;
  }
  return undefined;
}

/** Every invariant the answer to case `c` breaks (empty when it holds them all). */
function checkAnswer(c, response) {
  const broken = [];
  if (response.error) return [`unanswered: ${response.error.message}`];
  const { status, headers, text } = response;
  const type = headers['content-type'] ?? '';
  const mark = `fz${c.n}_`;

  // Never a 5xx of ours; a 502/504 only when the case could reach a failing upstream.
  if (status >= 500) {
    const mayFail = c.upstreams && (c.upstreams.has('dead') || c.upstreams.has('sandbox'));
    let code;
    try {
      code = codeOf(response)?.code;
    } catch {
      code = undefined;
    }
    if (!(mayFail && (status === 502 || status === 504) && PROVIDER_FAILURES.has(code))) {
      broken.push(`5xx: ${status} ${code ?? text.slice(0, 80)}`);
    }
  }
  if (c.expect && status !== c.expect.status) broken.push(`expected ${c.expect.status}, got ${status}`);

  // A protocol code on every error, in JSON or on the completion page.
  const bodyless = c.method === 'HEAD' || status === 204;
  if (!bodyless) {
    if (!type.startsWith('application/json') && !type.startsWith('text/html')) broken.push(`content-type ${type}`);
    let found;
    try {
      found = codeOf(response);
    } catch {
      broken.push(`unparsable JSON: ${text.slice(0, 80)}`);
    }
    if (status >= 400 && !broken.some((b) => b.startsWith('unparsable'))) {
      const resultUnknown =
        c.path.startsWith('/v1/connect/result') && status === 404 && text === '{"status":"unknown"}';
      if (!found && !resultUnknown) broken.push(`no protocol code: ${text.slice(0, 80)}`);
      else if (found && !(found.element ? CODES.element : CODES.api).has(found.code))
        broken.push(`unknown code ${found.code}`);
      if (c.expect?.code && found?.code !== c.expect.code) broken.push(`expected ${c.expect.code}, got ${found?.code}`);
      // Descriptions are ours (or vetted provider text): they never hold input.
      if (found?.description?.includes(mark)) broken.push('input reflected in an error description');
    }
    if (type.startsWith('text/html')) {
      if (text.includes(`<fz${c.n}_`) || text.includes(`<script>fz${c.n}_`))
        broken.push('input reflected unescaped in HTML');
      // Input may appear only inside the page's data block (granted scopes), escaped for it.
      const outside = text.replace(/<script type="application\/json" id="oauth-cc-data">[^<]*<\/script>/, '');
      if (outside.includes(mark)) broken.push('input reflected in the page');
    }
    if (type.startsWith('application/json') && text.includes(mark) && headers['x-content-type-options'] !== 'nosniff') {
      broken.push('input reflected in JSON without nosniff');
    }
  }
  // Headers never carry input, except CORS naming the caller's own Origin exactly.
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'access-control-allow-origin' && value === c.headers.origin) continue;
    if (String(value).includes(mark)) broken.push(`input reflected in header ${name}`);
  }
  if (headers['x-injected']) broken.push('header injection');
  return broken;
}

const withSession = (value, token) =>
  Buffer.isBuffer(value)
    ? Buffer.from(value.toString('latin1').replaceAll(SESSION_PLACEHOLDER, token), 'latin1')
    : typeof value === 'string'
      ? value.replaceAll(SESSION_PLACEHOLDER, token)
      : value;

/** Mints the case's session (if it needs one) and puts it where the placeholder stands. */
async function prepare(worker, c) {
  if (!c.session) return c;
  const { kind, preset } = c.session;
  const body = {
    ...preset,
    ...(preset.tokenUrl ? { tokenUrl: preset.tokenUrl.url } : {}),
    origin: kind === 'otherOrigin' ? 'https://app.example.com' : HOST_ORIGIN,
  };
  let token = await mintSession(worker, body);
  // A tampered claim: the signature no longer matches.
  if (kind === 'tampered') token = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
  const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, withSession(v, token)]));
  return { ...c, headers, body: withSession(c.body, token) };
}

/**
 * Runs `count` cases from `seed` against `worker`, `concurrency` at a time. Returns the cases
 * tried, what each invariant violation was, and counts for the summary.
 */
export async function runFuzz(worker, world, { seed, count, concurrency = 16 }) {
  const cases = fuzzCases(seed, count, world);
  const violations = [];
  const tally = { cases: 0, fiveXx: 0, ourFiveXx: 0, unanswered: 0, documented: 0, statuses: {}, routes: {} };
  /** Which cases a 5xx answered, to name them when a run expects none. */
  const fiveXxCases = [];
  const documented = await send(`${worker.url}/v1/openapi.json`, { method: 'GET', headers: {} });
  const wire = wireChecker(JSON.parse(documented.text));
  await pool(cases, concurrency, async (c) => {
    const prepared = await prepare(worker, c);
    const response = await send(`${worker.url}${c.path}`, prepared);
    const broken = checkAnswer(c, response);
    if (!response.error) {
      const differences = wire.check({ method: c.method, url: c.path, body: response.text, ...response });
      if (differences) tally.documented += 1;
      broken.push(...(differences ?? []));
    }
    tally.cases += 1;
    tally.routes[c.route] = (tally.routes[c.route] ?? 0) + 1;
    if (response.error) tally.unanswered += 1;
    else {
      tally.statuses[response.status] = (tally.statuses[response.status] ?? 0) + 1;
      if (response.status >= 500) {
        tally.fiveXx += 1;
        fiveXxCases.push({
          n: c.n,
          route: c.route,
          path: c.path.slice(0, 120),
          status: response.status,
          body: response.text.slice(0, 300),
        });
      }
    }
    if (broken.some((b) => b.startsWith('5xx'))) tally.ourFiveXx += 1;
    if (broken.length) {
      violations.push({ n: c.n, route: c.route, method: c.method, path: c.path.slice(0, 120), broken });
    }
  });
  return { violations, tally, fiveXxCases };
}
