import { createRoute, z } from '@hono/zod-openapi';
import { STATE_PATTERN } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { error, errors, json, routes, SESSION_TOKEN } from '../http/openapi.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { requireSession } from '../sessions/require-session.js';
import { attemptDeadlineSeconds } from './attempt.js';
import { readAttempt } from './attempt-store.js';
import { resultMessageSchema } from './result-schema.js';

const readResult = createRoute({
  method: 'get',
  path: '/',
  tags: ['Connect'],
  operationId: 'readConnectResult',
  summary: "An attempt's result: the authoritative channel when the popup's message is lost",
  security: SESSION_TOKEN,
  // `Authorization: Bearer <session token>` (never the URL); an expired token still reads its own attempts.
  middleware: [requireSession({ from: 'authorization', expired: 'allow' })] as const,
  request: {
    query: z.object({
      state: z
        .string({ error: 'is required' })
        .regex(STATE_PATTERN, { error: 'must be the attempt\u2019s base64url state' }),
    }),
  },
  responses: {
    200: json(
      z.union([resultMessageSchema, z.object({ status: z.literal('pending') }).openapi('PendingAttempt')]),
      'The result, or pending',
    ),
    ...errors(400, 403),
    401: error('No session token, or an invalid one (session_invalid); an expired one still reads its attempts'),
    404: json(
      z.object({ status: z.literal('unknown') }).openapi('UnknownAttempt'),
      'The Worker never received this attempt (of this session)',
    ),
  },
});

/**
 * GET /v1/connect/result?state=… — the authoritative channel when the popup's opener link is
 * gone (COOP on the host page) or the popup closed before its message arrived. Attempts are kept
 * 10 minutes. An unknown state and another session's state answer the same 404, so nothing is
 * learned about attempts one did not make.
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
