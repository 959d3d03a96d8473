/**
 * @module The purge's indexes from an account to its events and e-mails hold only rows that name an account. Events
 * of a reseller, a plan or a webhook test, and mails such as an endpoint's disabling notice, name none; each such
 * write skipped a B-tree insert for an entry no purge looks up. `trial_id = ?` implies `trial_id is not null`, so both
 * stores still use the index for the purge's lookups.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

const INDEXES = [
  ['events_trial', 'events'],
  ['emails_trial', 'emails'],
] as const;

export const partialAccountIndexes: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    for (const [index, table] of INDEXES) {
      await db.schema.dropIndex(index).execute();
      await sql`create index ${sql.id(index)} on ${sql.id(table)} (trial_id) where trial_id is not null`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    for (const [index, table] of INDEXES) {
      await db.schema.dropIndex(index).execute();
      await db.schema.createIndex(index).on(table).column('trial_id').execute();
    }
  },
});
