import { createRoute, z } from '@hono/zod-openapi';
import {
  decodeBase64Url,
  encodeBase64Url,
  EVENT_TYPES,
  ALL_ERROR_CODES,
  type EventPage,
} from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { invalidRequest } from '../common/failure.js';
import { contract } from '../http/contract.js';
import { connectionId, tenant } from '../http/fields.js';
import { ADMIN_KEY, adminErrors, adminKeyRoutes, json } from '../http/openapi.js';
import { listEvents } from './event-log.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

/** An empty query parameter reads as an absent one (`?cursor=` from a template with nothing in it). */
const optionalParam = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The cursor is opaque to callers: the last row's position, base64url, only ever handed back. */
const encodeCursor = (seq: number) => encodeBase64Url(new TextEncoder().encode(String(seq)));

function decodeCursor(cursor: string): number {
  let text: string;
  try {
    text = new TextDecoder().decode(decodeBase64Url(cursor));
  } catch {
    text = '';
  }
  if (!/^[1-9]\d{0,14}$/.test(text)) throw invalidRequest('cursor must be a next_cursor from a previous page');
  return Number(text);
}

const statusEnum = z.enum(['active', 'refresh_failing', 'broken']);

const eventPage = z
  .object({
    events: z.array(
      z.object({
        id: z.string().openapi({ description: 'Also the webhook-id of its delivery' }),
        type: z.enum(EVENT_TYPES),
        created_at: z.number().int(),
        connection_id: z.string(),
        status: statusEnum,
        previous_status: statusEnum.nullable(),
        error_code: z.enum(ALL_ERROR_CODES).nullable(),
        delivery: z.enum(['pending', 'delivered', 'failed']).nullable(),
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi('EventPage');
contract<z.output<typeof eventPage>, EventPage>();

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Events'],
  operationId: 'listEvents',
  summary: "A tenant's lifecycle events, newest first, kept 90 days",
  security: ADMIN_KEY,
  request: {
    query: z.object({
      tenant,
      connection_id: optionalParam(connectionId),
      cursor: optionalParam(z.string()).openapi({ description: 'next_cursor of the previous page' }),
      limit: optionalParam(
        z.coerce
          .number({ error: `must be an integer from 1 to ${MAX_PAGE}` })
          .int({ error: `must be an integer from 1 to ${MAX_PAGE}` })
          .min(1, { error: `must be an integer from 1 to ${MAX_PAGE}` })
          .max(MAX_PAGE, { error: `must be an integer from 1 to ${MAX_PAGE}` }),
      ),
    }),
  },
  responses: { 200: json(eventPage, 'One page of events'), ...adminErrors(400) },
});

/**
 * `GET /v1/events?tenant=&connection_id=&cursor=&limit=`: one tenant's lifecycle events, newest
 * first, kept 90 days (Bearer admin key). Another tenant's events are never listed, whatever
 * the connection id or cursor given. Mounted at /v1/events.
 */
export const eventsRoutes = adminKeyRoutes().openapi(listRoute, async (c) => {
  const { tenant: owner, connection_id: connectionIdFilter, cursor, limit = DEFAULT_PAGE } = c.req.valid('query');
  const rows = await listEvents(c.env.DB, {
    tenant: owner,
    connectionId: connectionIdFilter,
    beforeSeq: cursor === undefined ? undefined : decodeCursor(cursor),
    limit,
    now: nowSeconds(),
  });
  const page = rows.slice(0, limit);
  return c.json(
    {
      events: page.map((row) => ({
        id: row.id,
        type: row.type,
        created_at: row.created_at,
        connection_id: row.connection_id,
        status: row.status,
        previous_status: row.previous_status,
        error_code: row.error_code,
        delivery: row.delivery,
      })),
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null,
    },
    200,
  );
});
