import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index.js';
import { newConnectionId } from '../../worker/connections/store.js';
import { readEvent } from '../../worker/events/event-log.js';
import { recordEvent, type ConnectionEvent } from '../../worker/events/record-event.js';
import { handleWebhookBatch } from '../../worker/webhooks/queue-consumer.js';
import type { DeliveryJob } from '../../worker/events/delivery-job.js';
import { eventually, expectNoSecretsLogged, receiverUrl } from './helpers.js';

const QUEUE = 'oauth-cc-connect-webhooks';
const DLQ = 'oauth-cc-connect-webhooks-dlq';

interface Delivery {
  path: string;
  method: string;
  headers: Record<string, string | undefined>;
  body: string;
  verified: boolean;
}

/** What reached this file's paths of the receiver (`/ok`, `/fail`, …). */
const received = async (): Promise<Delivery[]> => (await fetch(receiverUrl('/__received'))).json();

const logged = expectNoSecretsLogged(env.WEBHOOK_SECRET!, 'ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM');

beforeEach(async () => {
  await (await fetch(receiverUrl('/__reset'), { method: 'POST' })).body?.cancel();
});

const BROKEN: ConnectionEvent = {
  type: 'connection.broken',
  tenant: 'acme',
  connectionId: 'conn_AAAAAAAAAAAAAAAAAAAAAA',
  status: 'broken',
  previousStatus: 'active',
  error: { code: 'invalid_client', message: 'The provider rejected the Client ID or Client Secret.' },
};
const EVENT_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z

/** Records an event with a stand-in queue, so no broker delivers it behind the test's back. */
async function recorded(event: ConnectionEvent = BROKEN): Promise<string> {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (body: DeliveryJob) => void sent.push(body) } as unknown as Queue;
  await recordEvent({ ...env, WEBHOOKS: queue }, event, EVENT_TIME);
  expect(sent).toHaveLength(1);
  return sent[0]!.eventId;
}

/** Runs the consumer on one message, as the queue would on attempt `attempts`; returns ack/retry. */
async function consume(
  eventId: string,
  { path = 'hook', attempts = 1, queue = QUEUE, now = Date.now(), overrides = {} as Partial<Env> } = {},
) {
  const batch = createMessageBatch<DeliveryJob>(queue, [
    { id: `msg-${attempts}`, timestamp: new Date(), attempts, body: { eventId } },
  ]);
  const ctx = createExecutionContext();
  await handleWebhookBatch(batch, { ...env, WEBHOOK_URL: receiverUrl(`/${path}`), ...overrides }, now);
  const result = await getQueueResult(batch, ctx);
  return { acked: result.explicitAcks.length === 1, retried: result.retryMessages.length === 1 };
}

