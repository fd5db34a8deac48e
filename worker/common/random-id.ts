import { encodeBase64Url } from '../../protocol/index.js';

/** An unguessable identifier: `bytes` random bytes (16 = 128 bits) as base64url. */
export function randomId(prefix = '', bytes = 16): string {
  return prefix + encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
