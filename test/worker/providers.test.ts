import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { ADMIN, BASE, createSession, HOST_ORIGIN, newState } from './helpers.js';

// Every preset of the catalog connects, against an emulation of its provider written from the
// provider's own documentation (test/emulations/<id>.mjs, as strict as the real one about what it
// accepts): the Worker's calls to the real token host reach the emulation (vitest.config.ts).

const EMULATIONS = inject('emulations');

interface ResultBody {
  status: 'connected' | 'failed';
  connectionId?: string;
  expiresAt?: number;
  error?: { code: string; message: string };
}

async function connectAs(
  emulation: (typeof EMULATIONS)[number],
  tenant: string,
  secret = emulation.customer.clientSecret,
): Promise<{ status: number; body: ResultBody }> {
  const { customer } = emulation;
  const session = await createSession({
    tenant,
    provider: emulation.id,
    ...(customer.values ? { values: customer.values } : {}),
    ...(customer.scopes ? { scopes: customer.scopes } : {}),
    ...(customer.params ? { params: customer.params } : {}),
  });
  const form = {
    session_token: session,
    state: newState(),
    client_id: customer.clientId,
    client_secret: secret,
    ...customer.fields,
  };
  const response = await SELF.fetch(`${BASE}/v1/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN, accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as ResultBody };
}

describe('the catalog', () => {
  it('offers at least 40 presets, each with an emulation written from the docs it cites', async () => {
    const response = await SELF.fetch(`${BASE}/v1/providers`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const { providers } = (await response.json()) as {
      providers: { id: string; docs: string; instructions: string }[];
    };
    expect(providers.length).toBeGreaterThanOrEqual(40);
    for (const required of [
      'microsoft-entra',
      'salesforce',
      'zoom',
      'okta',
      'auth0',
      'box',
      'paypal',
      'spotify',
      'twitch',
      'xero',
      'commercetools',
      'adobe',
      'fedex',
      'ups',
      'walmart',
      'marketo',
      'amazon-lwa',
      'genesys-cloud',
      'databricks',
      'crowdstrike',
    ]) {
      expect(providers.map((p) => p.id)).toContain(required);
    }
    expect(providers.map((p) => p.id).sort()).toEqual(EMULATIONS.map((e) => e.id).sort());
    for (const preset of providers) {
      expect(preset.docs).toMatch(/^https:\/\//);
      expect(preset.instructions.length).toBeGreaterThan(40);
      expect(EMULATIONS.find((e) => e.id === preset.id)!.docs).toContain(preset.docs);
    }
  });
});

describe.each(EMULATIONS.map((emulation) => [emulation.id, emulation] as const))('the %s preset', (id, emulation) => {
  it('connects as a customer of the provider does, and hands out the token it issued', async () => {
    const tenant = `preset-${id}`;
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await connectAs(emulation, tenant);
    expect(body.error?.message ?? '', JSON.stringify(body)).toBe('');
    expect(status).toBe(200);
    expect(body.status).toBe('connected');
    // Issued somewhere between the two clocks however long the connect took (a busy machine).
    const after = Math.ceil(Date.now() / 1000);
    const { expiresInSeconds } = emulation.issued;
    expect(body.expiresAt!).toBeGreaterThanOrEqual(before + expiresInSeconds - 5);
    expect(body.expiresAt!).toBeLessThanOrEqual(after + expiresInSeconds + 5);
    const token = await SELF.fetch(`${BASE}/v1/connections/${body.connectionId}/token?tenant=${tenant}`, {
      headers: ADMIN,
    });
    expect(token.status).toBe(200);
    const answer = (await token.json()) as { access_token: string; token_type: string; values: Record<string, string> };
    expect(answer.access_token).toBe(emulation.issued.accessToken);
    expect(answer.token_type).toBe('Bearer');
    expect(answer.values).toEqual(emulation.issued.values ?? {});
  });

  it('surfaces a wrong client secret as the provider refusing the credentials', async () => {
    const wrong = `${emulation.customer.clientSecret.slice(0, -4)}XxXx`;
    const { status, body } = await connectAs(emulation, `preset-${id}-wrong`, wrong);
    expect(body.error?.code, JSON.stringify(body)).toBe(emulation.wrongSecretCode ?? 'invalid_client');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).not.toContain(wrong);
  });
});

describe('public routes', () => {
  it.each(['/v1/providers', '/v1/jwks/acme', '/v1/certificates/acme/no-such-kid'])(
    'any page may read %s, a refusal included (nothing in it is secret)',
    async (path) => {
      const response = await SELF.fetch(`${BASE}${path}`, { headers: { origin: 'https://app.example.com' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    },
  );
});
