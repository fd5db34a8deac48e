#!/usr/bin/env node
// `npm run rekey -- --endpoint https://connect.example.com`: after putting a new key first in
// ENCRYPTION_KEYS, moves every stored connection to it (POST /v1/admin/reseal, page by page),
// so the old key can be removed. Reads the admin key from ADMIN_API_KEY. Safe to run again.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { endpoint: { type: 'string' }, 'page-size': { type: 'string', default: '100' } },
});
const adminKey = process.env.ADMIN_API_KEY;
if (!values.endpoint || !adminKey) {
  console.error('Usage: ADMIN_API_KEY=… npm run rekey -- --endpoint https://connect.example.com [--page-size 100]');
  process.exit(2);
}

let cursor = '';
const totals = { resealed: 0, unreadable: 0, pages: 0 };
do {
  const url = new URL('/v1/admin/reseal', values.endpoint);
  url.searchParams.set('limit', values['page-size']);
  if (cursor) url.searchParams.set('cursor', cursor);
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    console.error(`The Worker answered ${response.status}: ${body.error ?? ''} ${body.error_description ?? ''}`.trim());
    process.exit(1);
  }
  totals.resealed += body.resealed;
  totals.unreadable += body.unreadable;
  totals.pages += 1;
  cursor = body.next_cursor ?? '';
  process.stdout.write(`\rpage ${totals.pages}: ${totals.resealed} re-sealed, ${totals.unreadable} unreadable`);
} while (cursor);
console.log(
  `\nDone. ${totals.unreadable ? 'Unreadable rows are marked credentials_unreadable; their customers must reconnect.' : 'Every row is sealed under the leading key; the older keys can be removed.'}`,
);
