import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ApiError } from './api-error.js';
import type { AppEnv } from './app-env.js';

/** The host's backend authenticates with `Authorization: Bearer <ADMIN_API_KEY>` (RFC 6750 §2.1). */
export const requireAdminKey = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!presented || !(await timingSafeEqual(presented, c.get('config').adminApiKey))) {
    throw new ApiError(401, 'unauthorized', 'A valid admin API key is required (Authorization: Bearer <key>).', {
      'WWW-Authenticate': 'Bearer realm="oauth-cc-connect"',
    });
  }
  await next();
});
