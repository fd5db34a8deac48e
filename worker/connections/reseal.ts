import { nowSeconds } from '../common/clock.js';
import { isSealedUnderLeadingKey, SecretBoxError } from './secret-box.js';
import { markCredentialsUnreadable, readConnectionPage, resealConnection } from './store.js';

export interface ResealPage {
  /** Rows moved to the leading key. */
  resealed: number;
  /** Rows no key in the ring opens; each is marked `credentials_unreadable`. */
  unreadable: number;
  /** Where the next page starts, or null when the walk is done. */
  next_cursor: string | null;
}

/**
 * One page of a walk over every connection, re-sealing rows that still use an older key. Once a
 * walk has run with the new key leading, no row needs the old key and it can be removed.
 */
export async function resealConnections(
  db: D1Database,
  keyRing: string,
  { cursor = '', limit = 100 } = {},
): Promise<ResealPage> {
  const records = await readConnectionPage(db, cursor, limit);
  const page: ResealPage = {
    resealed: 0,
    unreadable: 0,
    next_cursor: records.length === limit ? records.at(-1)!.id : null,
  };
  for (const record of records) {
    const { credential, accessToken } = record.sealed;
    const credentialCurrent = credential === null || isSealedUnderLeadingKey(credential, keyRing);
    if (credentialCurrent && isSealedUnderLeadingKey(accessToken, keyRing)) continue;
    try {
      await resealConnection(db, record, keyRing);
      page.resealed += 1;
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      await markCredentialsUnreadable(db, record, nowSeconds());
      page.unreadable += 1;
    }
  }
  return page;
}
