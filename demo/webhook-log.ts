import { logTime, showNewest } from './log-list.js';
import type { ReceivedWebhook } from './received-webhook.js';

const POLL_MS = 1000;

const span = (className: string, text: string) =>
  Object.assign(document.createElement('span'), { className, textContent: text });

function entry(delivery: ReceivedWebhook): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.type = delivery.type ?? '';
  item.dataset.verified = String(delivery.verified);
  if (delivery.connection_id) item.dataset.connectionId = delivery.connection_id;
  const mark = span('webhook-mark', delivery.verified ? '✓' : '✗');
  mark.title = delivery.verified ? 'Signature verified' : `Rejected: ${delivery.reason}`;
  const heading = span('log-type', '');
  heading.append(mark, ` ${delivery.type ?? '(unreadable body)'}`);
  heading.dataset.type = delivery.verified ? 'verified' : 'rejected';
  const facts = [delivery.connection_id, delivery.status, delivery.error_code].filter(Boolean).join(' · ');
  const detail = span(
    'log-detail',
    delivery.verified ? facts : `${facts ? `${facts} · ` : ''}rejected: ${delivery.reason}`,
  );
  item.append(logTime(new Date(delivery.receivedAt)), heading, detail);
  return item;
}

/**
 * Shows the webhooks the Worker delivers to this page's dev server (demo/webhook-receiver.ts),
 * newest first, each marked ✓ when its signature verified and ✗ when it did not. Polls the
 * receiver's JSON; adds only deliveries it has not shown.
 */
export function showWebhooks(list: HTMLOListElement): void {
  let shown = 0;
  const poll = async () => {
    try {
      const response = await fetch('/__webhooks', { cache: 'no-store' });
      const { deliveries } = (await response.json()) as { deliveries: ReceivedWebhook[] };
      const fresh = deliveries.filter((delivery) => delivery.n > shown).reverse();
      if (fresh.length === 0) return;
      showNewest(list, fresh.map(entry));
      shown = fresh[fresh.length - 1]!.n;
    } catch {
      // The dev server restarting; the next poll catches up.
    } finally {
      setTimeout(poll, POLL_MS);
    }
  };
  void poll();
}
