/** @module Index for "does this organization have an open trial?", asked on every trial creation: without it, a table scan. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const trialOrgIndex: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('trials_organization_status').on('trials').columns(['organization_id', 'status']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('trials_organization_status').execute();
  },
});
