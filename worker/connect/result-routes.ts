import { Hono } from 'hono';
import { STATE_PATTERN } from '../../protocol/index.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { attemptDeadlineSeconds } from './attempt.js';
import { readAttempt } from './attempt-store.js';
import { bearerToken } from '../http/bearer-token.js';
import { nowSeconds } from '../common/clock.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { verifySessionSignature } from '../sessions/session-token.js';

/**
 * GET /v1/connect/result?state=… — the authoritative channel when the popup's opener link is
 * gone (COOP on the host page) or the popup closed before its message arrived. Authorised by
 * the session token (a bearer header, never the URL); an expired token still reads its own
 * attempts, which are kept 10 minutes. An unknown state and another session's state answer the
 * same 404, so nothing is learned about attempts one did not make.
 */
export const connectResultRoutes = new Hono<AppEnv>()
  .use(reflectOriginCors(['GET'], ['Authorization']))
  .get('/', async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    const claims = token ? await verifySessionSignature(token, c.get('config').sessionSigningKey) : null;
    if (!claims) throw new ApiError(401, 'session_invalid');
    if (c.req.header('origin') !== undefined && c.req.header('origin') !== claims.origin)
      throw new ApiError(403, 'origin_not_allowed');
    const state = c.req.query('state') ?? '';
    if (!STATE_PATTERN.test(state)) throw invalidRequest('state must be the attempt\u2019s base64url state');
    const attempt = await readAttempt(
      c.env.DB,
      claims.sid,
      state,
      nowSeconds(),
      attemptDeadlineSeconds(c.get('config')),
    );
    if (!attempt) return c.json({ status: 'unknown' }, 404);
    return c.json(attempt);
  });
