import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../protocol/index.js';
import { nowSeconds } from '../../worker/common/clock.js';
import { EVENT_RETENTION_SECONDS, readEvent } from '../../worker/events/event-log.js';
import { recordEvent, type ConnectionEvent } from '../../worker/events/record-event.js';
import { sweepUnsentEvents } from '../../worker/events/sweep.js';
import { maintain } from '../../worker/maintenance.js';
import { transitionEvent } from '../../worker/events/transitions.js';
import type { DeliveryJob } from '../../worker/events/delivery-job.js';
import { ADMIN, BASE, expectNoSecretsLogged } from './helpers.js';
import { faultyDb } from './faulty-db.js';

const logged = expectNoSecretsLogged();

const CONN_A = 'conn_AAAAAAAAAAAAAAAAAAAAAA';
const CONN_B = 'conn_BBBBBBBBBBBBBBBBBBBBBB';
const CONN_C = 'conn_CCCCCCCCCCCCCCCCCCCCCC';

const event = (overrides: Partial<ConnectionEvent> = {}): ConnectionEvent => ({
  type: 'connection.created',
  tenant: 'acme',
  connectionId: CONN_A,
  status: 'active',
  previousStatus: null,
  ...overrides,
});

/** A queue that keeps what it is sent (or refuses it), so no broker delivers behind the test's back. */
function fakeQueue(fail = false) {
  const sent: DeliveryJob[] = [];
  const queue = {
    send: async (body: DeliveryJob) => {
      if (fail) throw new Error('queue unavailable');
      sent.push(body);
    },
  } as unknown as Queue;
  return { sent, queue };
}

async function record(e: ConnectionEvent, now = nowSeconds(), overrides: Partial<Env> = {}): Promise<void> {
  await recordEvent({ ...env, WEBHOOKS: fakeQueue().queue, ...overrides }, e, now);
}

interface Listed {
  id: string;
  type: string;
  created_at: number;
  connection_id: string;
  status: string;
  previous_status: string | null;
  error_code: string | null;
  delivery: string | null;
}

async function list(query: string, headers: Record<string, string> = ADMIN) {
  const response = await SELF.fetch(`${BASE}/v1/events?${query}`, { headers });
  return {
    status: response.status,
    body: (await response.json()) as { events: Listed[]; next_cursor: string | null; error?: string },
  };
}

const clear = () => env.DB.prepare('DELETE FROM connection_events').run();

describe('transitionEvent (which change is worth an event)', () => {
  it('tells each transition once, and nothing for a status that stays', () => {
    expect(transitionEvent(null, 'active')).toBe('connection.created');
    expect(transitionEvent('active', 'refresh_failing')).toBe('connection.refresh_failed');
    expect(transitionEvent('refresh_failing', 'refresh_failing')).toBeNull();
    expect(transitionEvent('active', 'broken')).toBe('connection.broken');
    expect(transitionEvent('refresh_failing', 'broken')).toBe('connection.broken');
    expect(transitionEvent('broken', 'broken')).toBeNull();
    expect(transitionEvent('broken', 'active')).toBe('connection.recovered');
    expect(transitionEvent('refresh_failing', 'active')).toBe('connection.recovered');
    // A broken connection whose provider now fails transiently is no longer rejected: told, too.
    expect(transitionEvent('broken', 'refresh_failing')).toBe('connection.refresh_failed');
    expect(transitionEvent('active', 'active')).toBeNull();
  });
});

