import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { STATE_PATTERN } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { bearerToken } from '../http/bearer-token.js';
import { errors, json, routes, SESSION_TOKEN } from '../http/openapi.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { verifySessionSignature } from '../sessions/session-token.js';
import { attemptDeadlineSeconds } from './attempt.js';
import { readAttempt } from './attempt-store.js';
import { resultMessageSchema } from './result-schema.js';

/**
 * `Authorization: Bearer <session token>` (never the URL), and, when the browser sends one, its
 * Origin must be the session's. Checked before anything else of the request.
 */
const requireSessionToken = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  const claims = token ? await verifySessionSignature(token, c.get('config').sessionSigningKey) : null;
  if (!claims) throw new ApiError(401, 'session_invalid');
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== claims.origin) throw new ApiError(403, 'origin_not_allowed');
  c.set('session', claims);
  await next();
});

const readResult = createRoute({
  method: 'get',
  path: '/',
  tags: ['Connect'],
  summary: "An attempt's result: the authoritative channel when the popup's message is lost",
  security: SESSION_TOKEN,
  middleware: [requireSessionToken] as const,
  request: {
    query: z.object({
      state: z
        .string({ error: 'is required' })
        .regex(STATE_PATTERN, { error: 'must be the attempt\u2019s base64url state' }),
    }),
  },
  responses: {
    200: json(z.union([resultMessageSchema, z.object({ status: z.literal('pending') })]), 'The result, or pending'),
    404: json(z.object({ status: z.literal('unknown') }), 'The Worker never received this attempt (of this session)'),
    ...errors(400, 401, 403),
  },
});

/**
 * GET /v1/connect/result?state=… — the authoritative channel when the popup's opener link is
 * gone (COOP on the host page) or the popup closed before its message arrived. An expired token
 * still reads its own attempts, which are kept 10 minutes. An unknown state and another
 * session's state answer the same 404, so nothing is learned about attempts one did not make.
 */
export const connectResultRoutes = routes();
connectResultRoutes.use(reflectOriginCors(['GET'], ['Authorization']));
connectResultRoutes.openapi(readResult, async (c) => {
  const { state } = c.req.valid('query');
  const deadline = attemptDeadlineSeconds(c.get('config'));
  const attempt = await readAttempt(c.env.DB, c.get('session').sid, state, nowSeconds(), deadline);
  if (!attempt) return c.json({ status: 'unknown' as const }, 404);
  return c.json(attempt, 200);
});
