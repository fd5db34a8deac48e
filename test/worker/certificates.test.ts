import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, inject } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';
import { certificatePem, readCertificate, selfSignedCertificate } from '../../worker/keys/certificate.js';
import { objectIdentifier, readElement, readTime, time } from '../../worker/keys/der.js';
import type { CertificateReading } from '../support/certificate-server.mjs';
import { ADMIN, BASE, connect, createSession, newState, strictLastRequest, strictUrl } from './helpers.js';

// Certificates for key-based client authentication (issue 19): a Worker-held key may carry a
// self-signed X.509 certificate, and a pasted key the certificate it was uploaded as; assertions
// then name the certificate by thumbprint (x5t#S256, x5t), which is how Microsoft Entra ID finds
// the key. Every certificate the Worker makes is read back by tools we did not write (Node's
// crypto.X509Certificate and openssl, in test/support/certificate-server.mjs), and the assertions
// are verified by an Entra-like token endpoint with the uploaded certificate's public key.

const ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
const TWO_YEARS = 730 * 86_400;

const certificates = (path: string) => `${inject('certificateServerUrl')}${path}`;
const certificateTokenUrl = () => certificates('/token');

interface CreatedKey {
  kid: string;
  alg: string;
  public_jwk: JsonWebKey & { kid: string };
  certificate_pem?: string;
  x5t?: string;
  'x5t#S256'?: string;
  certificate_url?: string;
  certificate_expires_at?: number;
}

interface Result {
  status: string;
  connectionId?: string;
  error?: { code: string; message: string };
}

const admin = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, { ...init, headers: { ...ADMIN, 'content-type': 'application/json', ...init.headers } });

async function createKey(tenant: string, body: Record<string, unknown>) {
  const response = await admin('/v1/keys', { method: 'POST', body: JSON.stringify({ tenant, ...body }) });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedKey;
}

/** The certificate as Node's X509Certificate and openssl read it (in Node, outside workerd). */
async function reading(pem: string): Promise<CertificateReading> {
  const response = await fetch(certificates('/__x509'), { method: 'POST', body: pem });
  expect(response.status).toBe(200);
  return (await response.json()) as CertificateReading;
}

/** Uploads a certificate to the Entra-like server, as its owner would in the provider's console. */
const upload = async (pem: string) =>
  expect((await fetch(certificates('/__certificates'), { method: 'POST', body: pem })).status).toBe(201);

/** The last assertion the Entra-like server saw: its header, claims, and whether it accepted it. */
const lastAssertion = async () =>
  (await (await fetch(certificates('/__last'))).json()) as {
    header: Record<string, string>;
    payload: Record<string, unknown>;
    accepted?: boolean;
    reason?: string;
  };

const derOf = (pem: string) => Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));

const digest = async (hash: string, bytes: Uint8Array) =>
  encodeBase64Url(new Uint8Array(await crypto.subtle.digest(hash, bytes)));

async function connectJson(session: string, fields: Record<string, string>) {
  const response = await connect({ session_token: session, state: newState(), ...fields }, { json: true });
  return { status: response.status, body: (await response.json()) as Result };
}

/** Makes the stored token expired, so the next token call signs a new assertion. */
const expire = (id: string) =>
  env.DB.prepare('UPDATE connections SET issued_at = issued_at - 7200, expires_at = ?2 WHERE id = ?1')
    .bind(id, Math.floor(Date.now() / 1000) - 1)
    .run();

const token = (id: string, tenant: string) => admin(`/v1/connections/${id}/token?tenant=${tenant}`);

/** What openssl calls each signature algorithm in `x509 -text`. */
const OPENSSL_NAMES = { RS256: 'sha256WithRSAEncryption', PS256: 'rsassaPss', ES256: 'ecdsa-with-SHA256' };

