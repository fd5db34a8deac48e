import { pruneStatement } from './event-log.js';
import { queueEvents } from './record-event.js';

/**
 * How old a pending event with no delivery attempt must be before the sweep sends it again: a
 * queued message is normally consumed within seconds, so one still untouched after this was
 * most likely never queued (the send failed, or the isolate ended first).
 */
const UNSENT_AFTER_SECONDS = 120;
/** Events re-sent per run at most: bounded work, far more than fail between two runs. */
const SWEEP_BATCH = 100;

/**
 * The scheduled sweep (wrangler.toml's cron trigger): events recorded as `pending` whose queue
 * send failed are sent again, so no event stays pending for ever. Delivery is at least once
 * anyway: a receiver deduplicates by `webhook-id`.
 */
export async function sweepUnsentEvents(env: Env, now: number): Promise<number> {
  const { results } = await env.DB.prepare(
    `SELECT id FROM connection_events
     WHERE delivery = 'pending' AND delivery_attempts = 0 AND created_at <= ?1
     ORDER BY created_at LIMIT ?2`,
  )
    .bind(now - UNSENT_AFTER_SECONDS, SWEEP_BATCH)
    .all<{ id: string }>();
  await queueEvents(
    env,
    results.map((row) => row.id),
  );
  return results.length;
}

/** Removes a bounded number of events past retention (90 days). */
export async function pruneEvents(env: Env, now: number): Promise<void> {
  await pruneStatement(env.DB, now).run();
}
