import type { SessionClaims } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { randomId } from '../common/random-id.js';
import type { Config } from '../http/config.js';
import type { SessionRequest } from './session-request.js';
import { signSession } from './session-token.js';

/** Signs a session of at most 10 minutes; its `sid` is what single use and the attempt cap count. */
export async function mintSession({ ttl, ...request }: SessionRequest, config: Config) {
  const iat = nowSeconds();
  const claims: SessionClaims = { v: 1, sid: randomId(), iat, exp: iat + ttl, ...request };
  return { token: await signSession(claims, config.sessionSigningKey), expiresAt: claims.exp };
}
