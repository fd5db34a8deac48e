import { Hono } from 'hono';
import type { SessionClaims } from '../../protocol/index.js';
import { invalidRequest } from '../api-error.js';
import { requireAdminKey } from '../admin-auth.js';
import type { AppEnv } from '../app-env.js';
import type { Config } from '../config.js';
import { randomId } from '../random-id.js';
import { parseSessionRequest, type SessionRequest } from '../session-request.js';
import { nowSeconds } from '../clock.js';
import { signSession } from '../session-token.js';

/** Signs a session of at most 10 minutes; its `sid` is what single use and the attempt cap count. */
export async function mintSession({ ttl, ...request }: SessionRequest, config: Config) {
  const iat = nowSeconds();
  const claims: SessionClaims = { v: 1, sid: randomId(), iat, exp: iat + ttl, ...request };
  return { token: await signSession(claims, config.sessionSigningKey), expiresAt: claims.exp };
}

export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw invalidRequest('the body must be JSON');
  }
}

/** POST /v1/sessions: the host's backend asks for a connect session for one tenant and origin. */
export const sessionRoutes = new Hono<AppEnv>().use(requireAdminKey).post('/', async (c) => {
  const request = parseSessionRequest(await readJson(c.req.raw), c.get('config').tokenUrlPolicy);
  return c.json(await mintSession(request, c.get('config')), 201);
});
