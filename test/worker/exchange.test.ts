import { describe, expect, it } from 'vitest';
import { Failure } from '../../worker/common/failure.js';
import { exchangeClientCredentials } from '../../worker/exchange/exchange.js';
import type { ExchangeRequest } from '../../worker/exchange/exchange-types.js';
import { OIDC_CLIENTS, STALL_MS, STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { oidcTokenUrl, strictCount, strictLastRequest, strictUrl } from './helpers.js';

/** The development policy the tests run under: loopback token servers over http. */
/** The upstream timeout the Worker has in these tests (vitest.config.ts): a stall is one, a busy machine is not. */
const options = { timeoutMs: 5000, policy: { allowLoopbackHttp: true, allowedPorts: [443] } };

const request = (overrides: Partial<ExchangeRequest>): ExchangeRequest => ({
  tokenUrl: strictUrl('/ok'),
  clientId: STRICT_CLIENT.id,
  credential: { kind: 'secret', secret: STRICT_CLIENT.secret },
  scopes: [],
  params: {},
  authMethod: 'client_secret_basic',
  ...overrides,
});

const failureOf = async (overrides: Partial<ExchangeRequest>): Promise<Failure> => {
  const error: unknown = await exchangeClientCredentials(request(overrides), options).then(
    () => new Error('expected a failure'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof Failure)) throw error;
  return error;
};

describe('exchange against a real OAuth server (oidc-provider)', () => {
  it('gets a token with client_secret_basic', async () => {
    const result = await exchangeClientCredentials(
      request({
        tokenUrl: oidcTokenUrl(),
        clientId: OIDC_CLIENTS.basic.id,
        credential: { kind: 'secret', secret: OIDC_CLIENTS.basic.secret },
        scopes: ['api:read'],
      }),
      options,
    );
    expect(result.token.accessToken.length).toBeGreaterThan(10);
    // Lower-case on the wire (oidc-provider), Bearer as it is handed out (RFC 6750 §2.1's spelling).
    expect(result.token.tokenType).toBe('Bearer');
    expect(result.token.expiresIn).toBe(3600);
    expect(result.authMethodUsed).toBe('client_secret_basic');
  });

  it('gets a token with client_secret_post', async () => {
    const result = await exchangeClientCredentials(
      request({
        tokenUrl: oidcTokenUrl(),
        clientId: OIDC_CLIENTS.post.id,
        credential: { kind: 'secret', secret: OIDC_CLIENTS.post.secret },
        authMethod: 'client_secret_post',
      }),
      options,
    );
    expect(result.token.accessToken).toBeTruthy();
    expect(result.authMethodUsed).toBe('client_secret_post');
  });

  it('maps a wrong secret (401 with WWW-Authenticate) to invalid_client', async () => {
    const error = await failureOf({
      tokenUrl: oidcTokenUrl(),
      clientId: OIDC_CLIENTS.basic.id,
      credential: { kind: 'secret', secret: 'wrong-secret' },
    });
    expect(error.code).toBe('invalid_client');
    expect(error.advice).toMatch(/Client ID or Client Secret/);
  });
});

describe('client authentication methods (strict endpoint accepting exactly one)', () => {
  it('basic form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
    const result = await exchangeClientCredentials(request({ tokenUrl: strictUrl('/basic-only') }), options);
    expect(result.token.accessToken).toBeTruthy();
    expect(await strictLastRequest('/basic-only')).toMatchObject({ usedBasic: true, usedBody: false });
  });

  it('post sends the credentials in the body only', async () => {
    const result = await exchangeClientCredentials(
      request({ tokenUrl: strictUrl('/post-only'), authMethod: 'client_secret_post' }),
      options,
    );
    expect(result.token.accessToken).toBeTruthy();
    expect(await strictLastRequest('/post-only')).toMatchObject({ usedBasic: false, usedBody: true });
  });

  it('basic against a post-only server fails with invalid_client', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/post-only') })).code).toBe('invalid_client');
  });

  it('auto falls back to post once after invalid_client, and reports what worked', async () => {
    const before = await strictCount('/post-only');
    const result = await exchangeClientCredentials(
      request({ tokenUrl: strictUrl('/post-only'), authMethod: 'auto' }),
      options,
    );
    expect(result.authMethodUsed).toBe('client_secret_post');
    expect(await strictCount('/post-only')).toBe(before + 2);
  });

  it('auto does not retry on errors other than invalid_client', async () => {
    const before = await strictCount('/error/invalid_scope');
    expect((await failureOf({ tokenUrl: strictUrl('/error/invalid_scope'), authMethod: 'auto' })).code).toBe(
      'invalid_scope',
    );
    expect(await strictCount('/error/invalid_scope')).toBe(before + 1);
  });
});

