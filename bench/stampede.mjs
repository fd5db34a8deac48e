// Section "stampede": N concurrent callers, each on a connection of its own (Connection: close),
// ask for the token of one connection whose token has expired, then of one with `force=1`. The
// token server counts what reaches it: one exchange each, however many callers.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { shortLived } from './token-server.mjs';
import { ms, verdict } from './stats.mjs';

const CALLERS = 50;
/** `force=1` refreshes only a token at least this old (worker/connections/token-policy.ts). */
const FORCE_MIN_AGE_MS = 31_000;
/**
 * However short its lifetime, a token younger than this is served, not exchanged again
 * (MIN_EXCHANGE_INTERVAL_SECONDS in worker/connections/token-policy.ts): the 2 s token must be
 * older than this, not only expired, for the crowd to need an exchange.
 */
const MIN_EXCHANGE_INTERVAL_MS = 11_000;

let forced;

/** Run when the stack starts: the force=1 connection's token must be 30 s old by the time it is asked. */
export async function prepareStampede(stack) {
  forced = { id: await stack.createConnection('stampede-force'), clientId: 'stampede-force', madeAt: Date.now() };
}

async function stampede(stack, { id, clientId }, options) {
  const before = await stack.tokens.count(clientId);
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      const answer = await stack.token(id, options);
      return { ...answer, ms: performance.now() - started };
    }),
  );
  const upstream = (await stack.tokens.count(clientId)) - before;
  const ok = answers.filter((a) => a.status === 200);
  const tokens = new Set(ok.map((a) => a.body.access_token));
  return {
    figure: `${upstream} upstream call${upstream === 1 ? '' : 's'} · ${ok.length}/${CALLERS} answered 200 · ${tokens.size} distinct token${tokens.size === 1 ? '' : 's'} · last answer after ${ms(Math.max(...answers.map((a) => a.ms)))}`,
    goal: `1 upstream call ${verdict(upstream === 1 && ok.length === CALLERS && tokens.size === 1)}`,
  };
}

export async function stampedeSection({ stack, log }) {
  const expiring = { clientId: shortLived('stampede') };
  expiring.id = await stack.createConnection(expiring.clientId);
  log('waiting for the 2 s token to expire and pass the Worker’s 10 s exchange interval…');
  await sleep(MIN_EXCHANGE_INTERVAL_MS);
  const expired = await stampede(stack, expiring, {});
  const wait = forced.madeAt + FORCE_MIN_AGE_MS - Date.now();
  if (wait > 0) {
    log(`waiting ${Math.ceil(wait / 1000)} s until the force=1 connection's token is 30 s old…`);
    await sleep(wait);
  }
  const force = await stampede(stack, forced, { force: true });
  return {
    rows: [
      { measure: `${CALLERS} concurrent callers, expired token`, ...expired },
      { measure: `${CALLERS} concurrent callers, force=1`, ...force },
    ].map((row) => ({ section: 'stampede', ...row })),
  };
}
