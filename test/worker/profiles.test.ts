import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readUnverifiedClaims } from '../../protocol/index.js';
import { STRICT_CLIENT } from '../support/oauth-clients.mjs';
import { ADMIN, BASE, createSession, HOST_ORIGIN, newState, strictUrl } from './helpers.js';

// Provider profiles on a session (protocol/provider-profile.ts): what is refused when the session
// is minted, what a preset expands to, and what a person can type.

async function mint(body: Record<string, unknown>) {
  const response = await SELF.fetch(`${BASE}/v1/sessions`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'profiles', origin: HOST_ORIGIN, ...body }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { token?: string; error?: string; error_description?: string },
  };
}

async function connectWith(session: string, fields: Record<string, string>) {
  const state = newState();
  const response = await SELF.fetch(`${BASE}/v1/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN, accept: 'application/json' },
    body: new URLSearchParams({
      session_token: session,
      state,
      client_id: STRICT_CLIENT.id,
      client_secret: STRICT_CLIENT.secret,
      ...fields,
    }).toString(),
  });
  const result = await SELF.fetch(`${BASE}/v1/connect/result?state=${state}`, {
    headers: { authorization: `Bearer ${session}`, origin: HOST_ORIGIN },
  });
  return {
    status: response.status,
    body: (await response.json()) as { status: string; error?: { code: string; message: string } },
    recorded: ((await result.json()) as { status: string }).status,
  };
}

describe('a profile at mint', () => {
  it.each([
    [
      'a field under a name the form uses',
      { fields: [{ name: 'client_id', label: 'Id' }] },
      /fields\.0\.name must not be a name the connect form/,
    ],
    [
      'a placeholder nothing fills',
      { tokenUrl: 'https://{tenant}.example.com/token' },
      /templates name neither a field nor a value: tenant/,
    ],
    [
      'a value hiding a field',
      { fields: [{ name: 'org', label: 'Org' }], values: { org: 'acme' } },
      /values names a field the person types: org/,
    ],
    [
      'a capture of a token',
      { tokenResponse: { capture: { refresh: 'refresh_token' } } },
      /must not keep a credential/,
    ],
    [
      'a capture of a secret-looking member',
      { tokenResponse: { capture: { client_secret: 'data.client_secret' } } },
      /must not keep a credential/,
    ],
    [
      'a header the Worker sets',
      { tokenRequest: { headers: { Authorization: 'Bearer x' } } },
      /must not set a header the Worker sets itself/,
    ],
    [
      'a pattern no browser can run',
      { fields: [{ name: 'org', label: 'Org', pattern: '[a-z_-]+' }], tokenUrl: 'https://{org}.example.com/t' },
      /valid HTML pattern/,
    ],
    ['a preset that does not exist', { provider: 'no-such-provider' }, /provider names no preset/],
    [
      'a lifetime longer than a day',
      { tokenResponse: { defaultLifetime: 86_401 } },
      /defaultLifetime must be seconds from 1 to 86400/,
    ],
  ])('refuses %s, naming it', async (_, body, why) => {
    const { status, body: answer } = await mint(body);
    expect(status).toBe(400);
    expect(answer.error).toBe('invalid_request');
    expect(answer.error_description).toMatch(why);
  });

  it('refuses a templated token URL the policy refuses whatever the fields say', async () => {
    const { body } = await mint({
      tokenUrl: 'https://{org}.example.com:8443/token',
      fields: [{ name: 'org', label: 'Org' }],
    });
    expect(body.error).toBe('token_url_not_allowed');
  });

  it('expands a preset: its fields, its instructions, the host’s values first', async () => {
    const { body } = await mint({ provider: 'zoom' });
    const claims = readUnverifiedClaims(body.token!)!;
    expect(claims.fields?.map((field) => field.name)).toEqual(['account_id']);
    expect(claims.provider).toMatchObject({ id: 'zoom', name: 'Zoom' });
    expect(claims.provider?.instructions).toMatch(/Zoom App Marketplace/);
    expect(claims.tokenRequest).toEqual({ grantType: 'account_credentials' });
    // A value the host knows is not asked of the person.
    const known = await mint({ provider: 'zoom', values: { account_id: 'gYz8S9w5Q5yrDoIvmdClYw' } });
    expect(readUnverifiedClaims(known.body.token!)!.fields).toBeUndefined();
    // A templated token URL is locked: the fields make it.
    const entra = await mint({ provider: 'microsoft-entra' });
    expect(readUnverifiedClaims(entra.body.token!)!.locked).toContain('tokenUrl');
  });
});

describe('fields a person types', () => {
  const session = () =>
    createSession({
      tenant: 'typed-fields',
      tokenUrl: `${strictUrl('')}/{route}`,
      fields: [{ name: 'route', label: 'Route', pattern: '[a-z\\-]+' }],
    });

  it('fill the token URL, and the connection is made', async () => {
    const { status, body } = await connectWith(await session(), { route: 'ok' });
    expect([status, body.status], JSON.stringify(body)).toEqual([200, 'connected']);
  });

  it.each([
    ['a value against its pattern', 'OK!', /route \(Route\) does not have the expected form/],
    ['no value', '', /route \(Route\) is required/],
  ])('refuse %s, before anything leaves', async (_, value, why) => {
    const { status, body, recorded } = await connectWith(await session(), { route: value });
    expect(status).toBe(400);
    expect(body.error?.code).toBe('invalid_request');
    expect(body.error?.message).toMatch(why);
    // The attempt was refused before its admission: nothing was sent anywhere.
    expect(recorded).toBe('unknown');
  });

  it('cannot take the token URL past the preset’s host', async () => {
    const salesforce = await createSession({ tenant: 'typed-fields', provider: 'salesforce' });
    const { status, body, recorded } = await connectWith(salesforce, {
      my_domain: 'evil.example.com#',
      org_type: 'my.salesforce.com',
    });
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/my_domain/);
    expect(recorded).toBe('unknown');
    const listed = await connectWith(salesforce, { my_domain: 'acme', org_type: 'evil.example.com' });
    expect(listed.body.error?.message).toMatch(/org_type \(Org type\) must be one of the listed values/);
  });
});
