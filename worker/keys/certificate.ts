import { encodeBase64Url, type SigningAlgorithm } from '../../protocol/index.js';
import { invalidRequest } from '../common/failure.js';
import { SIGNING_ALGORITHMS } from './algorithms.js';
import {
  bitString,
  children,
  explicit,
  NULL,
  objectIdentifier,
  octetString,
  readElement,
  readTime,
  sequence,
  set,
  smallInteger,
  time,
  TRUE,
  unsignedInteger,
  utf8String,
  type Element,
} from './der.js';
import { publicJwkOf } from './pem.js';

// X.509 certificates (RFC 5280) for key-based client authentication. Microsoft Entra ID and
// others take no JWKS URL: the person uploads a certificate, and the provider finds it again by
// the thumbprint a client assertion names in its header (RFC 7515 §4.1.7-8). A Worker-held key
// can carry a self-signed one; a pasted key may come with the certificate it was registered with.

/** A certificate's thumbprints: base64url SHA-1 and SHA-256 of its DER (RFC 7515 §4.1.7, §4.1.8). */
export interface Thumbprints {
  x5t: string;
  'x5t#S256': string;
}

/** How long a self-signed certificate is valid: two years (730 days); renewing it is making a new key (README). */
const CERTIFICATE_LIFETIME_SECONDS = 730 * 86_400;
/** Valid from an hour before it is made, so a provider whose clock is behind ours takes it at once. */
const BACKDATE_SECONDS = 3600;

/** The certificate's subject (and issuer): the product and the key's kid, nothing about a person. */
const certificateSubject = (kid: string) => `oauth-cc-connect ${kid}`;