describe('webhook delivery (the queue consumer against a real receiver)', () => {
  it('POSTs the event signed per Standard Webhooks, acks on 2xx and marks it delivered', async () => {
    const eventId = await recorded();
    const now = Date.now();
    expect(await consume(eventId, { path: 'ok', now })).toEqual({ acked: true, retried: false });

    const [delivery, ...more] = await received();
    expect(more).toEqual([]);
    expect(delivery!.method).toBe('POST');
    expect(delivery!.path).toBe('/ok');
    expect(delivery!.verified).toBe(true);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['webhook-id']).toBe(eventId);
    expect(delivery!.headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // Exactly the documented payload: nothing else, so no secret or token can ride along.
    expect(JSON.parse(delivery!.body)).toEqual({
      type: 'connection.broken',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: {
        connection_id: BROKEN.connectionId,
        tenant: 'acme',
        status: 'broken',
        error: { code: 'invalid_client', message: 'The provider rejected the Client ID or Client Secret.' },
      },
    });
    expect(delivery!.body).not.toContain(env.WEBHOOK_SECRET!.slice(6));
    expect(delivery!.body).not.toMatch(/access_token|client_secret|whsec_/);

    const row = await readEvent(env.DB, eventId);
    expect(row).toMatchObject({ delivery: 'delivered', delivery_attempts: 1, delivered_at: Math.floor(now / 1000) });
  });

  it('leaves `error` out of an event that has none', async () => {
    const eventId = await recorded({
      ...BROKEN,
      type: 'connection.created',
      status: 'active',
      previousStatus: null,
      error: undefined,
    });
    await consume(eventId, { path: 'ok' });
    const [delivery] = await received();
    expect(JSON.parse(delivery!.body).data).toEqual({
      connection_id: BROKEN.connectionId,
      tenant: 'acme',
      status: 'active',
    });
  });

  it('retries a 5xx with back-off, re-signed at each attempt under the same webhook-id, until one succeeds', async () => {
    const eventId = await recorded();
    const start = Date.now();
    const retry = vi.fn();
    // The delay asked for (the test shim's getQueueResult does not report it): watched on the message.
    const batch = createMessageBatch<DeliveryJob>(QUEUE, [
      { id: 'm', timestamp: new Date(), attempts: 3, body: { eventId } },
    ]);
    batch.messages[0]!.retry = retry;
    await handleWebhookBatch(batch, { ...env, WEBHOOK_URL: receiverUrl('/fail') }, start);
    expect(retry).toHaveBeenCalledWith({ delaySeconds: 120 });

    expect(await consume(eventId, { path: 'fail', attempts: 4, now: start + 120_000 })).toEqual({
      acked: false,
      retried: true,
    });
    expect((await readEvent(env.DB, eventId))!.delivery).toBe('pending');
    expect(await consume(eventId, { path: 'ok', attempts: 5, now: start + 360_000 })).toEqual({
      acked: true,
      retried: false,
    });

    const deliveries = await received();
    expect(deliveries.map((d) => d.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
    expect(deliveries.map((d) => Number(d.headers['webhook-timestamp']) - Math.floor(start / 1000))).toEqual([
      0, 120, 360,
    ]);
    expect(new Set(deliveries.map((d) => d.headers['webhook-signature'])).size).toBe(3);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    expect((await readEvent(env.DB, eventId))!).toMatchObject({ delivery: 'delivered', delivery_attempts: 5 });
    expect(
      logged().some(
        (line) => line.includes('"event":"webhook_delivery_failed"') && line.includes('"error":"HTTP 500"'),
      ),
    ).toBe(true);
  });

  it('honours a longer Retry-After from the receiver', async () => {
    const eventId = await recorded();
    const retry = vi.fn();
    const batch = createMessageBatch<DeliveryJob>(QUEUE, [
      { id: 'm', timestamp: new Date(), attempts: 1, body: { eventId } },
    ]);
    batch.messages[0]!.retry = retry;
    await handleWebhookBatch(batch, { ...env, WEBHOOK_URL: receiverUrl('/busy') });
    expect(retry).toHaveBeenCalledWith({ delaySeconds: 120 });
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const eventId = await recorded();
    expect(await consume(eventId, { path: 'redirect' })).toEqual({ acked: false, retried: true });
    expect((await received()).map((d) => d.path)).toEqual(['/redirect']);
    expect(logged().some((line) => line.includes('RedirectRefusedError'))).toBe(true);
  });

  it('gives up on a receiver that does not answer within the timeout, and retries', async () => {
    const eventId = await recorded();
    const started = Date.now();
    expect(await consume(eventId, { path: 'stall', overrides: { WEBHOOK_TIMEOUT_MS: '300' } })).toEqual({
      acked: false,
      retried: true,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logged().some((line) => line.includes('TimeoutError'))).toBe(true);
  });

  it('retries while the settings are wrong (a fixed setting delivers the backlog), sending nothing', async () => {
    const eventId = await recorded();
    expect(await consume(eventId, { overrides: { WEBHOOK_URL: 'https://10.0.0.1/hook' } })).toEqual({
      acked: false,
      retried: true,
    });
    expect(await consume(eventId, { overrides: { WEBHOOK_SECRET: 'whsec_c2hvcnQ=' } })).toEqual({
      acked: false,
      retried: true,
    });
    expect(await received()).toEqual([]);
    expect((await readEvent(env.DB, eventId))!.delivery).toBe('pending');
  });

  it('drops the delivery, marked failed, when webhooks were switched off since', async () => {
    const eventId = await recorded();
    expect(await consume(eventId, { overrides: { WEBHOOK_URL: '', WEBHOOK_SECRET: '' } })).toEqual({
      acked: true,
      retried: false,
    });
    expect((await readEvent(env.DB, eventId))!.delivery).toBe('failed');
    expect(await received()).toEqual([]);
  });

  it('does not send an event again once it was delivered (a lost acknowledgement)', async () => {
    const eventId = await recorded();
    await consume(eventId, { path: 'ok' });
    expect(await consume(eventId, { path: 'ok', attempts: 2 })).toEqual({ acked: true, retried: false });
    expect(await received()).toHaveLength(1);
  });

  it('acks a message that is not a webhook job, and one whose event is gone', async () => {
    const batch = createMessageBatch(QUEUE, [
      { id: 'junk', timestamp: new Date(), attempts: 1, body: { eventId: 'nope' } },
      { id: 'gone', timestamp: new Date(), attempts: 1, body: { eventId: 'evt_AAAAAAAAAAAAAAAAAAAAAA' } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(['gone', 'junk']);
    expect(await received()).toEqual([]);
  });

  it('the dead-letter queue’s consumer marks the event failed and sends nothing', async () => {
    const eventId = await recorded();
    expect(await consume(eventId, { queue: DLQ, path: 'ok' })).toEqual({ acked: true, retried: false });
    expect((await readEvent(env.DB, eventId))!.delivery).toBe('failed');
    expect(await received()).toEqual([]);
    expect(logged().some((line) => line.includes('"event":"webhook_dead_lettered"'))).toBe(true);
  });
});

describe('webhook delivery through the local queue broker (wrangler.toml’s queues)', () => {
  // The broker delivers to the Worker's own WEBHOOK_URL, the receiver's `/hook`, which every test
  // file's events reach: each event here is told apart by its webhook-id, and scripted by its
  // connection id, one no other event has.
  const hook = inject('webhookReceiverUrl');
  const deliveriesOf = async (eventId: string) =>
    ((await (await fetch(`${hook}/__received`)).json()) as Delivery[]).filter(
      (d) => d.headers['webhook-id'] === eventId,
    );
  const script = (connectionId: string, answers: string[]) =>
    fetch(`${hook}/__script`, { method: 'POST', body: JSON.stringify({ match: connectionId, answers }) }).then((r) =>
      r.body?.cancel(),
    );
  const waitForDelivery = (eventId: string, state: string) =>
    eventually(async () => expect((await readEvent(env.DB, eventId))?.delivery).toBe(state));
  /** An event of connection `connectionId`, sent to the queue as the Worker sends it. */
  const brokerEvent = async (connectionId = newConnectionId()): Promise<string> => {
    await recordEvent(env, { ...BROKEN, connectionId }, Math.floor(Date.now() / 1000));
    const row = await env.DB.prepare('SELECT id FROM connection_events WHERE connection_id = ?')
      .bind(connectionId)
      .first<{ id: string }>();
    return row!.id;
  };

  it('recordEvent → queue → consumer → receiver: delivered, verified', async () => {
    const eventId = await brokerEvent();
    await waitForDelivery(eventId, 'delivered');
    const deliveries = await deliveriesOf(eventId);
    expect(deliveries.map((d) => [d.path, d.headers['webhook-id'], d.verified])).toEqual([['/hook', eventId, true]]);
  });

  it('a delivery that fails every attempt moves to the dead-letter queue, and the event is marked failed', async () => {
    const connectionId = newConnectionId();
    await script(connectionId, ['fail', 'fail', 'fail']);
    const eventId = await brokerEvent(connectionId);
    await waitForDelivery(eventId, 'failed');
    // The test broker allows one attempt (vitest.config.ts); wrangler.toml allows nine.
    expect((await deliveriesOf(eventId)).map((d) => d.headers['webhook-id'])).toEqual([eventId]);
  });
});
