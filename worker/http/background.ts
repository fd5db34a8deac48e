import type { Context } from 'hono';

/**
 * Work the answer need not wait for (queueing a webhook): handed to the runtime's waitUntil, so
 * it finishes after the response is sent. Where a request has no execution context (the app
 * called directly, in tests), it is awaited instead.
 */
export async function inBackground(c: Context, work: Promise<unknown>): Promise<void> {
  let waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  try {
    const context = c.executionCtx;
    waitUntil = (promise) => context.waitUntil(promise);
  } catch {
    waitUntil = undefined;
  }
  if (waitUntil) waitUntil(work);
  else await work;
}
