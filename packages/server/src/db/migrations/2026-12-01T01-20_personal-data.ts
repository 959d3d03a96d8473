/**
 * @module Which account (trial id; a customer keeps its trial's) an event or an e-mail concerns, so that a purge finds
 * every copy of the account's personal data without reading the whole outbox, mail log and delivery log; and when a
 * cancelled customer's personal data was purged.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const personalData: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('events').addColumn('trial_id', 'text').execute();
    await db.schema.alterTable('emails').addColumn('trial_id', 'text').execute();
    await db.schema.alterTable('customers').addColumn('purged_at', 'text').execute();

    // Past events name their account in `data`: trial events as `id` (a Trial) or `trialId`, order and customer events
    // as `trialId`; a ledger entry through its customer.
    const field = (name: string) => (dialect === 'postgres' ? sql`(data::jsonb ->> ${sql.lit(name)})` : sql`json_extract(data, ${sql.lit(`$.${name}`)})`);
    await sql`update events set trial_id = coalesce(${field('trialId')}, case when ${field('id')} like 'trial\\_%' escape '\\' then ${field('id')} end)`.execute(db);
    await sql`update events set trial_id = (select c.trial_id from customers c where c.id = ${field('customerId')}) where trial_id is null and type = 'revenue.recorded'`.execute(db);
    // Past mails name only their recipient: one that is a user of exactly one account belongs to it.
    await sql`update emails set trial_id = (
        select min(u.trial_id) from trial_users u where u.email = emails.to_address having count(distinct u.trial_id) = 1
      )`.execute(db);

    await db.schema.createIndex('events_trial').on('events').column('trial_id').execute();
    await db.schema.createIndex('emails_trial').on('emails').column('trial_id').execute();
    // From an account's events to the attempt log of their deliveries, which keeps the first KB of each reply.
    await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').column('event_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('webhook_deliveries_event').execute();
    await db.schema.alterTable('customers').dropColumn('purged_at').execute();
    await db.schema.dropIndex('emails_trial').execute();
    await db.schema.alterTable('emails').dropColumn('trial_id').execute();
    await db.schema.dropIndex('events_trial').execute();
    await db.schema.alterTable('events').dropColumn('trial_id').execute();
  },
});
