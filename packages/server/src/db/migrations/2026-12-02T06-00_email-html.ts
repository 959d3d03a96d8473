/**
 * @module The HTML part of each e-mail, stored beside its text so the worker sends the multipart message that was
 * rendered in the change's transaction. Nullable: mails queued before this still go out as text only.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const emailHtml: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('emails').addColumn('html', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('emails').dropColumn('html').execute();
  },
});