describe('recordEvent', () => {
  it('writes the row and queues its id when webhooks are on', async () => {
    const { sent, queue } = fakeQueue();
    const now = nowSeconds();
    await recordEvent(
      { ...env, WEBHOOKS: queue },
      event({
        type: 'connection.broken',
        status: 'broken',
        previousStatus: 'active',
        error: { code: 'invalid_client', message: 'The provider rejected the Client ID or Client Secret.' },
      }),
      now,
    );
    expect(sent).toHaveLength(1);
    const { eventId } = sent[0]!;
    expect(eventId).toMatch(/^evt_[A-Za-z0-9_-]{22}$/);
    expect(await readEvent(env.DB, eventId)).toMatchObject({
      id: eventId,
      tenant: 'acme',
      connection_id: CONN_A,
      type: 'connection.broken',
      status: 'broken',
      previous_status: 'active',
      error_code: 'invalid_client',
      error_message: 'The provider rejected the Client ID or Client Secret.',
      created_at: now,
      delivery: 'pending',
      delivery_attempts: 0,
    });
  });

  it('only logs when webhooks are off: no queue message, no delivery state', async () => {
    await clear();
    const { sent, queue } = fakeQueue();
    await recordEvent(
      { ...env, WEBHOOKS: queue, WEBHOOK_URL: undefined, WEBHOOK_SECRET: undefined },
      event(),
      nowSeconds(),
    );
    expect(sent).toEqual([]);
    const { body } = await list('tenant=acme');
    expect(body.events.map((e) => e.delivery)).toEqual([null]);
  });

  it('is one with the change it tells of: a failed event write undoes the change, and nothing is queued', async () => {
    const { sent, queue } = fakeQueue();
    const db = faultyDb(env.DB, /INSERT INTO connection_events/);
    await env.DB.prepare(
      "INSERT INTO sandbox_client_secrets (client_id, secret) VALUES ('event-change', 'before')",
    ).run();
    const change = db.prepare("UPDATE sandbox_client_secrets SET secret = 'after' WHERE client_id = 'event-change'");
    await expect(recordEvent({ ...env, DB: db, WEBHOOKS: queue }, event(), nowSeconds(), change)).rejects.toThrow();
    expect(sent).toEqual([]);
    const row = await env.DB.prepare(
      "SELECT secret FROM sandbox_client_secrets WHERE client_id = 'event-change'",
    ).first();
    expect(row).toEqual({ secret: 'before' });
  });

  it('a refused queue send leaves the event pending, logged; the scheduled sweep sends it again', async () => {
    await clear();
    const created = nowSeconds() - 300;
    await expect(recordEvent({ ...env, WEBHOOKS: fakeQueue(true).queue }, event(), created)).resolves.toMatchObject({
      recorded: true,
    });
    const { body } = await list('tenant=acme');
    expect(body.events.map((e) => e.delivery)).toEqual(['pending']);
    expect(logged().some((line) => line.includes('"event":"webhook_not_queued"'))).toBe(true);
    const { sent, queue } = fakeQueue();
    expect(await sweepUnsentEvents({ ...env, WEBHOOKS: queue }, nowSeconds())).toBe(1);
    expect(sent).toEqual([{ eventId: body.events[0]!.id }]);
    // A fresh event is left alone: its own send is most likely still on its way.
    await record(event({ connectionId: CONN_B }), nowSeconds());
    const again = fakeQueue();
    expect(await sweepUnsentEvents({ ...env, WEBHOOKS: again.queue }, nowSeconds())).toBe(1);
  });

  it('the scheduled maintenance prunes events older than 90 days', async () => {
    await clear();
    const now = nowSeconds();
    await record(event({ connectionId: CONN_B }), now - EVENT_RETENTION_SECONDS - 60);
    await record(event({ connectionId: CONN_C }), now - EVENT_RETENTION_SECONDS + 60);
    await record(event(), now);
    await maintain(env, now);
    const { results } = await env.DB.prepare('SELECT connection_id FROM connection_events ORDER BY seq').all();
    expect(results.map((r) => r.connection_id)).toEqual([CONN_C, CONN_A]);
  });
});

