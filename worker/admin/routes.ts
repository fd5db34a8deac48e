import { createRoute, z } from '@hono/zod-openapi';
import type { ResealPage } from '../../protocol/index.js';
import { RESEAL_CURSOR, resealPage } from './reseal.js';
import { contract } from '../http/contract.js';
import { ADMIN_KEY, adminErrors, adminKeyRoutes, json } from '../http/openapi.js';

const resealPageSchema = z
  .object({ resealed: z.number().int(), unreadable: z.number().int(), next_cursor: z.string().nullable() })
  .openapi('ResealPage');
contract<z.output<typeof resealPageSchema>, ResealPage>();

const reseal = createRoute({
  method: 'post',
  path: '/reseal',
  tags: ['Admin'],
  operationId: 'resealPage',
  summary:
    'Move one page of sealed values (connections, Worker-held keys) to the leading encryption key (npm run rekey walks them all)',
  security: ADMIN_KEY,
  request: {
    query: z.object({
      cursor: z
        .string()
        .refine((value) => value === '' || RESEAL_CURSOR.test(value), {
          error: 'must be a next_cursor from an earlier page',
        })
        .default(''),
      limit: z.coerce
        .number({ error: 'must be an integer from 1 to 500' })
        .int({ error: 'must be an integer from 1 to 500' })
        .min(1, { error: 'must be an integer from 1 to 500' })
        .max(500, { error: 'must be an integer from 1 to 500' })
        .default(100),
    }),
  },
  responses: { 200: json(resealPageSchema, 'What this page moved'), ...adminErrors(400) },
});

/**
 * Operations on the deployment itself (Bearer admin key). Mounted at /v1/admin.
 * POST /v1/admin/reseal?cursor=&limit= moves one page of sealed values to the leading encryption
 * key; `npm run rekey` calls it until `next_cursor` is null.
 */
export const adminRoutes = adminKeyRoutes().openapi(reseal, async (c) => {
  const page = await resealPage(c.env, c.get('config').encryptionKeys, c.req.valid('query'));
  return c.json(page, 200);
});
