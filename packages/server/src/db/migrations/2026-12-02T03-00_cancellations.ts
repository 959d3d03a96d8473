/**
 * @module Cancellations and what they take back (issue 18): a reversing ledger entry beside the sale of the same
 * licence year, the reseller's mark to cancel at the period end, the licence year whose renewal notice went out, and
 * each reseller's SIE account map; an index for the forecast.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const cancellations: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    // One sale and at most one reversal per licence year: the unique key gains the entry's kind. SQLite cannot alter a
    // table constraint, so the table is rebuilt there with the same columns and the new key.
    if (dialect === 'postgres') {
      await db.schema.alterTable('revenue_entries').addColumn('kind', 'text', (c) => c.notNull().defaultTo('sale')).execute();
      await sql`alter table revenue_entries drop constraint revenue_customer_year`.execute(db);
      await sql`alter table revenue_entries add constraint revenue_customer_year_kind unique (customer_id, licence_year, kind)`.execute(db);
    } else {
      await db.schema
        .createTable('revenue_entries_new')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reseller_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('licence_id', 'text', (c) => c.notNull())
        .addColumn('licence_year', 'integer', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('list_price', 'bigint', (c) => c.notNull())
        .addColumn('reseller_margin', 'bigint', (c) => c.notNull())
        .addColumn('vendor_amount', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('sale'))
        .addUniqueConstraint('revenue_customer_year_kind', ['customer_id', 'licence_year', 'kind'])
        .execute();
      await sql`insert into revenue_entries_new (id, reseller_id, customer_id, licence_id, licence_year, period_start, currency, list_price, reseller_margin, vendor_amount, created_at)
        select id, reseller_id, customer_id, licence_id, licence_year, period_start, currency, list_price, reseller_margin, vendor_amount, created_at from revenue_entries`.execute(db);
      await db.schema.dropTable('revenue_entries').execute();
      await db.schema.alterTable('revenue_entries_new').renameTo('revenue_entries').execute();
      await db.schema.createIndex('revenue_reseller_period').on('revenue_entries').columns(['reseller_id', 'period_start']).execute();
    }

    // 1 while the reseller has asked to end the licence with its current year; the renewal job then cancels instead.
    await db.schema.alterTable('customers').addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // The licence year whose coming renewal was announced: the scheduler claims the next one with a guarded update.
    await db.schema.alterTable('customers').addColumn('renewal_notice_year', 'integer').execute();
    // The forecast reads every live customer of a reseller grouped by renewal day, licence and mark: covered by this
    // index it never touches the table (docs/benchmarks.md, the forecast over 10 000 customers).
    await db.schema.createIndex('customers_forecast').on('customers').columns(['reseller_id', 'status', 'renews_at', 'cancel_at_period_end', 'licence_id']).execute();
    // Its conversion rate counts the trials converted, and those expired unconverted, in the last 12 months: a range on
    // each of these reads only that window's trials.
    await db.schema.createIndex('trials_converted').on('trials').columns(['reseller_id', 'converted_at']).execute();
    await db.schema.createIndex('trials_expired').on('trials').columns(['reseller_id', 'expired_at', 'converted_at']).execute();
    // JSON of the SIE account map (modules/revenue/statements/sie.ts); null keeps the BAS defaults.
    await db.schema.alterTable('resellers').addColumn('sie_accounts', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('resellers').dropColumn('sie_accounts').execute();
    await db.schema.dropIndex('customers_forecast').execute();
    await db.schema.dropIndex('trials_converted').execute();
    await db.schema.dropIndex('trials_expired').execute();
    await db.schema.alterTable('customers').dropColumn('renewal_notice_year').execute();
    await db.schema.alterTable('customers').dropColumn('cancel_at_period_end').execute();
    await db.deleteFrom('revenue_entries').where('kind', '!=', 'sale').execute();
    if (dialect === 'postgres') {
      await sql`alter table revenue_entries drop constraint revenue_customer_year_kind`.execute(db);
      await sql`alter table revenue_entries add constraint revenue_customer_year unique (customer_id, licence_year)`.execute(db);
      await db.schema.alterTable('revenue_entries').dropColumn('kind').execute();
    }
    // SQLite keeps the wider key on the way down: with only sales left it allows exactly what the old one did.
  },
});