describe('GET /v1/events', () => {
  it('requires the admin key and a valid tenant', async () => {
    expect((await list('tenant=acme', {})).status).toBe(401);
    expect((await list('tenant=acme', { authorization: 'Bearer wrong' })).status).toBe(401);
    for (const query of ['', 'tenant=', 'tenant=a%20b', `tenant=${'x'.repeat(129)}`]) {
      const { status, body } = await list(query);
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_request');
    }
  });

  it('lists the tenant’s events newest first, with the documented fields', async () => {
    await clear();
    const now = nowSeconds();
    await record(event(), now - 10);
    await record(
      event({
        type: 'connection.refresh_failed',
        status: 'refresh_failing',
        previousStatus: 'active',
        error: { code: 'provider_unavailable', message: 'The provider did not answer.' },
      }),
      now - 5,
    );
    // Same second as the next one: insertion order still decides.
    await record(event({ type: 'connection.recovered', status: 'active', previousStatus: 'refresh_failing' }), now);
    await record(event({ type: 'connection.deleted', status: 'active', previousStatus: 'active' }), now);

    const { status, body } = await list('tenant=acme');
    expect(status).toBe(200);
    expect(body.next_cursor).toBeNull();
    expect(body.events.map((e) => e.type)).toEqual([
      'connection.deleted',
      'connection.recovered',
      'connection.refresh_failed',
      'connection.created',
    ]);
    expect(body.events[2]).toEqual({
      id: expect.stringMatching(/^evt_[A-Za-z0-9_-]{22}$/),
      type: 'connection.refresh_failed',
      created_at: now - 5,
      connection_id: CONN_A,
      status: 'refresh_failing',
      previous_status: 'active',
      error_code: 'provider_unavailable',
      delivery: 'pending',
    });
  });

  it('pages with an opaque cursor until next_cursor is null, each event once', async () => {
    await clear();
    const now = nowSeconds();
    for (let i = 0; i < 7; i += 1) {
      await record(event({ type: EVENT_TYPES[i % EVENT_TYPES.length]!, connectionId: i % 2 ? CONN_B : CONN_A }), now);
    }
    const seen: string[] = [];
    let cursor = '';
    const pages: number[] = [];
    do {
      const { status, body } = await list(`tenant=acme&limit=3&cursor=${cursor}`);
      expect(status).toBe(200);
      pages.push(body.events.length);
      seen.push(...body.events.map((e) => e.type));
      cursor = body.next_cursor ?? '';
    } while (cursor);
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].reverse().map((i) => EVENT_TYPES[i % EVENT_TYPES.length]));
  });

  it('filters by connection_id, and pages within the filter', async () => {
    await clear();
    for (const id of [CONN_A, CONN_B, CONN_A, CONN_C, CONN_A]) await record(event({ connectionId: id }));
    const first = await list(`tenant=acme&connection_id=${CONN_A}&limit=2`);
    expect(first.body.events.map((e) => e.connection_id)).toEqual([CONN_A, CONN_A]);
    const second = await list(`tenant=acme&connection_id=${CONN_A}&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.events.map((e) => e.connection_id)).toEqual([CONN_A]);
    expect(second.body.next_cursor).toBeNull();
    expect((await list(`tenant=acme&connection_id=${CONN_B}`)).body.events).toHaveLength(1);
  });

  it('never lists another tenant’s events: not by tenant, connection id nor cursor', async () => {
    await clear();
    await record(event({ tenant: 'globex', connectionId: CONN_B }));
    await record(event({ tenant: 'globex', connectionId: CONN_B, type: 'connection.updated' }));
    await record(event({ tenant: 'acme', connectionId: CONN_A }));

    const acme = await list('tenant=acme');
    expect(acme.body.events.map((e) => e.connection_id)).toEqual([CONN_A]);
    expect((await list(`tenant=acme&connection_id=${CONN_B}`)).body.events).toEqual([]);
    // A cursor from globex's listing, replayed under acme, still lists acme's only.
    const globexPage = await list('tenant=globex&limit=1');
    expect(globexPage.body.next_cursor).not.toBeNull();
    const replayed = await list(`tenant=acme&cursor=${globexPage.body.next_cursor}`);
    expect(replayed.body.events.every((e) => e.connection_id === CONN_A)).toBe(true);
    // Tenant names are exact: no case folding, no prefix match.
    expect((await list('tenant=ACME')).body.events).toEqual([]);
    expect((await list('tenant=acm')).body.events).toEqual([]);
  });

  it('hides events past the 90-day retention even before they are pruned', async () => {
    await clear();
    const now = nowSeconds();
    await env.DB.prepare(
      `INSERT INTO connection_events (id, tenant, connection_id, type, status, created_at)
       VALUES ('evt_oldoldoldoldoldoldold1', 'acme', ?1, 'connection.created', 'active', ?2)`,
    )
      .bind(CONN_A, now - EVENT_RETENTION_SECONDS - 1)
      .run();
    expect((await list('tenant=acme')).body.events).toEqual([]);
  });

  it.each([
    ['a malformed connection_id', 'connection_id=conn_short'],
    ['a forged cursor', 'cursor=bm90LWEtbnVtYmVy'],
    ['a cursor that is not base64url', 'cursor=%2B%2B'],
    ['a zero limit', 'limit=0'],
    ['a limit over 100', 'limit=101'],
    ['a fractional limit', 'limit=2.5'],
  ])('answers 400 invalid_request to %s', async (_, query) => {
    const { status, body } = await list(`tenant=acme&${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });
});
