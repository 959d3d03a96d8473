/** @module Maintenance plan actions: one row per action, quantity in exact thousandths, unit price in öre. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const plans: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const text = 'text' as const;
    await db.schema
      .createTable('plan_actions')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('organization_id', text, (c) => c.notNull().references('organizations.id'))
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('property', text, (c) => c.notNull())
      .addColumn('building', text, (c) => c.notNull())
      .addColumn('category', text, (c) => c.notNull())
      .addColumn('location', text, (c) => c.notNull())
      .addColumn('action', text, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('interval_years', 'integer')
      // 12,5 m2 is 12 500: integers keep quantities exact, as öre do for money.
      .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
      .addColumn('unit', text, (c) => c.notNull())
      .addColumn('unit_price', 'bigint', (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('marking', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('plan_actions_organization').on('plan_actions').columns(['organization_id', 'position']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('plan_actions').execute();
  },
});
