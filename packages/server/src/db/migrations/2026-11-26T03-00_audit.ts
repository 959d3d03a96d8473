/** @module The audit log: one row per state change with who (actor kind, credential), which request, what and when. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const audit: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const text = 'text' as const;
    await db.schema
      .createTable('audit_log')
      .addColumn('id', text, (c) => c.primaryKey())
      // admin | reseller | widget | user | system (scheduler and workers)
      .addColumn('actor_kind', text, (c) => c.notNull())
      .addColumn('credential_id', text)
      .addColumn('reseller_id', text)
      .addColumn('request_id', text)
      .addColumn('action', text, (c) => c.notNull())
      .addColumn('resource_id', text)
      .addColumn('at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_resource').on('audit_log').columns(['resource_id', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('audit_log').execute();
  },
});
