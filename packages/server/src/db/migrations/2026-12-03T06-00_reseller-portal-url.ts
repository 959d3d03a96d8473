/**
 * @module Where a reseller runs its back office (the page of its own system that embeds `<resellerkit-portal>`): the
 * daily digest links there. Nullable: resellers without one get the digest without a button, as before.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const resellerPortalUrl: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('resellers').addColumn('portal_url', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('resellers').dropColumn('portal_url').execute();
  },
});
