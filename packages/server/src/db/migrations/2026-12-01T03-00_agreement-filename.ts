/** @module The signed agreement's file name as the reseller uploaded it, so the order shows which file it holds. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const agreementFilename: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('orders').addColumn('agreement_filename', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('orders').dropColumn('agreement_filename').execute();
  },
});
