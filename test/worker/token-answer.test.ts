import { describe, expect, it } from 'vitest';
import { Failure } from '../../worker/common/failure.js';
import { readTokenAnswer, type AnswerContext } from '../../worker/exchange/token-response.js';

// A token endpoint's answer: tolerant where it is safe, strict where it matters (DESIGN.md).

const NOW = 1_800_000_000;
const SECRET = 'client-secret-of-some-length';
const context = (overrides: Partial<AnswerContext> = {}): AnswerContext => ({
  requestedScopes: ['api.read'],
  scopeSeparator: ' ',
  secrets: [SECRET],
  profiled: false,
  now: NOW,
  ...overrides,
});
const answer = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const failureOf = async (response: Response, overrides: Partial<AnswerContext> = {}) => {
  try {
    await readTokenAnswer(response, context(overrides));
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('tolerant where it is safe', () => {
  it('takes a numeric-string expires_in and no token_type (M-Pesa, UPS), and a 201 (CrowdStrike)', async () => {
    const token = await readTokenAnswer(answer({ access_token: 'at', expires_in: '3599' }, 201), context());
    expect(token).toMatchObject({ accessToken: 'at', tokenType: 'Bearer', expiresIn: 3599, scopes: ['api.read'] });
  });

  it('takes a lower-case bearer, and no expiry at all (the lifetime is then decided by the store)', async () => {
    const token = await readTokenAnswer(answer({ access_token: 'at', token_type: 'bearer' }), context());
    expect(token.tokenType).toBe('Bearer');
    expect(token).not.toHaveProperty('expiresIn');
  });

  it('reads a profile’s paths: the token, a lifetime in ms, an absolute expiry (epoch or ISO), captured values', async () => {
    const shape = {
      accessToken: 'data.token',
      expiresIn: 'data.ttl',
      unit: 'ms' as const,
      capture: { instance_url: 'urls.api' },
    };
    const token = await readTokenAnswer(
      answer({ data: { token: 'nested', ttl: 900_000 }, urls: { api: 'https://acme.my.salesforce.com' } }),
      context({ shape, profiled: true }),
    );
    expect(token).toMatchObject({
      accessToken: 'nested',
      expiresIn: 900,
      captured: { instance_url: 'https://acme.my.salesforce.com' },
    });
    const epoch = await readTokenAnswer(
      answer({ access_token: 'a', expires: NOW + 120 }),
      context({ shape: { expiresAt: 'expires' } }),
    );
    expect(epoch.expiresIn).toBe(120);
    const iso = new Date((NOW + 600) * 1000).toISOString();
    const at = await readTokenAnswer(
      answer({ access_token: 'a', expires_at: iso }),
      context({ shape: { expiresAt: 'expires_at' } }),
    );
    expect(at.expiresIn).toBe(600);
    const fallback = await readTokenAnswer(answer({ access_token: 'a' }), context({ shape: { defaultLifetime: 900 } }));
    expect(fallback.defaultLifetime).toBe(900);
  });

  it('takes a provider’s own token_type as Bearer when a profile says how its token is used (eBay)', async () => {
    const token = await readTokenAnswer(
      answer({ access_token: 'a', token_type: 'Application Access Token' }),
      context({ profiled: true }),
    );
    expect(token.tokenType).toBe('Bearer');
  });
});

describe('strict where it matters', () => {
  it.each([
    ['no access token', { token_type: 'Bearer' }, /no access token/],
    ['an empty access token', { access_token: '' }, /no access token/],
    ['a negative expiry', { access_token: 'a', expires_in: -5 }, /expires_in/],
    ['a word for an expiry', { access_token: 'a', expires_in: 'soon' }, /expires_in/],
    ['another token type without a profile', { access_token: 'a', token_type: 'mac' }, /not Bearer/],
    ['a DPoP token (we hold no key)', { access_token: 'a', token_type: 'DPoP' }, /not Bearer/],
    ['a 60 KB scope', { access_token: 'a', scope: 's'.repeat(60_000) }, /scope is longer/],
    [
      '51 scopes',
      { access_token: 'a', scope: Array.from({ length: 51 }, (_, i) => `s${i}`).join(' ') },
      /more than 50/,
    ],
    ['a scope of 300 characters', { access_token: 'a', scope: 'x'.repeat(300) }, /scope token/],
  ])('refuses %s as invalid_response (502)', async (_, body, why) => {
    const failure = await failureOf(answer(body));
    expect(failure.code).toBe('invalid_response');
    expect(failure.status).toBe(502);
    expect(failure.detail).toMatch(why);
  });

  it('refuses a non-JSON answer', async () => {
    expect((await failureOf(answer('<html>hello</html>'))).code).toBe('invalid_response');
  });

  it('cleans a granted scope of bidi overrides, control characters and ANSI escapes', async () => {
    const token = await readTokenAnswer(
      answer({ access_token: 'a', scope: 'api\u202e.read \u001b[31mapi.write' }),
      context(),
    );
    expect(token.scopes).toEqual(['api.read', '[31mapi.write']);
  });

  it('does not believe a granted scope that repeats a piece of the secret, but a short secret never counts', async () => {
    const echo = await readTokenAnswer(answer({ access_token: 'a', scope: `api.read ${SECRET}` }), context());
    expect(echo.scopes).toEqual(['api.read']);
    const short = await readTokenAnswer(
      answer({ access_token: 'a', scope: 'api.read api.write' }),
      context({ secrets: ['a'] }),
    );
    expect(short.scopes).toEqual(['api.read', 'api.write']);
  });

  it('never keeps a captured value that repeats a credential', async () => {
    const shape = { capture: { instance_url: 'instance_url' } };
    const failure = await failureOf(
      answer({ access_token: 'the-token-1234', instance_url: 'https://x/the-token-1234' }),
      {
        shape,
        profiled: true,
      },
    );
    expect(failure.detail).toMatch(/instance_url repeats a credential/);
    const secret = await failureOf(answer({ access_token: 'a', instance_url: `https://x/?s=${SECRET}` }), {
      shape,
      profiled: true,
    });
    expect(secret.code).toBe('invalid_response');
  });
});

describe('error answers', () => {
  it.each([
    ['an RFC 6749 code', 400, { error: 'invalid_scope', error_description: 'no such scope' }, 'invalid_scope', 400],
    [
      'access_denied with 401 (Auth0)',
      401,
      { error: 'access_denied', error_description: 'Unauthorized' },
      'invalid_client',
      400,
    ],
    [
      'server_error with 401 (ServiceNow)',
      401,
      { error: 'server_error', error_description: 'access_denied' },
      'invalid_client',
      400,
    ],
    ['a number for an error (Reddit)', 401, { message: 'Unauthorized', error: 401 }, 'invalid_client', 400],
    ['an error envelope with 403 (X)', 403, { errors: [{ code: 99 }] }, 'invalid_client', 400],
    ['a 200 carrying an error (Reddit)', 200, { error: 'unsupported_grant_type' }, 'unsupported_grant_type', 400],
    ['a 503', 503, { error: 'temporarily_unavailable' }, 'provider_unavailable', 502],
    ['another 4xx', 422, { message: 'bad' }, 'invalid_request', 400],
  ])('maps %s', async (_, status, body, code, ours) => {
    const failure = await failureOf(answer(body, status));
    expect([failure.code, failure.status]).toEqual([code, ours]);
  });

  it('keeps a provider’s Retry-After, and withholds a description that repeats the secret', async () => {
    expect((await failureOf(answer({}, 429, { 'retry-after': '30' }))).retryAfter).toBe(30);
    const echo = await failureOf(answer({ error: 'invalid_client', error_description: `bad secret ${SECRET}` }, 401));
    expect(echo.detail).toMatch(/withheld/);
  });
});
