import { encodeBase64Url } from '../../protocol/index.js';

// What a provider writes (RFC 6749 §5.2's error_description) is shown to people and stored. A
// careless provider may repeat the credentials it received, whole or in part, plainly or encoded.

/** The shortest run of a secret that counts as a piece of it. */
const PIECE = 8;
const MAX_DESCRIPTION = 200;
const WITHHELD = "the provider's description was withheld because it repeated the credentials";

/** The forms a secret travels or is logged in: plain, percent- and form-encoded, base64 and base64url. */
function encodings(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  // base64 encodes 3 bytes at a time, so a piece of the secret reads differently at each of the
  // three byte offsets it can start at; each alignment is encoded on its own.
  for (let offset = 0; offset < 3; offset += 1) {
    const base64url = encodeBase64Url(bytes.subarray(offset));
    forms.push(base64url, base64url.replace(/-/g, '+').replace(/_/g, '/'));
  }
  return forms;
}

/**
 * Whether `text` holds any piece of `secret` (any `PIECE` characters in a row) in any of its
 * common encodings. Compared without regard to case, so `%2f` counts as `%2F`: a false alarm
 * only withholds a description. Only pieces long enough to mean something count: a secret (or
 * an encoding of it) shorter than a piece is never found "in" text, or a one-character secret
 * would make every text an echo.
 */
export function echoesSecret(text: string, secret: string): boolean {
  const haystack = text.toLowerCase();
  return encodings(secret).some((form) => {
    const encoded = form.toLowerCase();
    for (let start = 0; start + PIECE <= encoded.length; start += 1) {
      if (haystack.includes(encoded.slice(start, start + PIECE))) return true;
    }
    return false;
  });
}

/**
 * One line of display text from a provider: C0 and C1 controls and the line and paragraph
 * separators become spaces, and the bidirectional controls (Unicode TR #9) go, so a provider
 * cannot make the page read "tneilc_dilavni" or reorder the words around it; ANSI escapes lose
 * their ESC and so their meaning.
 */
export const cleanText = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();

/**
 * Provider-chosen text made safe to show and store: control and bidirectional characters removed; withheld whole
 * if it echoes a secret (checked on all of it, before anything is cut); then cut to 200
 * characters. Escaping is the renderer's job.
 */
export function providerText(text: unknown, secrets: string[]): string | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = cleanText(text);
  if (!clean) return undefined;
  if (secrets.some((secret) => echoesSecret(clean, secret))) return WITHHELD;
  // Cut by code points, so a character outside the BMP is never halved into a lone surrogate.
  const characters = Array.from(clean);
  return characters.length > MAX_DESCRIPTION ? `${characters.slice(0, MAX_DESCRIPTION - 1).join('')}…` : clean;
}
