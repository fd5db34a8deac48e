/**
 * The credential of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or '' if there is
 * none. The scheme name is case-insensitive (RFC 9110 §11.1).
 */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? '';
}
