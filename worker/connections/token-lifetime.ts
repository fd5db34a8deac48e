import { decodeBase64Url } from '../../protocol/index.js';

/** A token is refreshed once this share of its lifetime has passed, well before it lapses. */
const REFRESH_AT_FRACTION = 0.75;

/**
 * The longest lifetime believed. A provider may claim any finite expires_in (1e300) or JWT exp;
 * past a year the token is simply asked for again, and expires_at stays a whole epoch second
 * that every caller's integer type can hold.
 */
const MAX_LIFETIME_SECONDS = 365 * 24 * 3600;
/**
 * The longest lifetime assumed when the answer states none: a token kept longer than its real
 * life would be handed out expired, so a guess stays short.
 */
const MAX_ASSUMED_SECONDS = 24 * 3600;

/** Times in seconds since the epoch. */
export interface TokenLifetime {
  issuedAt: number;
  expiresAt: number;
}

/**
 * The `exp` claim (RFC 7519 §4.1.4) of a JWS compact token (RFC 7515 §7.1), read without
 * verifying it: the provider just handed us the token over TLS, and we only use it as a hint
 * for when to ask again. Anything that is not such a token gives undefined.
 */
export function jwtExpiry(accessToken: string): number | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(decodeBase64Url(parts[1]!)));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? Math.floor(exp) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When a token issued at `issuedAt` expires: RFC 6749 §5.1's expires_in (or the profile's
 * absolute expiry) when the provider sent it; else the JWT's exp; else the profile's default
 * lifetime; else the configured default ("the authorization server SHOULD provide the expiration
 * time via other means or document the default value"). An assumed lifetime is never longer
 * than a day.
 */
export function tokenExpiresAt(
  token: { accessToken: string; expiresIn?: number; defaultLifetime?: number },
  issuedAt: number,
  defaultTtlSeconds: number,
): number {
  if (token.expiresIn !== undefined && Number.isFinite(token.expiresIn))
    return issuedAt + Math.min(MAX_LIFETIME_SECONDS, Math.max(0, Math.floor(token.expiresIn)));
  const exp = jwtExpiry(token.accessToken);
  if (exp !== undefined) return Math.min(issuedAt + MAX_ASSUMED_SECONDS, Math.max(issuedAt, exp));
  return issuedAt + Math.min(MAX_ASSUMED_SECONDS, token.defaultLifetime ?? defaultTtlSeconds);
}

export function isExpired({ expiresAt }: TokenLifetime, now: number): boolean {
  return now >= expiresAt;
}

/** When a token should be replaced: once REFRESH_AT_FRACTION of its lifetime has passed. */
export const refreshPoint = (lifetime: TokenLifetime) =>
  lifetime.issuedAt + (lifetime.expiresAt - lifetime.issuedAt) * REFRESH_AT_FRACTION;

/** True once REFRESH_AT_FRACTION of the lifetime has passed (and always once expired). */
export function needsRefresh(lifetime: TokenLifetime, now: number): boolean {
  return now >= refreshPoint(lifetime) || isExpired(lifetime, now);
}
