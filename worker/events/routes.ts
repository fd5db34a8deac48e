import { Hono } from 'hono';
import { decodeBase64Url, encodeBase64Url } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { isConnectionId } from '../connections/store.js';
import { requireAdminKey } from '../http/admin-auth.js';
import { invalidRequest } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';
import { tenantId } from '../http/input-rules.js';
import { listEvents } from './event-log.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

/** An empty query parameter reads as an absent one (`?cursor=` from a template with nothing in it). */
const param = (value: string | undefined) => (value === '' ? undefined : value);

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

function pageSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PAGE) {
    throw invalidRequest(`limit must be an integer from 1 to ${MAX_PAGE}`);
  }
  return Number(value);
}

/**
 * `GET /v1/events?tenant=&connection_id=&cursor=&limit=`: one tenant's lifecycle events, newest
 * first, kept 90 days (Bearer admin key). Another tenant's events are never listed, whatever
 * the connection id or cursor given. Mounted at /v1/events.
 */
export const eventsRoutes = new Hono<AppEnv>().use(requireAdminKey).get('/', async (c) => {
  const tenant = param(c.req.query('tenant'));
  if (tenant === undefined) throw invalidRequest('The tenant query parameter is required.');
  const connectionId = param(c.req.query('connection_id'));
  if (connectionId !== undefined && !isConnectionId(connectionId)) {
    throw invalidRequest('connection_id must be a connection id (conn_…)');
  }
  const cursor = param(c.req.query('cursor'));
  const limit = pageSize(param(c.req.query('limit')));
  const rows = await listEvents(c.env.DB, {
    tenant: tenantId(tenant),
    connectionId,
    beforeSeq: cursor === undefined ? undefined : decodeCursor(cursor),
    limit,
    now: nowSeconds(),
  });
  const page = rows.slice(0, limit);
  return c.json({
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
  });
});
