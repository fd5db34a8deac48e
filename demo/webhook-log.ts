import type { ReceivedWebhook } from './received-webhook.js';

const POLL_MS = 1000;
const MAX_ENTRIES = 50;

const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

const span = (className: string, text: string) =>
  Object.assign(document.createElement('span'), { className, textContent: text });

function entry(delivery: ReceivedWebhook): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.type = delivery.type ?? '';
  item.dataset.verified = String(delivery.verified);
  if (delivery.connection_id) item.dataset.connectionId = delivery.connection_id;
  const when = Object.assign(document.createElement('time'), {
    className: 'log-time',
    textContent: time.format(new Date(delivery.receivedAt)),
  });
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
  item.append(when, heading, detail);
  return item;
}

/**
 * Shows the webhooks the Worker delivers to this page's dev server (demo/webhook-receiver.ts),
 * newest first, each marked ✓ when its signature verified and ✗ when it did not. Polls the
 * receiver's JSON; adds only deliveries it has not shown.
 */
export function showWebhooks(list: HTMLOListElement): void {
  const empty = list.querySelector('.log-empty')!;
  let shown = 0;
  const poll = async () => {
    try {
      const response = await fetch('/__webhooks', { cache: 'no-store' });
      const { deliveries } = (await response.json()) as { deliveries: ReceivedWebhook[] };
      const fresh = deliveries.filter((delivery) => delivery.n > shown).reverse();
      if (fresh.length === 0) return;
      empty.remove();
      for (const delivery of fresh) list.prepend(entry(delivery));
      shown = fresh[fresh.length - 1]!.n;
      list.scrollTop = 0;
      while (list.children.length > MAX_ENTRIES) list.lastElementChild!.remove();
    } catch {
      // The dev server restarting; the next poll catches up.
    } finally {
      setTimeout(poll, POLL_MS);
    }
  };
  void poll();
}
