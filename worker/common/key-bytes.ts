import { decodeBase64Url } from '../../protocol/index.js';

/**
 * Key material written as base64 or base64url, with or without `=` padding (RFC 4648 §4, §5):
 * every spelling people and tools produce for the same bytes. Null when it is none of them.
 * Keys are compared as these bytes, never as text, so a respelled key is still recognised.
 */
export function keyBytes(text: string): Uint8Array | null {
  const unpadded = text.trim().replace(/=+$/, '');
  try {
    return decodeBase64Url(unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
  } catch {
    return null;
  }
}

export const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** ENCRYPTION_KEYS' entries, `kid:key` separated by commas, as `[kid, key text]` in order (the first one seals). */
export function ringEntries(text: string): [string, string][] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      return [separator > 0 ? entry.slice(0, separator) : '', entry.slice(separator + 1).trim()];
    });
}
