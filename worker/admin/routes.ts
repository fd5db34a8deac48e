import { Hono } from 'hono';
import { resealConnections } from '../connections/reseal.js';
import { requireAdminKey } from '../http/admin-auth.js';
import { invalidRequest } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';

const CONNECTION_ID_OR_EMPTY = /^(conn_[A-Za-z0-9_-]{22})?$/;

/**
 * Operations on the deployment itself (Bearer admin key). Mounted at /v1/admin.
 * POST /v1/admin/reseal?cursor=&limit= moves one page of connections to the leading encryption
 * key; `npm run rekey` calls it until `next_cursor` is null.
 */
export const adminRoutes = new Hono<AppEnv>().use(requireAdminKey).post('/reseal', async (c) => {
  const cursor = c.req.query('cursor') ?? '';
  const limit = Number(c.req.query('limit') ?? '100');
  if (!CONNECTION_ID_OR_EMPTY.test(cursor)) throw invalidRequest('cursor must be a next_cursor from an earlier page');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalidRequest('limit must be an integer from 1 to 500');
  return c.json(await resealConnections(c.env.DB, c.get('config').encryptionKeys, { cursor, limit }));
});
