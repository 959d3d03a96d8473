/** @module A per-day roll-up of the revenue ledger: summaries read a few thousand rows instead of every entry. */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const revenueDaily: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('revenue_daily')
      .addColumn('reseller_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('list_price', 'bigint', (c) => c.notNull())
      .addColumn('reseller_margin', 'bigint', (c) => c.notNull())
      .addColumn('vendor_amount', 'bigint', (c) => c.notNull())
      .addColumn('entries', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('revenue_daily_pk', ['reseller_id', 'day', 'currency'])
      .execute();
    await rebuildRevenueDaily(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('revenue_daily').execute();
  },
});

/** Recomputes the roll-up from the ledger (the ledger is the truth; this is only its index). */
export async function rebuildRevenueDaily(db: Kysely<any>) {
  await db.deleteFrom('revenue_daily').execute();
  await sql`insert into revenue_daily (reseller_id, day, currency, list_price, reseller_margin, vendor_amount, entries)
    select reseller_id, substr(period_start, 1, 10), currency, sum(list_price), sum(reseller_margin), sum(vendor_amount), count(*)
    from revenue_entries group by reseller_id, substr(period_start, 1, 10), currency`.execute(db);
}
