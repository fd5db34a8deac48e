import { describe, expect, it } from 'vitest';
import { clientAuthentication } from '../../worker/exchange/client-auth.js';
import type { ExchangeRequest } from '../../worker/exchange/exchange-types.js';

// Basic credentials that interoperate (README "How it works"): RFC 6749 §2.3.1 asks for id and
// secret form-urlencoded before base64, but many servers read Basic as it is, and a secret
// holding `-`, `_`, `.` or `~` (most consoles' secrets do) then fails there. Values that read the
// same both ways are sent as they are; the rest are form-encoded.

async function basicOf(clientId: string, secret: string, basicEncoding?: 'raw' | 'form') {
  const request: ExchangeRequest = {
    tokenUrl: 'https://auth.example.com/token',
    clientId,
    credential: { kind: 'secret', secret },
    scopes: [],
    params: {},
    authMethod: 'client_secret_basic',
    ...(basicEncoding ? { profile: { tokenRequest: { basicEncoding } } } : {}),
  };
  const auth = await clientAuthentication('client_secret_basic', request, {
    timeoutMs: 1000,
    policy: { allowLoopbackHttp: false, allowedPorts: [443] },
  });
  const headers = new Headers();
  const body = new URLSearchParams();
  await auth({ issuer: 'https://auth.example.com' }, { client_id: clientId }, body, headers);
  expect([...body.keys()]).toEqual([]);
  return atob(headers.get('authorization')!.replace(/^Basic /, ''));
}

describe('Basic credentials', () => {
  it('sends id and secret as they are when that reads the same to every server', async () => {
    expect(await basicOf('app_3f9.svc-1', 'vR8.nT2_xK5-wQ9~mZ4pL7')).toBe('app_3f9.svc-1:vR8.nT2_xK5-wQ9~mZ4pL7');
    expect(await basicOf('client', 'a/b=c&d!*()')).toBe('client:a/b=c&d!*()');
  });

  it('form-encodes them (RFC 6749 §2.3.1) when a form-decoding server would read them otherwise', async () => {
    // `+` decodes to a space, `%41` to "A", and a `:` in the id would end it early.
    expect(await basicOf('client', 'a+b')).toBe('client:a%2Bb');
    expect(await basicOf('client', 'x%41y')).toBe('client:x%2541y');
    expect(await basicOf('urn:client', 'secret')).toBe('urn%3Aclient:secret');
  });

  it('follows the profile when the provider’s docs say how it reads them (Vimeo: as they are)', async () => {
    expect(await basicOf('client', 'a+b/c=', 'raw')).toBe('client:a+b/c=');
    expect(await basicOf('client', 'abc-def', 'form')).toBe('client:abc%2Ddef');
  });
});