describe('RFC 6749 §5.2 error codes', () => {
  for (const code of [
    'invalid_request',
    'invalid_client',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
    'invalid_target',
  ]) {
    it(`maps ${code}`, async () => {
      const error = await failureOf({ tokenUrl: strictUrl(`/error/${code}`) });
      expect(error.code).toBe(code);
      expect(error.advice).toContain(`provider says ${code}`);
    });
  }

  it('a 401 challenge without a body code is invalid_client', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/challenge') })).code).toBe('invalid_client');
  });

  it('temporarily_unavailable with Retry-After is provider_unavailable and keeps the delay', async () => {
    const error = await failureOf({ tokenUrl: strictUrl('/retry-after') });
    expect(error).toMatchObject({ code: 'provider_unavailable', retryAfter: 120 });
  });
});

describe('responses that are not token responses', () => {
  it('non-JSON is invalid_response', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/non-json') })).code).toBe('invalid_response');
  });

  it('a JSON array is invalid_response', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/array') })).code).toBe('invalid_response');
  });

  it('a missing access_token is invalid_response', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/no-access-token') })).code).toBe('invalid_response');
  });

  it('a token_type other than Bearer or DPoP is invalid_response, not a network error', async () => {
    const failure = await failureOf({ tokenUrl: strictUrl('/token-type-mac') });
    expect(failure).toMatchObject({ code: 'invalid_response', status: 502 });
  });

  it('accepts expires_in sent as a string', async () => {
    const result = await exchangeClientCredentials(request({ tokenUrl: strictUrl('/string-expires') }), options);
    expect(result.token.expiresIn).toBe(1800);
  });

  it('does not follow a 302', async () => {
    const before = await strictCount('/ok');
    const error = await failureOf({ tokenUrl: strictUrl('/redirect') });
    expect(error.code).toBe('invalid_response');
    expect(error.advice).toMatch(/redirect \(HTTP 302\), which is not followed/);
    expect(await strictCount('/ok')).toBe(before);
  });

  it('refuses a body over 64 KiB', async () => {
    const error = await failureOf({ tokenUrl: strictUrl('/huge') });
    expect(error.code).toBe('invalid_response');
    expect(error.advice).toMatch(/64 KiB/);
  });

  it('gives up on a provider that stalls past the timeout', async () => {
    const started = Date.now();
    const error = await failureOf({ tokenUrl: strictUrl('/stall') });
    expect(error.code).toBe('provider_unavailable');
    // Ended by the timeout, long before the provider would have answered.
    expect(Date.now() - started).toBeLessThan(STALL_MS);
  });

  it('an HTML 500 is provider_unavailable', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/html-500') })).code).toBe('provider_unavailable');
  });

  it('sends once more when the connection closes before any answer, and takes the second answer', async () => {
    const result = await exchangeClientCredentials(request({ tokenUrl: strictUrl('/drop-first/a') }), options);
    expect(result.token.accessToken).toMatch(/\S/);
    expect(await strictCount('/drop-first/a')).toBe(2);
  });

  it('a provider that closes every connection unanswered is network_error after two tries, not more', async () => {
    expect((await failureOf({ tokenUrl: strictUrl('/drop') })).code).toBe('network_error');
    expect(await strictCount('/drop')).toBe(2);
  });

  it('an unreachable host is network_error', async () => {
    expect((await failureOf({ tokenUrl: 'http://127.0.0.1:9/token' })).code).toBe('network_error');
  });

  it('sends scope, audience and resource (RFC 8707)', async () => {
    await exchangeClientCredentials(
      request({
        tokenUrl: strictUrl('/ok'),
        scopes: ['a', 'b'],
        params: { audience: 'https://api.example', resource: 'https://rs.example/' },
      }),
      options,
    );
    expect((await strictLastRequest('/ok'))?.params).toMatchObject({
      scope: 'a b',
      audience: 'https://api.example',
      resource: 'https://rs.example/',
      grant_type: 'client_credentials',
    });
  });

  it('joins scopes with the comma some providers want, and reads them back the same way', async () => {
    const result = await exchangeClientCredentials(
      request({ tokenUrl: strictUrl('/ok'), scopes: ['a', 'b'], params: { scopeSeparator: ',' } }),
      options,
    );
    expect((await strictLastRequest('/ok'))?.params.scope).toBe('a,b');
    expect(result.token.scopes).toEqual(['a', 'b']);
    expect((await strictLastRequest('/ok'))?.params).not.toHaveProperty('scopeSeparator');
  });

  it('ignores a granted scope that repeats the secret, and reports the requested scopes', async () => {
    const result = await exchangeClientCredentials(
      request({ tokenUrl: strictUrl('/scope-echo'), scopes: ['api:read'] }),
      options,
    );
    expect(result.token.scopes).toEqual(['api:read']);
  });

  it('never repeats the secret in its error text, even if the provider echoes it', async () => {
    const error = await failureOf({
      tokenUrl: strictUrl(
        `/error/invalid_request?description=${encodeURIComponent(`bad secret ${STRICT_CLIENT.secret}`)}`,
      ),
    });
    expect(error.advice).not.toContain(STRICT_CLIENT.secret);
    expect(error.advice).toContain('withheld because it repeated the credentials');
  });
});
