/** @module The ledger's SQL: an entry and its day's roll-up written together; sums by period read from the roll-up. */
import { sql, type Selectable } from 'kysely';
import type { RevenueEntryTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';

/** Appends the entry and adds it to its reseller's day in `revenue_daily`. */
export async function insertEntry(tx: Tx, row: Selectable<RevenueEntryTable>): Promise<void> {
  await tx.insertInto('revenue_entries').values(row).execute();
  await tx
    .insertInto('revenue_daily')
    .values({ reseller_id: row.reseller_id, day: row.period_start.slice(0, 10), currency: row.currency, list_price: row.list_price, reseller_margin: row.reseller_margin, vendor_amount: row.vendor_amount, entries: 1 })
    .onConflict((oc) =>
      oc.columns(['reseller_id', 'day', 'currency']).doUpdateSet((eb) => ({
        list_price: eb('revenue_daily.list_price', '+', eb.ref('excluded.list_price')),
        reseller_margin: eb('revenue_daily.reseller_margin', '+', eb.ref('excluded.reseller_margin')),
        vendor_amount: eb('revenue_daily.vendor_amount', '+', eb.ref('excluded.vendor_amount')),
        entries: eb('revenue_daily.entries', '+', 1),
      })),
    )
    .execute();
}

/** Sums by period (the first `periodLength` characters of the day: 7 for months, 4 for years) and currency. */
export async function sumsByPeriod(db: Tx, q: { periodLength: number; resellerId?: string | null; from?: string; to?: string }) {
  const period = sql<string>`substr(day, 1, ${sql.lit(q.periodLength)})`;
  let query = db
    .selectFrom('revenue_daily')
    .select([
      period.as('period'),
      'currency',
      (eb) => eb.fn.sum<number>('list_price').as('list_price'),
      (eb) => eb.fn.sum<number>('reseller_margin').as('reseller_margin'),
      (eb) => eb.fn.sum<number>('vendor_amount').as('vendor_amount'),
    ])
    .groupBy([period, 'currency'])
    .orderBy(period);
  if (q.resellerId) query = query.where('reseller_id', '=', q.resellerId);
  if (q.from) query = query.where('day', '>=', q.from);
  if (q.to) query = query.where('day', '<', q.to);
  return query.execute();
}
