import type { ResealPage } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { SecretBoxError } from '../crypto/secret-box.js';
import { needsReseal, SEALED_TABLES, type SealedTable } from './sealed-tables.js';

/** Where a walk stands: the table (index into SEALED_TABLES) and the last key it visited there. */
export const RESEAL_CURSOR = /^(\d):([A-Za-z0-9_-]{1,128})?$/;

/**
 * One page of a walk over every sealed value of every table (connections, Worker-held keys, …),
 * re-sealing those still under an older key. A value no key opens is marked as such (the
 * connection broken with `credentials_unreadable`, told as `connection.broken`; the key unable to
 * sign). Once a walk has run to its end with a new key leading, no value needs the old key and it
 * can be removed from ENCRYPTION_KEYS.
 */
export async function resealPage(env: Env, keyRing: string, { cursor = '', limit = 100 } = {}): Promise<ResealPage> {
  const [, tableText = '0', after = ''] = RESEAL_CURSOR.exec(cursor) ?? [];
  let tableIndex = Number(tableText);
  const page: ResealPage = { resealed: 0, unreadable: 0, next_cursor: null };
  const table = SEALED_TABLES[tableIndex] as SealedTable<unknown> | undefined;
  if (!table) return page;
  const rows = await table.page(env.DB, after, limit);
  for (const row of rows) {
    if (!needsReseal(table.sealed(row), keyRing)) continue;
    try {
      await table.reseal(env, row, keyRing);
      page.resealed += 1;
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      await table.unreadable(env, row, nowSeconds());
      page.unreadable += 1;
    }
  }
  if (rows.length === limit) page.next_cursor = `${tableIndex}:${table.key(rows.at(-1)!)}`;
  else if (++tableIndex < SEALED_TABLES.length) page.next_cursor = `${tableIndex}:`;
  return page;
}
