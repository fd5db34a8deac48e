import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'hono/utils/buffer';
import { Failure } from '../common/failure.js';
import type { AppEnv } from './app-env.js';
import { bearerToken } from './bearer-token.js';

/** The host's backend authenticates with `Authorization: Bearer <ADMIN_API_KEY>` (RFC 6750 §2.1). */
export const requireAdminKey = createMiddleware<AppEnv>(async (c, next) => {
  const presented = bearerToken(c.req.header('authorization'));
  if (!presented || !(await timingSafeEqual(presented, c.get('config').adminApiKey))) {
    throw new Failure(401, 'unauthorized', 'A valid admin API key is required (Authorization: Bearer <key>).');
  }
  await next();
});
