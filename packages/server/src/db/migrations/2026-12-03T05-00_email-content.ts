/**
 * @module What each e-mail says (its checked MailContent as JSON), stored instead of its rendered text and HTML: the mail
 * worker draws both parts when it sends, so the transaction that queues a mail renders none of its ~8 KB of HTML.
 * `text` becomes nullable: mails queued before this keep their stored text (and HTML) and still go out as stored.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const emailContent: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('emails').addColumn('content', 'text').execute();
    if (dialect === 'postgres') {
      await db.schema.alterTable('emails').alterColumn('text', (c) => c.dropNotNull()).execute();
      return;
    }
    // SQLite cannot drop a NOT NULL constraint: the column is moved to a nullable one of the same name. `text` is in no
    // index, so it may be dropped.
    await sql`alter table emails rename column text to text_before_content`.execute(db);
    await db.schema.alterTable('emails').addColumn('text', 'text').execute();
    await sql`update emails set text = text_before_content`.execute(db);
    await db.schema.alterTable('emails').dropColumn('text_before_content').execute();
  },
  async down(db: Kysely<any>) {
    // A mail stored as content only has no text without the renderer and the vendor's branding: refuse rather than lose it.
    const contentOnly = await db.selectFrom('emails').select('id').where('text', 'is', null).limit(1).execute();
    if (contentOnly.length > 0) throw new Error('emails hold mails stored as content only; send or delete them before migrating down');
    await db.schema.alterTable('emails').dropColumn('content').execute();
    if (dialect === 'postgres') await db.schema.alterTable('emails').alterColumn('text', (c) => c.setNotNull()).execute();
  },
});
