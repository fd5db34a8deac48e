// A token endpoint that authenticates clients by certificate, as Microsoft Entra ID does
// ("Microsoft identity platform application authentication certificate credentials",
// https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials): the
// application's owner uploads a certificate (its public key); a client assertion (RFC 7523)
// names it by thumbprint in its JOSE header — `x5t#S256` (base64url SHA-256 of the DER), or the
// older `x5t` (SHA-1) — and is signed with the certificate's key, PS256 or RS256. No JWKS URL.
// Entra answers an assertion whose certificate is unknown, or whose signature does not verify,
// with 401 invalid_client and AADSTS700027.
//
// Every certificate is read with Node's crypto.X509Certificate, and with `openssl x509 -text`
// when openssl is installed: tools the Worker's code has nothing to do with. Runs in Node.
import { execFile } from 'node:child_process';
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const readBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const thumbprint = (certificate, hash) => createHash(hash).update(certificate.raw).digest('base64url');

/** What openssl says of a certificate (`x509 -noout -text`), or null when openssl is absent. */
async function opensslText(pem) {
  try {
    const child = run('openssl', ['x509', '-noout', '-text']);
    child.child.stdin.end(pem);
    return (await child).stdout;
  } catch {
    return null;
  }
}

/**
 * A self-signed certificate for a PKCS#8 private key, made by openssl (as a person would make the
 * certificate they upload and paste); null when openssl is absent.
 */
async function opensslSelfSigned(privateKeyPem) {
  const folder = await mkdtemp(join(tmpdir(), 'pasted-key-'));
  try {
    await writeFile(join(folder, 'key.pem'), privateKeyPem, { mode: 0o600 });
    const args = [
      'req',
      '-x509',
      '-new',
      '-key',
      join(folder, 'key.pem'),
      '-subj',
      '/CN=pasted-key',
      '-days',
      '30',
      '-sha256',
    ];
    return (await run('openssl', args)).stdout;
  } catch {
    return null;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A certificate as Node's X509Certificate (and openssl) read it. */
async function describeCertificate(pem) {
  const certificate = new X509Certificate(pem);
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    validFrom: new Date(certificate.validFrom).getTime() / 1000,
    validTo: new Date(certificate.validTo).getTime() / 1000,
    serialNumber: certificate.serialNumber,
    ca: certificate.ca,
    keyUsage: certificate.keyUsage ?? null,
    // The signature verifies with the certificate's own public key: it is self-signed.
    verifiesWithOwnKey: certificate.verify(certificate.publicKey),
    publicKey: certificate.publicKey.export({ format: 'jwk' }),
    x5t: thumbprint(certificate, 'sha1'),
    'x5t#S256': thumbprint(certificate, 'sha256'),
    // Node's own colon-separated hex, as consoles show it (Entra lists the SHA-1 one).
    fingerprint: certificate.fingerprint,
    openssl: await opensslText(pem),
  };
}

/** RFC 7515 §5.2 for the three algorithms, with the certificate's public key. */
function verifiesWith(publicKey, alg, signed, signature) {
  if (alg === 'RS256') return verify('sha256', signed, publicKey, signature);
  if (alg === 'PS256') {
    return verify(
      'sha256',
      signed,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      signature,
    );
  }
  if (alg === 'ES256') return verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  return false;
}

/**
 * POST /__certificates (a PEM body): upload a certificate, as in Entra's "Certificates & secrets".
 * POST /__x509 (a PEM body): the certificate as Node's X509Certificate and openssl read it.
 * POST /__self-signed (a PKCS#8 PEM body): openssl's self-signed certificate for that key.
 * POST /token: a client_credentials request authenticated by a certificate-bound assertion.
 * GET /__last: the last assertion's header and claims, and whether it was accepted.
 */
export async function startCertificateServer() {
  /** Uploaded certificates by x5t#S256 and by x5t. */
  const uploaded = new Map();
  let last = null;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const body = await readBody(req);
    try {
      if (url.pathname === '/__x509') return json(res, 200, await describeCertificate(body));
      if (url.pathname === '/__self-signed') {
        const pem = await opensslSelfSigned(body);
        return pem ? json(res, 200, { pem }) : json(res, 503, { error: 'openssl_unavailable' });
      }
      if (url.pathname === '/__certificates') {
        const certificate = new X509Certificate(body);
        uploaded.set(thumbprint(certificate, 'sha256'), certificate);
        uploaded.set(thumbprint(certificate, 'sha1'), certificate);
        return json(res, 201, { 'x5t#S256': thumbprint(certificate, 'sha256') });
      }
    } catch (error) {
      return json(res, 400, { error: 'bad_certificate', error_description: String(error) });
    }
    if (url.pathname === '/__last') return json(res, 200, last);
    if (url.pathname !== '/token' || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const params = new URLSearchParams(body);
    const refuse = (text) => {
      last = { ...last, accepted: false, reason: text };
      return json(res, 401, { error: 'invalid_client', error_description: `AADSTS700027: ${text}` });
    };
    last = null;
    if (params.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
    if (params.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return refuse('client_assertion_type must be jwt-bearer.');
    }
    const [encodedHeader, encodedPayload, encodedSignature] = (params.get('client_assertion') ?? '').split('.');
    let header;
    let payload;
    try {
      header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
    } catch {
      return refuse('Client assertion is not a JWT.');
    }
    last = { header, payload };
    const certificate = uploaded.get(header['x5t#S256']) ?? uploaded.get(header.x5t);
    if (!certificate)
      return refuse(
        'The certificate with identifier used to sign the client assertion is not registered on application.',
      );
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
    if (!verifiesWith(certificate.publicKey, header.alg, signed, Buffer.from(encodedSignature ?? '', 'base64url'))) {
      return refuse('Client assertion failed signature validation.');
    }
    const tokenUrl = `http://${req.headers.host}/token`;
    const audience = [payload.aud].flat();
    const now = Date.now() / 1000;
    if (!audience.includes(tokenUrl) || payload.iss !== params.get('client_id') || payload.sub !== payload.iss) {
      return refuse('Client assertion contains an invalid audience, issuer or subject.');
    }
    if (!(payload.exp > now)) return refuse('Client assertion is expired.');
    if (now > new Date(certificate.validTo).getTime() / 1000) {
      return refuse('The certificate used to sign the client assertion is expired.');
    }
    last = { header, payload, accepted: true };
    return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: `certificate-token-${header.alg}` });
  });
  const port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
