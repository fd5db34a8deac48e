import { SELF } from 'cloudflare:test';
import { describe, expect, it, inject } from 'vitest';
import type { DiscoveryAnswer } from '../../protocol/index.js';
import { OIDC_CLIENTS, STRICT_CLIENT } from '../support/oauth-clients.mjs';
import {
  BASE,
  HOST_ORIGIN,
  STRICT_CREDENTIALS,
  connectJson,
  createSession,
  expectNoSecretsLogged,
  strictCount,
  strictLastRequest,
  strictUrl,
} from './helpers.js';

// Paste an issuer, not a token URL (issue 11): RFC 8414 / OpenID Connect Discovery.

expectNoSecretsLogged(STRICT_CLIENT.secret, OIDC_CLIENTS.basic.secret);

const issuerUrl = (name: string) => strictUrl(`/issuers/${name}`);

async function discover(issuer: string, { origin = HOST_ORIGIN, session }: { origin?: string; session?: string } = {}) {
  const body = new URLSearchParams({ session_token: session ?? (await createSession()), issuer });
  return SELF.fetch(`${BASE}/v1/discover`, {
    method: 'POST',
    headers: { origin, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

/** A connect of the strict server's client with `fields`. */
const connectStrict = (session: string, fields: Record<string, string>) =>
  connectJson(session, { ...STRICT_CREDENTIALS, ...fields });

describe('POST /v1/discover', () => {
  it("answers an issuer's token endpoint, auth methods and scopes, from the RFC 8414 §3.1 path", async () => {
    const response = await discover(issuerUrl('good'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    const answer = (await response.json()) as DiscoveryAnswer;
    expect(answer).toEqual({
      issuer: issuerUrl('good'),
      token_endpoint: strictUrl('/post-only'),
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      scopes_supported: ['read', 'write'],
    });
    expect(await strictCount('/.well-known/oauth-authorization-server/issuers/good')).toBeGreaterThan(0);
  });

  it('keeps metadata for its Cache-Control lifetime', async () => {
    await discover(issuerUrl('good'));
    const before = await strictCount('/.well-known/oauth-authorization-server/issuers/good');
    expect((await discover(issuerUrl('good'))).status).toBe(200);
    expect(await strictCount('/.well-known/oauth-authorization-server/issuers/good')).toBe(before);
  });

  it('falls back to OpenID Connect Discovery', async () => {
    const answer = (await (await discover(issuerUrl('oidc-only'))).json()) as DiscoveryAnswer;
    expect(answer.token_endpoint).toBe(strictUrl('/ok'));
  });

  it('finds oidc-provider from its issuer URL alone', async () => {
    const answer = (await (await discover(inject('oidcIssuer'))).json()) as DiscoveryAnswer;
    expect(answer.token_endpoint).toBe(`${inject('oidcIssuer')}/token`);
    expect(answer.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
  });

  it.each([
    ['mismatch', 400, 'another issuer'],
    ['no-endpoint', 400, 'no token_endpoint'],
    ['huge', 400, 'larger than 64 KiB'],
    ['slow', 504, 'no answer within'],
    ['nobody', 400, 'no metadata there (HTTP 404)'],
  ])('refuses the issuer %s with discovery_failed (%i), saying why', async (name, status, why) => {
    const response = await discover(issuerUrl(name));
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('discovery_failed');
    expect(body.error_description).toContain(why);
  });

  it('answers token_url_not_allowed, naming its host, when the metadata names a token endpoint the policy refuses', async () => {
    const response = await discover(issuerUrl('bad-endpoint'));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('token_url_not_allowed');
    expect(body.error_description).toMatch(/token_endpoint \(10\.0\.0\.1\) is not allowed: it names an IP address/);
  });

  it('never calls a URL its policy refuses, and checks the session and its origin like connect', async () => {
    expect(((await (await discover('https://10.1.2.3/')).json()) as { error: string }).error).toBe(
      'token_url_not_allowed',
    );
    expect((await discover(issuerUrl('good'), { origin: 'https://evil.example.com' })).status).toBe(403);
    expect((await discover(issuerUrl('good'), { session: 'forged.token' })).status).toBe(401);
  });
});

describe('connect with an issuer URL', () => {
  it('refuses, naming the host, an issuer whose metadata names a token endpoint the policy refuses', async () => {
    const { status, body } = await connectStrict(await createSession({ tenant: 'refused-endpoint' }), {
      token_url: issuerUrl('bad-endpoint'),
    });
    // Not the typed URL tried as a token URL, which would fail as a misleading invalid_response.
    expect(status).toBe(400);
    expect(body.error?.code).toBe('token_url_not_allowed');
    expect(body.error?.message).toContain('(10.0.0.1)');
  });

  it('uses the token endpoint and the auth method the metadata names, in one request', async () => {
    const before = await strictCount('/post-only');
    const { status, body } = await connectStrict(await createSession({ authMethod: 'auto' }), {
      token_url: issuerUrl('good'),
    });
    expect(status).toBe(200);
    expect(body.status).toBe('connected');
    // post-only answers invalid_client to Basic: the advertised method was used first and alone.
    expect((await strictCount('/post-only')) - before).toBe(1);
    expect((await strictLastRequest('/post-only'))?.usedBody).toBe(true);
  });

  it('connects a person who pastes only oidc-provider’s issuer URL', async () => {
    const session = await createSession({ tenant: 'pasted-issuer' });
    const { body } = await connectJson(session, {
      client_id: OIDC_CLIENTS.basic.id,
      client_secret: OIDC_CLIENTS.basic.secret,
      token_url: inject('oidcIssuer'),
    });
    expect(body.status).toBe('connected');
  });

  it('still takes a token URL as it is, and looks it up as an issuer only once', async () => {
    const lookups = async () =>
      (await strictCount('/.well-known/oauth-authorization-server/ok')) +
      (await strictCount('/ok/.well-known/openid-configuration'));
    const before = await lookups();
    for (let i = 0; i < 3; i += 1) {
      const { body } = await connectStrict(await createSession(), { token_url: strictUrl('/ok') });
      expect(body.status).toBe('connected');
    }
    expect((await lookups()) - before).toBe(2);
  });

  it('a preset issuer without usable metadata fails with discovery_failed', async () => {
    const session = await createSession({ issuer: issuerUrl('mismatch'), locked: ['issuer'] });
    const { status, body } = await connectStrict(session, {});
    expect(status).toBe(400);
    expect(body.error?.code).toBe('discovery_failed');
  });

  it('refuses an issuer the policy refuses at mint', async () => {
    const response = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', origin: HOST_ORIGIN, issuer: 'https://printer.local./' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'token_url_not_allowed' });
  });
});