const toBase64 = (bytes: Uint8Array) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** RFC 7468 §5: base64 in 64-character lines between the CERTIFICATE labels. */
export const certificatePem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${toBase64(der)
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----`;

export async function thumbprints(der: Uint8Array): Promise<Thumbprints> {
  const [sha1, sha256] = await Promise.all([crypto.subtle.digest('SHA-1', der), crypto.subtle.digest('SHA-256', der)]);
  return { x5t: encodeBase64Url(new Uint8Array(sha1)), 'x5t#S256': encodeBase64Url(new Uint8Array(sha256)) };
}

const SHA256 = sequence(objectIdentifier('2.16.840.1.101.3.4.2.1'), NULL);

/**
 * How each algorithm signs the certificate, as the certificate names it (RFC 5280 §4.1.1.2) and
 * as WebCrypto does it: the key's own algorithm, so one key signs both the certificate and the
 * assertions. RFC 4055 §3.1 for RSASSA-PSS (SHA-256, MGF1 with SHA-256, 32-byte salt: PS256);
 * RFC 5758 §3.2 for ECDSA, whose identifier has no parameters.
 */
const SIGNATURES: Record<SigningAlgorithm, { identifier: Uint8Array; params: SubtleCryptoSignAlgorithm }> = {
  RS256: {
    identifier: sequence(objectIdentifier('1.2.840.113549.1.1.11'), NULL),
    params: { name: 'RSASSA-PKCS1-v1_5' },
  },
  PS256: {
    identifier: sequence(
      objectIdentifier('1.2.840.113549.1.1.10'),
      sequence(
        explicit(0, SHA256),
        explicit(1, sequence(objectIdentifier('1.2.840.113549.1.1.8'), SHA256)),
        explicit(2, smallInteger(32)),
      ),
    ),
    params: { name: 'RSA-PSS', saltLength: 32 },
  },
  ES256: { identifier: sequence(objectIdentifier('1.2.840.10045.4.3.2')), params: { name: 'ECDSA', hash: 'SHA-256' } },
};

/** WebCrypto's ECDSA signature is r ‖ s; X.509's is Ecdsa-Sig-Value ::= SEQUENCE { r, s } (RFC 5480 §2.2.3). */
function signatureValue(alg: SigningAlgorithm, signature: Uint8Array): Uint8Array {
  if (alg !== 'ES256') return signature;
  const half = signature.length / 2;
  return sequence(unsignedInteger(signature.subarray(0, half)), unsignedInteger(signature.subarray(half)));
}

const extension = (oid: string, critical: boolean, value: Uint8Array) =>
  sequence(objectIdentifier(oid), ...(critical ? [TRUE] : []), octetString(value));

/**
 * A self-signed X.509 v3 certificate for a key pair (RFC 5280 §4.1): subject and issuer
 * CN=oauth-cc-connect <kid>; valid from an hour before `now` for two years; a random 128-bit
 * serial; the key's own signature algorithm; an end entity (basicConstraints cA false) whose key
 * signs (keyUsage digitalSignature), with its subject key identifier (§4.2.1.2, method 1).
 * Returns its DER.
 */
export async function selfSignedCertificate(
  pair: CryptoKeyPair,
  alg: SigningAlgorithm,
  kid: string,
  now: number,
): Promise<Uint8Array> {
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
  const subjectPublicKey = children(readElement(spki))[1]!.content.subarray(1);
  const keyIdentifier = new Uint8Array(await crypto.subtle.digest('SHA-1', subjectPublicKey));
  const serial = crypto.getRandomValues(new Uint8Array(16));
  // Positive (RFC 5280 §4.1.2.2) and 16 bytes long whatever the draw.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(certificateSubject(kid)))));
  const { identifier, params } = SIGNATURES[alg];
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    identifier,
    name,
    sequence(
      time(new Date((now - BACKDATE_SECONDS) * 1000)),
      time(new Date((now + CERTIFICATE_LIFETIME_SECONDS) * 1000)),
    ),
    name,
    spki,
    explicit(
      3,
      sequence(
        extension('2.5.29.19', true, sequence()),
        // KeyUsage ::= BIT STRING; digitalSignature is bit 0: one byte 0x80 with 7 unused bits.
        extension('2.5.29.15', true, Uint8Array.of(0x03, 0x02, 0x07, 0x80)),
        extension('2.5.29.14', false, octetString(keyIdentifier)),
      ),
    ),
  );
  const signature = new Uint8Array(await crypto.subtle.sign(params, pair.privateKey, tbs));
  return sequence(tbs, identifier, bitString(signatureValue(alg, signature)));
}

/** What the Worker reads of a certificate: its DER, its validity, and its SubjectPublicKeyInfo. */
export interface ReadCertificate {
  der: Uint8Array;
  notBefore: number;
  notAfter: number;
  spki: Uint8Array;
}

const SEQUENCE = 0x30;

function expect(element: Element | undefined, tag: number): Element {
  if (element?.tag !== tag) throw new RangeError('X.509: unexpected element');
  return element;
}

/** RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
export function readCertificate(der: Uint8Array): ReadCertificate {
  const certificate = expect(readElement(der), SEQUENCE);
  if (certificate.bytes.length !== der.length) throw new RangeError('X.509: trailing bytes');
  const [tbsElement, algorithm, signature] = children(certificate);
  expect(algorithm, SEQUENCE);
  expect(signature, 0x03);
  const tbs = children(expect(tbsElement, SEQUENCE));
  // version [0] EXPLICIT is absent in a v1 certificate.
  const [serial, signed, issuer, validity, subject, spki] = tbs[0]?.tag === 0xa0 ? tbs.slice(1) : tbs;
  expect(serial, 0x02);
  for (const element of [signed, issuer, validity, subject, spki]) expect(element, SEQUENCE);
  const [notBefore, notAfter] = children(validity!);
  if (!notBefore || !notAfter) throw new RangeError('X.509: bad validity');
  return { der, notBefore: readTime(notBefore), notAfter: readTime(notAfter), spki: spki!.bytes };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/;
const OTHER_PEM = /-----BEGIN ([A-Z0-9 ]+)-----/;
const NOT_A_CERTIFICATE =
  'certificate must be a PEM X.509 certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';

/**
 * A certificate in PEM, pasted or stored: the first CERTIFICATE block of the text (a chain's
 * first is its own), whose line breaks may have been lost. Throws invalid_request naming the
 * `certificate` field.
 */
export function readCertificatePem(text: string): ReadCertificate {
  const match = PEM_CERTIFICATE.exec(text);
  if (!match) {
    const label = OTHER_PEM.exec(text)?.[1];
    throw invalidRequest(label ? `${NOT_A_CERTIFICATE}, not "${label.slice(0, 24)}"` : NOT_A_CERTIFICATE);
  }
  try {
    return readCertificate(Uint8Array.from(atob(match[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
  } catch (error) {
    throw invalidRequest(NOT_A_CERTIFICATE, error);
  }
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * A certificate pasted with a private key: it must be that key's (same public key) and valid now,
 * or the provider would refuse every assertion. Returns it as canonical PEM with its thumbprints;
 * throws invalid_request naming the field.
 */
export async function certificateForKey(
  text: string,
  privateKeyPem: string,
  now: number,
): Promise<{ pem: string; thumbprints: Thumbprints }> {
  const certificate = readCertificatePem(text);
  const { jwk, alg } = await publicJwkOf(privateKeyPem);
  let certified: JsonWebKey | undefined;
  try {
    const key = await crypto.subtle.importKey('spki', certificate.spki, SIGNING_ALGORITHMS[alg], true, ['verify']);
    certified = (await crypto.subtle.exportKey('jwk', key)) as JsonWebKey;
  } catch {
    // Another kind of key (EC for RSA, another curve): not this key's certificate.
  }
  if (!certified || PUBLIC_MEMBERS.some((member) => certified[member] !== jwk[member])) {
    throw invalidRequest("certificate must be private_key's own: its public key is another key's");
  }
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  if (now > certificate.notAfter) {
    throw invalidRequest(
      `certificate expired on ${day(certificate.notAfter)}: upload a new one to the provider and paste it`,
    );
  }
  if (now < certificate.notBefore) {
    throw invalidRequest(`certificate is not valid before ${day(certificate.notBefore)}`);
  }
  return { pem: certificatePem(certificate.der), thumbprints: await thumbprints(certificate.der) };
}

/** The thumbprints of a stored certificate (PEM written by certificatePem). */
export function thumbprintsOfPem(pem: string): Promise<Thumbprints> {
  return thumbprints(readCertificatePem(pem).der);
}
