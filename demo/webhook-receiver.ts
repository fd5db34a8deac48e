// Runs in the demo's Vite dev server (Node), not in the page: the webhook receiver the Worker's
// development WEBHOOK_URL points at. It verifies each delivery as any receiver should (Standard
// Webhooks v1, node:crypto) and keeps the last ones for the page's Webhooks panel to show.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { DEV_WEBHOOK_SECRET } from '../worker/config/webhook-settings.js';
import type { ReceivedWebhook } from './received-webhook.js';

const PATH = '/__webhooks';
const KEEP = 50;
const MAX_BODY_BYTES = 64 * 1024;
const TOLERANCE_SECONDS = 5 * 60;

/** Standard Webhooks v1: null when some `v1,` signature is the HMAC of "id.timestamp.body", else why not. */
function refusal(secret: string, req: IncomingMessage, body: string): string | null {
  const id = req.headers['webhook-id'];
  const timestamp = req.headers['webhook-timestamp'];
  const signatures = req.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') {
    return 'missing webhook-id, webhook-timestamp or webhook-signature';
  }
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    return 'timestamp outside 5 minutes';
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const matches = signatures.split(' ').some((item) => {
    const [version, signature] = item.split(',', 2);
    const actual = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  return matches ? null : 'signature does not match';
}

function summary(body: string): Partial<ReceivedWebhook> {
  try {
    const { type, data } = JSON.parse(body);
    return {
      type: String(type),
      connection_id: data?.connection_id,
      tenant: data?.tenant,
      status: data?.status,
      error_code: data?.error?.code,
    };
  } catch {
    return {};
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', reject);
  });
}

/**
 * `POST /__webhooks`: a delivery; 204 when its signature verifies with the development secret,
 * 401 otherwise (so the Worker retries it, as a real receiver's refusal would make it).
 * `GET /__webhooks`: the last deliveries, verified or not, for the page.
 */
export function webhookReceiver(secret = DEV_WEBHOOK_SECRET): Plugin {
  const deliveries: ReceivedWebhook[] = [];
  let count = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify({ deliveries }));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const reason = refusal(secret, req, body);
    const id = req.headers['webhook-id'];
    deliveries.unshift({
      n: (count += 1),
      receivedAt: Date.now(),
      verified: reason === null,
      ...(reason === null ? {} : { reason }),
      ...(typeof id === 'string' ? { id } : {}),
      ...summary(body),
    });
    deliveries.length = Math.min(deliveries.length, KEEP);
    res.writeHead(reason === null ? 204 : 401).end();
  };
  return {
    name: 'demo-webhook-receiver',
    configureServer(server) {
      server.middlewares.use(PATH, (req, res, next) => {
        handle(req, res).catch(next);
      });
    },
  };
}
