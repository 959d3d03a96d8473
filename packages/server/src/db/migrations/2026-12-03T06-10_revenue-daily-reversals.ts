/**
 * @module What reversals took back, per day of the revenue roll-up, beside the net: a month with a sale and a reversal
 * of the same size nets to nothing, and a summary (the widget's chart) could not tell that from a month without either.
 * Filled from the ledger, the truth the roll-up indexes.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

const COLUMNS = [
  ['reversed_list_price', 'list_price'],
  ['reversed_margin', 'reseller_margin'],
  ['reversed_vendor_amount', 'vendor_amount'],
] as const;

export const revenueDailyReversals: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    for (const [column] of COLUMNS) {
      await db.schema.alterTable('revenue_daily').addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    }
    for (const [column, amount] of COLUMNS) {
      await sql`update revenue_daily set ${sql.ref(column)} = coalesce((
          select sum(e.${sql.ref(amount)}) from revenue_entries e
          where e.kind = 'reversal' and e.reseller_id = revenue_daily.reseller_id and e.currency = revenue_daily.currency
            and substr(e.period_start, 1, 10) = revenue_daily.day), 0)`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    for (const [column] of COLUMNS) await db.schema.alterTable('revenue_daily').dropColumn(column).execute();
  },
});
