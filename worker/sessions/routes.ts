import { Hono } from 'hono';
import { requireAdminKey } from '../http/admin-auth.js';
import type { AppEnv } from '../http/app-env.js';
import { readJson } from '../http/read-body.js';
import { mintSession } from './mint-session.js';
import { completeSessionRequest } from './session-presets.js';
import { parseSessionRequest } from './session-request.js';

/** POST /v1/sessions: the host's backend asks for a connect session for one tenant and origin. */
export const sessionRoutes = new Hono<AppEnv>().use(requireAdminKey).post('/', async (c) => {
  const request = parseSessionRequest(await readJson(c), c.get('config').tokenUrlPolicy);
  return c.json(await mintSession(await completeSessionRequest(c.env.DB, request), c.get('config')), 201);
});
