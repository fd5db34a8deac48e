import type { Fields } from './connect-request.js';
import type { Strings } from './strings.js';

/**
 * A token or issuer URL must be https (RFC 6749 §3.2 wants TLS at the token endpoint, RFC 8414
 * §2 an https issuer); plain http only on loopback, where local development runs its sandbox
 * provider. The Worker applies the full SSRF policy; this only spares the person a round trip.
 */
export const TOKEN_URL = /^https:\/\/[^/]|^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i;

/**
 * Messages for the fields that are not acceptable, keyed like `fields`; empty when all are. A
 * field the element does not show is absent from `fields`, not empty, so only what is shown is
 * required (the secret, or the private key in its place); the key id is optional.
 */
export function validate(fields: Fields, strings: Strings): Fields {
  const errors: Fields = {};
  for (const name of ['client_id', 'client_secret', 'private_key', 'token_url'])
    if (fields[name] === '') errors[name] = strings.required;
  if (fields.token_url && !TOKEN_URL.test(fields.token_url)) errors.token_url = strings.httpsUrl;
  return errors;
}