describe('POST /v1/keys { certificate: true }', () => {
  it.each(ALGORITHMS)(
    'issues an %s key a self-signed certificate that Node and openssl read as documented',
    async (alg) => {
      const tenant = `cert-${alg}`;
      const before = Math.floor(Date.now() / 1000);
      const key = await createKey(tenant, { alg, certificate: true });
      const after = Math.ceil(Date.now() / 1000);
      expect(key.certificate_pem).toMatch(
        /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----$/,
      );
      const der = derOf(key.certificate_pem!);
      expect(key.x5t).toBe(await digest('SHA-1', der));
      expect(key['x5t#S256']).toBe(await digest('SHA-256', der));
      expect(key.certificate_url).toBe(`${BASE}/v1/certificates/${tenant}/${key.kid}`);

      const node = await reading(key.certificate_pem!);
      // Subject and issuer: the product and the kid, nothing about a person.
      expect(node.subject).toBe(`CN=oauth-cc-connect ${key.kid}`);
      expect(node.issuer).toBe(node.subject);
      // Valid from an hour before it was made (between the two clocks, however long that took), for two years.
      expect(node.validFrom).toBeGreaterThanOrEqual(before - 3600);
      expect(node.validFrom).toBeLessThanOrEqual(after - 3600);
      expect(node.validTo - node.validFrom).toBe(TWO_YEARS + 3600);
      expect(key.certificate_expires_at).toBe(node.validTo);
      // Self-signed with the key's own algorithm; the key it certifies is the one published.
      expect(node.verifiesWithOwnKey).toBe(true);
      const { kty, n, e, crv, x, y } = key.public_jwk;
      expect(node.publicKey).toEqual(kty === 'EC' ? { kty, crv, x, y } : { kty, n, e });
      expect({ x5t: node.x5t, 'x5t#S256': node['x5t#S256'] }).toEqual({ x5t: key.x5t, 'x5t#S256': key['x5t#S256'] });
      expect(node.ca).toBe(false);
      // A 128-bit positive serial.
      expect(node.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
      if (node.openssl !== null) {
        expect(node.openssl).toContain(`Signature Algorithm: ${OPENSSL_NAMES[alg]}`);
        expect(node.openssl).toContain(`Subject: CN = oauth-cc-connect ${key.kid}`);
        expect(node.openssl).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
        expect(node.openssl).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
        expect(node.openssl).toContain('X509v3 Subject Key Identifier');
        if (alg === 'PS256') {
          expect(node.openssl).toMatch(/Hash Algorithm: sha256\s+Mask Algorithm: mgf1 with sha256\s+Salt Length: 0x20/);
        }
      }
    },
  );

  it('downloads the certificate by kid, publicly like the JWKS, while the key is published', async () => {
    const tenant = 'cert-download';
    const key = await createKey(tenant, { alg: 'RS256', certificate: true });
    // No admin key: the element offers it with nothing but its session.
    const response = await SELF.fetch(key.certificate_url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pem-certificate-chain');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="oauth-cc-connect-${key.kid}.pem"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.text()).toBe(`${key.certificate_pem}\n`);
    // Another tenant's path, a bad kid, and, once withdrawn, the key itself: nothing to download.
    expect((await SELF.fetch(`${BASE}/v1/certificates/cert-thief/${key.kid}`)).status).toBe(404);
    expect((await SELF.fetch(`${BASE}/v1/certificates/${tenant}/not%20a%20kid`)).status).toBe(400);
    expect((await admin(`/v1/keys/${key.kid}?tenant=${tenant}`, { method: 'DELETE' })).status).toBe(204);
    expect((await SELF.fetch(key.certificate_url!)).status).toBe(404);
  });

  it('lists each key with its certificate thumbprints, or null; a key made without one has none to download', async () => {
    const tenant = 'cert-list';
    const plain = await createKey(tenant, { alg: 'ES256' });
    expect(plain).not.toHaveProperty('certificate_pem');
    expect(plain).not.toHaveProperty('x5t#S256');
    const certified = await createKey(tenant, { alg: 'PS256', certificate: true });
    const list = (await (await admin(`/v1/keys?tenant=${tenant}`)).json()) as {
      keys: { kid: string; certificate: Record<string, unknown> | null }[];
    };
    const byKid = Object.fromEntries(list.keys.map((key) => [key.kid, key.certificate]));
    expect(byKid[plain.kid]).toBeNull();
    expect(byKid[certified.kid]).toEqual({
      x5t: certified.x5t,
      'x5t#S256': certified['x5t#S256'],
      url: certified.certificate_url,
      expires_at: certified.certificate_expires_at,
    });
    expect((await SELF.fetch(`${BASE}/v1/certificates/${tenant}/${plain.kid}`)).status).toBe(404);
  });

  it('refuses a certificate flag that is not a boolean, naming it', async () => {
    const response = await admin('/v1/keys', {
      method: 'POST',
      body: JSON.stringify({ tenant: 'x', certificate: 'yes' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'certificate must be true or false',
    });
  });
});

describe('assertions signed with a key that has a certificate', () => {
  it.each(ALGORITHMS)(
    '%s: carry x5t#S256 and x5t, and an Entra-like server that knows only the uploaded certificate accepts them, refreshes included',
    async (alg) => {
      const tenant = `cert-assert-${alg}`;
      const key = await createKey(tenant, { alg, certificate: true });
      await upload(key.certificate_pem!);
      const session = await createSession({
        tenant,
        tokenUrl: certificateTokenUrl(),
        authMethod: 'private_key_jwt',
        keyId: key.kid,
        locked: ['tokenUrl'],
      });
      const { body } = await connectJson(session, { client_id: 'entra-app' });
      expect(body).toMatchObject({ status: 'connected' });
      const first = await lastAssertion();
      expect(first.accepted).toBe(true);
      expect(first.header).toEqual({
        alg,
        typ: 'JWT',
        kid: key.kid,
        x5t: key.x5t,
        'x5t#S256': key['x5t#S256'],
      });
      await expire(body.connectionId!);
      expect((await token(body.connectionId!, tenant)).status).toBe(200);
      expect((await lastAssertion()).header['x5t#S256']).toBe(key['x5t#S256']);
    },
  );

  it('a key without a certificate names none, and the certificate server refuses it as Entra would', async () => {
    const key = await createKey('cert-none', { alg: 'RS256' });
    const session = await createSession({
      tenant: 'cert-none',
      tokenUrl: certificateTokenUrl(),
      authMethod: 'private_key_jwt',
      keyId: key.kid,
      locked: ['tokenUrl'],
    });
    const { body } = await connectJson(session, { client_id: 'entra-app' });
    expect(body.error?.code).toBe('invalid_client');
    const last = await lastAssertion();
    expect(last.header).not.toHaveProperty('x5t');
    expect(last.header).not.toHaveProperty('x5t#S256');
    expect(last.reason).toContain('not registered');
  });
});

describe('a pasted private key with its certificate', () => {
  const pasted = () => inject('pastedKeys').rsa;

  /** A certificate for the pasted key made by openssl, as a person would; null when openssl is absent. */
  async function opensslCertificate(pem: string): Promise<string | null> {
    const response = await fetch(certificates('/__self-signed'), { method: 'POST', body: pem });
    return response.status === 200 ? ((await response.json()) as { pem: string }).pem : null;
  }

  /** A certificate for the pasted key made by the Worker's own code, valid from `now` (seconds). */
  async function ownCertificate(pem: string, now: number) {
    const pkcs8 = derOf(pem);
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, params, true, ['sign']);
    const { kty, n, e } = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey;
    const publicKey = await crypto.subtle.importKey('jwk', { kty, n, e }, params, true, ['verify']);
    return certificatePem(await selfSignedCertificate({ privateKey, publicKey }, 'RS256', 'pasted', now));
  }

  const session = (tenant: string) =>
    createSession({ tenant, tokenUrl: certificateTokenUrl(), authMethod: 'private_key_jwt', locked: ['tokenUrl'] });

  it('signs assertions that name the certificate, on connect and on every refresh', async (context) => {
    const certificate = await opensslCertificate(pasted().pem);
    if (certificate === null) return context.skip('openssl is not installed');
    await upload(certificate);
    const node = await reading(certificate);
    const tenant = 'cert-pasted';
    // A certificate pasted into a one-line field loses its line breaks: it is read all the same.
    const { body } = await connectJson(await session(tenant), {
      client_id: 'entra-app',
      private_key: pasted().pem,
      certificate: certificate.replace(/\n/g, ' '),
    });
    expect(body).toMatchObject({ status: 'connected' });
    const first = await lastAssertion();
    expect(first).toMatchObject({
      accepted: true,
      header: { alg: 'RS256', x5t: node.x5t, 'x5t#S256': node['x5t#S256'] },
    });
    // Stored with the connection, public, so the refresh sends the same header.
    const row = await env.DB.prepare('SELECT certificate FROM connections WHERE id = ?')
      .bind(body.connectionId)
      .first<{ certificate: string }>();
    expect(derOf(row!.certificate)).toEqual(derOf(certificate));
    await expire(body.connectionId!);
    expect((await token(body.connectionId!, tenant)).status).toBe(200);
    expect(await lastAssertion()).toMatchObject({ accepted: true, header: { 'x5t#S256': node['x5t#S256'] } });
  });

  it('sends a kid too when one is given, and works the same with a certificate not made by openssl', async () => {
    const certificate = await ownCertificate(pasted().pem, Math.floor(Date.now() / 1000));
    await upload(certificate);
    const { body } = await connectJson(await session('cert-pasted-own'), {
      client_id: 'entra-app',
      private_key: pasted().pem,
      certificate,
      key_id: 'registered-kid',
    });
    expect(body).toMatchObject({ status: 'connected' });
    const der = derOf(certificate);
    expect((await lastAssertion()).header).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'registered-kid',
      x5t: await digest('SHA-1', der),
      'x5t#S256': await digest('SHA-256', der),
    });
  });

  it("refuses, naming the field, a certificate that is another key's, expired, not a certificate, or a key", async () => {
    const other = await createKey('cert-other', { alg: 'RS256', certificate: true });
    const threeYearsAgo = Math.floor(Date.now() / 1000) - 3 * 365 * 86_400;
    // The detail comes after the code's advice, in parentheses.
    const cases: [string, string | RegExp][] = [
      [other.certificate_pem!, "(certificate must be private_key's own: its public key is another key's)"],
      [await ownCertificate(pasted().pem, threeYearsAgo), /\(certificate expired on \d{4}-\d{2}-\d{2}: /],
      ['not a certificate', /\(certificate must be a PEM X\.509 certificate [^,]*\)$/],
      [
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        /\(certificate must be a PEM X\.509 certificate/,
      ],
      [pasted().pem, /\(certificate must be a PEM X\.509 certificate .*, not "PRIVATE KEY"\)$/],
    ];
    for (const [certificate, message] of cases) {
      const { status, body } = await connectJson(await session('cert-refused'), {
        client_id: 'entra-app',
        private_key: pasted().pem,
        certificate,
      });
      expect(status).toBe(400);
      expect(body.error?.code).toBe('invalid_request');
      expect(body.error?.message).toMatch(message);
      // Never the pasted key's body.
      expect(body.error?.message).not.toContain(pasted().pem.split('\n')[1]);
    }
  });

  it('an empty certificate field is an absent one: the assertion names no certificate', async () => {
    const session = await createSession({
      tokenUrl: strictUrl('/assertion'),
      authMethod: 'private_key_jwt',
      locked: ['tokenUrl'],
    });
    await connectJson(session, { client_id: 'assertive', private_key: pasted().pem, certificate: '' });
    const header = (await strictLastRequest('/assertion'))!.assertion!.header;
    expect(header).not.toHaveProperty('x5t');
    expect(header).not.toHaveProperty('x5t#S256');
  });
});

describe('the DER the certificates are made of', () => {
  it('encodes object identifiers, lengths and times as X.690 and RFC 5280 say', () => {
    const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex(objectIdentifier('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(hex(objectIdentifier('2.5.29.19'))).toBe('0603551d13');
    // UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
    expect(hex(time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))))).toBe(
      hex(new TextEncoder().encode('\x17\x0d491231235959Z')),
    );
    expect(readTime(readElement(time(new Date(Date.UTC(2050, 0, 1)))))).toBe(Date.UTC(2050, 0, 1) / 1000);
    expect(() => readElement(Uint8Array.of(0x30, 0x82, 0x01))).toThrow(RangeError);
  });

  it('reads back a long certificate (two-byte lengths) and refuses trailing bytes', async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const der = await selfSignedCertificate(pair, 'RS256', 'kid', 1_800_000_000);
    const read = readCertificate(der);
    expect(read.notAfter - read.notBefore).toBe(TWO_YEARS + 3600);
    expect(() => readCertificate(Uint8Array.from([...der, 0]))).toThrow(RangeError);
  });
});
