import type { Fields } from './connect-request.js';
import type { Strings } from './strings.js';

/**
 * A token or issuer URL must be https (RFC 6749 §3.2 wants TLS at the token endpoint, RFC 8414
 * §2 an https issuer); plain http only on loopback, where local development runs its sandbox
 * provider. The Worker applies the full SSRF policy; this only spares the person a round trip.
 */
export const TOKEN_URL = /^https:\/\/[^/]|^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i;

/**
 * Messages for the form's fields that are not acceptable, keyed by field name; empty when all
 * are. Each input says what it needs (`required`, a provider field's `pattern`), so only what
 * is shown is checked: the secret or the private key in its place, never the optional ones. The
 * browser's own checks stay off (`novalidate`): the messages are the element's, in its strings.
 */
export function validate(form: HTMLFormElement, strings: Strings): Fields {
  const errors: Fields = {};
  for (const { name, value, required, validity } of form.elements as unknown as Iterable<HTMLInputElement>) {
    const text = value.trim();
    if (required && !text) errors[name] = strings.required;
    else if (name === 'token_url' ? text && !TOKEN_URL.test(text) : validity.patternMismatch)
      errors[name] = name === 'token_url' ? strings.httpsUrl : strings.pattern;
  }
  return errors;
}
