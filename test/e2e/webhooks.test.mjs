// Webhooks on the demo page: the Worker under wrangler dev delivers through its local Cloudflare
// Queue to the demo's receiver (WEBHOOK_URL points at this stack's demo port), which verifies the
// Standard Webhooks signature; the page's Webhooks panel shows each delivery, ✓ or ✗.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { request } from '../../scripts/dev-servers.mjs';
import { chooseSettings, clickConnect, loggedEvent, popupHeading } from './support/demo-flow.mjs';
import { openDemo, recordingContext, startStack, until } from './support/stack.mjs';

/** The secret wrangler dev gives the Worker: the development one in wrangler.toml's [vars]. */
const SECRET = /^WEBHOOK_SECRET = "(whsec_[^"]+)"$/m.exec(
  readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8'),
)[1];

let stack;
let context;

before(async () => {
  stack = await startStack({ oidc: false });
});
after(() => stack?.stop());
afterEach(() => context?.close());

async function demo() {
  ({ context } = await recordingContext(stack.browser));
  return (await openDemo(context, stack)).page;
}

/** A delivery as a Standard Webhooks sender makes it, signed with `secret`. */
function post(body, secret) {
  const id = `msg_${randomBytes(12).toString('base64url')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return request(`${stack.demo.url}/__webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
    },
    body,
  });
}

const webhookEntry = (page, selector) => page.locator(`#webhook-log li${selector}`).first();

describe('webhooks on the demo page', () => {
  test('the receiver accepts a correctly signed delivery and refuses a forged one; the panel shows both', async () => {
    const page = await demo();
    const body = (type, connection) =>
      JSON.stringify({
        type,
        timestamp: new Date().toISOString(),
        data: {
          connection_id: connection,
          tenant: 'sandbox',
          status: 'broken',
          error: { code: 'invalid_client', message: 'x' },
        },
      });
    assert.equal((await post(body('connection.broken', 'conn_signedsignedsignedsi'), SECRET)).status, 204);
    const forged = `whsec_${randomBytes(32).toString('base64')}`;
    assert.equal((await post(body('connection.deleted', 'conn_forgedforgedforgedfo'), forged)).status, 401);

    const good = webhookEntry(page, '[data-connection-id="conn_signedsignedsignedsi"]');
    await good.waitFor();
    assert.equal(await good.getAttribute('data-verified'), 'true');
    assert.match(
      await good.innerText(),
      /✓ connection\.broken[\s\S]*conn_signedsignedsignedsi · broken · invalid_client/,
    );
    const bad = webhookEntry(page, '[data-connection-id="conn_forgedforgedforgedfo"]');
    await bad.waitFor();
    assert.equal(await bad.getAttribute('data-verified'), 'false');
    assert.match(await bad.innerText(), /✗ connection\.deleted[\s\S]*rejected: signature does not match/);
  });

  test('a connect delivers connection.created through the queue, signed, to the demo', async () => {
    const page = await demo();
    await chooseSettings(page);
    await page.locator('#credentials button[data-client-id="sandbox-ok"][data-secret="sandbox-secret"]').click();
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    const { connectionId } = await loggedEvent(page, 'oauth-cc-connected');

    const events = await request(`${stack.worker.url}/v1/events?tenant=sandbox&connection_id=${connectionId}`, {
      headers: { authorization: 'Bearer dev-admin-key' },
    });
    assert.equal(events.status, 200);
    // The connect's commit wrote the event with the connection, in one batch.
    assert.deepEqual(
      events.json().events.map((e) => e.type),
      ['connection.created'],
    );
    // A queue delivery comes when it comes: the broker batches, and a busy receiver is tried again
    // after a back-off. The test waits for it, not for a time.
    const delivered = webhookEntry(page, `[data-type="connection.created"][data-connection-id="${connectionId}"]`);
    await delivered.waitFor();
    assert.equal(await delivered.getAttribute('data-verified'), 'true');

    // The Worker's log says so too, once the acknowledgement is in.
    const delivery = await until(async () => {
      const listed = await request(`${stack.worker.url}/v1/events?tenant=sandbox&connection_id=${connectionId}`, {
        headers: { authorization: 'Bearer dev-admin-key' },
      });
      const state = listed.json().events.find((e) => e.type === 'connection.created')?.delivery;
      return state === 'pending' ? undefined : state;
    });
    assert.equal(delivery, 'delivered');
  });
});
