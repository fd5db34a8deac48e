// Section "growth": does the token API (or connect) slow down as the connections table grows?
// Two Workers side by side (two `wrangler dev`, each with its own local D1): one keeps a table of
// 10 connections, the other's grows to 1,000, 10,000 and 100,000; requests alternate between the
// two, one at a time, so the machine's own drift (it is shared) falls on both alike. In each, one
// real connection is made through the session and connect routes; the table is then filled to
// the size with copies of its row (and of its `connection.created` event) by SQL run on the
// Worker's local D1 (`wrangler d1 execute --local`, the same SQLite database `wrangler dev`
// serves). The copies differ in id, tenant and client id, so their ciphertexts would not open
// (the AAD binds the row): no request reads them, they only make the table and its indexes big.
import { performance } from 'node:perf_hooks';
import { request } from '../scripts/dev-servers.mjs';
import { ADMIN_HEADERS, startStack } from './stack.mjs';
import { count, ms, quantile, ratio } from './stats.mjs';

const BASE_SIZE = 10;
const SIZES = [1_000, 10_000, 100_000];
/** Pairs of requests (one to each Worker) per size. */
const TOKEN_PAIRS = 300;
const CONNECT_PAIRS = 50;
const WARMUP = 20;

/**
 * SQL that adds `size - 1` copies of the row of `table` matching `where`. The copies are made with
 * CREATE TABLE … AS SELECT, so every column the migrations define is copied without naming it;
 * `rewrite` sets what must differ per copy (from its number, `bench_i`).
 */
const fill = (table, where, size, rewrite) => `
DROP TABLE IF EXISTS bench_filler;
CREATE TABLE bench_filler AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${size - 1})
  SELECT t.*, n.i AS bench_i FROM ${table} t, n WHERE ${where};
UPDATE bench_filler SET ${rewrite};
ALTER TABLE bench_filler DROP COLUMN bench_i;
INSERT INTO ${table} SELECT * FROM bench_filler;
DROP TABLE bench_filler;`;

/** Exactly `size` connections (and as many events): the real one and its copies, over 100 tenants. */
function resize(real, size) {
  const id = `printf('conn_filler%016d', bench_i)`;
  // One copy in a hundred belongs to the real connection's tenant, the rest to 99 others.
  const tenant = `CASE WHEN bench_i % 100 = 0 THEN tenant ELSE 'filler-' || (bench_i % 100) END`;
  return `
DELETE FROM connections WHERE id <> '${real}';
DELETE FROM connection_events WHERE connection_id <> '${real}';
${fill('connections', `t.id = '${real}'`, size, `id = ${id}, tenant = ${tenant}, client_id = 'filler-' || bench_i, created_at = created_at - bench_i`)}
${fill('connection_events', `t.connection_id = '${real}'`, size, `seq = NULL, id = printf('evt_filler%016d', bench_i), connection_id = ${id}, tenant = ${tenant}`)}
SELECT (SELECT count(*) FROM connections) AS connections, (SELECT count(*) FROM connection_events) AS events;`;
}

/** The time of one call, in ms. */
async function timed(call) {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/**
 * Runs `pairs` pairs of calls, one to each side (which goes first alternates), and returns the
 * times of each side. `call(side, i)` makes the i-th call to a side.
 */
async function alternate(sides, pairs, call) {
  const times = sides.map(() => []);
  for (let i = 0; i < pairs; i += 1) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const side of order) times[side].push(await timed(() => call(sides[side], i)));
  }
  return times;
}

async function token(side) {
  const { status } = await request(side.stack.tokenUrlOf(side.real), { headers: ADMIN_HEADERS });
  if (status !== 200) throw new Error(`the token API answered ${status}`);
}

async function connect(side, i, sessions, size) {
  const { status } = await side.stack.connect(sessions.get(side)[i], `growth-${size}-${i}`);
  if (status !== 200) throw new Error(`connect answered ${status}`);
}

/** Exactly `size` connections in `side`'s table; checked. */
async function seed(side, size) {
  const [[seeded]] = (await side.stack.d1(resize(side.real, size))).slice(-1);
  if (seeded.connections !== size) throw new Error(`seeded ${seeded.connections} connections, not ${size}`);
}

export async function growthSection({ stack, log }) {
  log('starting a second wrangler dev, whose table grows…');
  const other = await startStack({ log });
  try {
    const base = { stack, real: await stack.createConnection('growth') };
    const grown = { stack: other, real: await other.createConnection('growth') };
    const sides = [base, grown];
    const rows = [];
    for (const size of SIZES) {
      log(`${count(BASE_SIZE)} and ${count(size)} connections: seeding…`);
      await Promise.all([seed(base, BASE_SIZE), seed(grown, size)]);
      log(`${TOKEN_PAIRS} token requests and ${CONNECT_PAIRS} connects to each, alternating…`);
      await alternate(sides, WARMUP, token);
      const tokens = await alternate(sides, TOKEN_PAIRS, token);
      const sessions = new Map();
      for (const side of sides) {
        const minted = [];
        for (let i = 0; i < CONNECT_PAIRS; i += 1) minted.push(await side.stack.mintSession());
        sessions.set(side, minted);
      }
      const connects = await alternate(sides, CONNECT_PAIRS, (side, i) => connect(side, i, sessions, size));
      const p50 = (values) => quantile(values, 0.5);
      const versus = `${count(size)} vs ${count(BASE_SIZE)} rows`;
      rows.push(
        {
          measure: `token API, ${versus} (${TOKEN_PAIRS} alternating pairs)`,
          figure: `p50 ${ms(p50(tokens[1]))} vs ${ms(p50(tokens[0]))} · p99 ${ms(quantile(tokens[1], 0.99))} vs ${ms(quantile(tokens[0], 0.99))}`,
          goal: `p50 ${ratio(p50(tokens[1]) / p50(tokens[0]))}`,
        },
        {
          measure: `connect, ${versus} (${CONNECT_PAIRS} alternating pairs)`,
          figure: `p50 ${ms(p50(connects[1]))} vs ${ms(p50(connects[0]))} · p95 ${ms(quantile(connects[1], 0.95))} vs ${ms(quantile(connects[0], 0.95))}`,
          goal: `p50 ${ratio(p50(connects[1]) / p50(connects[0]))}`,
        },
      );
    }
    return { rows: rows.map((row) => ({ section: 'growth', ...row })) };
  } finally {
    await other.stop();
  }
}
