import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../protocol/index.js';
import { isExpired, jwtExpiry, needsRefresh, tokenExpiresAt } from '../../worker/connections/token-lifetime.js';

const part = (value: unknown) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
const jwt = (claims: unknown) => `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part(claims)}.c2lnbmF0dXJl`;
const ISSUED = 1_800_000_000;

describe('token expiry', () => {
  it('uses expires_in when the provider sent it (RFC 6749 §5.1)', () => {
    expect(tokenExpiresAt({ accessToken: jwt({ exp: ISSUED + 99 }), expiresIn: 600 }, ISSUED, 3600)).toBe(ISSUED + 600);
    expect(tokenExpiresAt({ accessToken: 'opaque', expiresIn: 59.9 }, ISSUED, 3600)).toBe(ISSUED + 59);
  });

  it('falls back to the JWT exp, then to the configured default', () => {
    expect(tokenExpiresAt({ accessToken: jwt({ exp: ISSUED + 900 }) }, ISSUED, 3600)).toBe(ISSUED + 900);
    expect(tokenExpiresAt({ accessToken: 'opaque-token' }, ISSUED, 1234)).toBe(ISSUED + 1234);
    expect(tokenExpiresAt({ accessToken: jwt({ sub: 'no exp' }) }, ISSUED, 1234)).toBe(ISSUED + 1234);
  });

  it('reads exp only from a well-formed JWS compact token', () => {
    expect(jwtExpiry(jwt({ exp: 42 }))).toBe(42);
    expect(jwtExpiry(jwt({ exp: '42' }))).toBeUndefined();
    expect(jwtExpiry('a.b')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
    expect(jwtExpiry(`x.${encodeBase64Url(new TextEncoder().encode('not json'))}.y`)).toBeUndefined();
    expect(jwtExpiry('h.p.s.e.t')).toBeUndefined();
  });

  it('believes a stated lifetime up to a year, so expires_at stays a whole epoch second', () => {
    const year = 365 * 24 * 3600;
    expect(tokenExpiresAt({ accessToken: 'opaque', expiresIn: 1e300 }, ISSUED, 3600)).toBe(ISSUED + year);
    expect(tokenExpiresAt({ accessToken: 'opaque', expiresIn: year - 1 }, ISSUED, 3600)).toBe(ISSUED + year - 1);
  });

  it('assumes at most a day when the answer states no lifetime: a JWT exp, the profile default, the configured one', () => {
    const day = 24 * 3600;
    expect(tokenExpiresAt({ accessToken: jwt({ exp: 1e300 }) }, ISSUED, 3600)).toBe(ISSUED + day);
    expect(tokenExpiresAt({ accessToken: 'opaque', defaultLifetime: 900 }, ISSUED, 3600)).toBe(ISSUED + 900);
    expect(tokenExpiresAt({ accessToken: jwt({ exp: ISSUED + 600 }), defaultLifetime: 900 }, ISSUED, 3600)).toBe(
      ISSUED + 600,
    );
    expect(tokenExpiresAt({ accessToken: 'opaque' }, ISSUED, 10 * day)).toBe(ISSUED + day);
  });

  it('never dates a JWT-only token before it was issued', () => {
    expect(tokenExpiresAt({ accessToken: jwt({ exp: ISSUED - 10 }) }, ISSUED, 3600)).toBe(ISSUED);
  });
});

describe('refresh point', () => {
  const lifetime = { issuedAt: ISSUED, expiresAt: ISSUED + 100 };

  it('serves the token until 75 % of its lifetime, then asks for a new one', () => {
    expect(needsRefresh(lifetime, ISSUED)).toBe(false);
    expect(needsRefresh(lifetime, ISSUED + 74)).toBe(false);
    expect(needsRefresh(lifetime, ISSUED + 75)).toBe(true);
    expect(isExpired(lifetime, ISSUED + 75)).toBe(false);
  });

  it('always refreshes an expired token, including one issued with no lifetime', () => {
    expect(needsRefresh(lifetime, ISSUED + 100)).toBe(true);
    expect(isExpired(lifetime, ISSUED + 100)).toBe(true);
    expect(needsRefresh({ issuedAt: ISSUED, expiresAt: ISSUED }, ISSUED)).toBe(true);
  });
});
