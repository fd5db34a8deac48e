import type { SessionClaims } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { randomId } from '../common/random-id.js';
import { invalidRequest } from '../common/failure.js';
import type { Config } from '../config/config.js';
import type { SessionRequest } from './session-request.js';
import { MAX_SESSION_TOKEN_LENGTH, signSession } from './session-token.js';

/** Signs a session of at most 10 minutes; its `sid` is what single use and the attempt cap count. */
export async function mintSession({ ttl, ...request }: SessionRequest, config: Config) {
  const iat = nowSeconds();
  const claims: SessionClaims = { v: 1, sid: randomId(), iat, exp: iat + ttl, ...request };
  const token = await signSession(claims, config.sessionSigningKey);
  // Refused now rather than accepted here and rejected by the verifier at connect time.
  if (token.length > MAX_SESSION_TOKEN_LENGTH) {
    throw invalidRequest(
      `the session is too large (over ${MAX_SESSION_TOKEN_LENGTH} characters): preset fewer or shorter values`,
    );
  }
  return { token, expiresAt: claims.exp };
}
