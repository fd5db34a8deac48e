import { createRoute, z } from '@hono/zod-openapi';
import type { CreatedSession } from '../../protocol/index.js';
import { contract } from '../http/contract.js';
import { ADMIN_KEY, adminErrors, adminKeyRoutes, error, json } from '../http/openapi.js';
import { mintSession } from './mint-session.js';
import { completeSessionRequest } from './session-presets.js';
import { sessionRequestOf, sessionRequestSchema } from './session-request.js';

const createdSession = z
  .object({
    token: z.string().openapi({ description: 'The session token for the element (session-token attribute)' }),
    expiresAt: z.number().int().openapi({ description: 'Epoch seconds' }),
  })
  .openapi('CreatedSession');
contract<z.output<typeof createdSession>, CreatedSession>();

const createSession = createRoute({
  method: 'post',
  path: '/',
  tags: ['Sessions'],
  operationId: 'createSession',
  summary: 'Create a connect session for one tenant and embedding origin',
  security: ADMIN_KEY,
  request: { body: { required: true, content: { 'application/json': { schema: sessionRequestSchema } } } },
  responses: {
    201: json(createdSession, 'A signed session of at most 10 minutes'),
    ...adminErrors(400),
    404: error('The connection a reconnect session names does not exist for this tenant (not_found)'),
  },
});

/** POST /v1/sessions: the host's backend asks for a connect session for one tenant and origin. */
export const sessionRoutes = adminKeyRoutes().openapi(createSession, async (c) => {
  const request = sessionRequestOf(c.req.valid('json'), c.get('config').tokenUrlPolicy);
  return c.json(await mintSession(await completeSessionRequest(c.env.DB, request), c.get('config')), 201);
});
