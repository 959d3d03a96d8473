/** @module Every widget bundle the service has served, by version: `/widget/<version>/widget.js` stays the same file after later deploys. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const widgetReleases: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('widget_releases')
      .addColumn('version', 'text', (c) => c.primaryKey())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('widget_releases').execute();
  },
});
