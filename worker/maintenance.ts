import { pruneStatements } from './connect/attempt-store.js';
import { pruneEvents, sweepUnsentEvents } from './events/sweep.js';

/**
 * The cron trigger's work (wrangler.toml, every 5 minutes), kept off the request paths: events
 * whose queue send failed are sent again, and what has lapsed is removed (connect attempts past
 * their 10 minutes, expired sessions' counters, events past 90 days).
 */
export async function maintain(env: Env, now: number): Promise<void> {
  await sweepUnsentEvents(env, now);
  await env.DB.batch(pruneStatements(env.DB, now));
  await pruneEvents(env, now);
}
