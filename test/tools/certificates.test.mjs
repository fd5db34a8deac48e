// The self-signed certificates of worker/keys/certificate.ts, made here with Node's WebCrypto
// (another engine than workerd's, where test/worker/certificates.test.ts makes them) and read
// with Node's crypto.X509Certificate, a parser we did not write. The module is bundled with
// esbuild, as wrangler bundles it, and imported as is.
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { build } from 'esbuild';

const temp = await mkdtemp(join(tmpdir(), 'certificates-'));
after(() => rm(temp, { recursive: true, force: true }));

const bundled = await build({
  entryPoints: [new URL('../../worker/keys/certificate.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
await writeFile(join(temp, 'certificate.mjs'), bundled.outputFiles[0].text);
const { certificatePem, readCertificate, selfSignedCertificate, thumbprints } = await import(
  pathToFileURL(join(temp, 'certificate.mjs')).href
);

const RSA = { modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const KEYS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', ...RSA },
  PS256: { name: 'RSA-PSS', ...RSA },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
};
const NOW = 1_800_000_000;
const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

for (const [alg, params] of Object.entries(KEYS)) {
  test(`an ${alg} certificate is read by Node's X509Certificate as documented, and its thumbprints match`, async () => {
    const pair = await crypto.subtle.generateKey(params, true, ['sign', 'verify']);
    const der = await selfSignedCertificate(pair, alg, 'the-kid', NOW);
    const certificate = new X509Certificate(certificatePem(der));
    assert.equal(certificate.subject, 'CN=oauth-cc-connect the-kid');
    assert.equal(certificate.issuer, certificate.subject);
    assert.equal(new Date(certificate.validFrom).getTime() / 1000, NOW - 3600);
    assert.equal(new Date(certificate.validTo).getTime() / 1000, NOW + 730 * 86_400);
    assert.equal(certificate.ca, false);
    assert.ok(certificate.verify(certificate.publicKey), 'the signature verifies with its own key');
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', pair.publicKey));
    assert.deepEqual(certificate.publicKey.export({ type: 'spki', format: 'der' }), spki);
    assert.deepEqual(await thumbprints(der), {
      x5t: base64url(createHash('sha1').update(certificate.raw).digest()),
      'x5t#S256': base64url(createHash('sha256').update(certificate.raw).digest()),
    });
    // And the Worker reads back what it wrote.
    const read = readCertificate(der);
    assert.deepEqual([read.notBefore, read.notAfter], [NOW - 3600, NOW + 730 * 86_400]);
    assert.deepEqual(Buffer.from(read.spki), spki);
  });
}

test('a certificate valid past 2049 says so in GeneralizedTime, which Node reads', async () => {
  const pair = await crypto.subtle.generateKey(KEYS.ES256, true, ['sign', 'verify']);
  const in2049 = Date.UTC(2049, 6, 1) / 1000;
  const certificate = new X509Certificate(certificatePem(await selfSignedCertificate(pair, 'ES256', 'k', in2049)));
  assert.equal(new Date(certificate.validTo).getTime() / 1000, in2049 + 730 * 86_400);
  assert.ok(certificate.verify(certificate.publicKey));
});
