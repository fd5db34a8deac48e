import type { SigningAlgorithm } from '../../protocol/index.js';

/** The JWS algorithms (RFC 7518 §3) client assertions are signed with, as WebCrypto parameters. */
export const SIGNING_ALGORITHMS: Record<
  SigningAlgorithm,
  { name: string; namedCurve?: string; hash?: string; modulusLength?: number; publicExponent?: Uint8Array }
> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
};
