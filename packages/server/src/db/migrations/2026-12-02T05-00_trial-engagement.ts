/**
 * @module Trial engagement (issue 20): each user's activity as counters and last times on the user row (erased with
 * it at purge), the trial's one-time nudge stamps and its level at close, and the digest's once-a-day claim.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const trialEngagement: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('trial_users').addColumn('last_activity_at', 'text').execute();
    await db.schema.alterTable('trial_users').addColumn('last_edit_at', 'text').execute();
    await db.schema.alterTable('trial_users').addColumn('plan_edits', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('trial_users').addColumn('invitation_resent_at', 'text').execute();
    // Users who accepted before activity was recorded: their acceptance is their last known activity.
    await db.updateTable('trial_users').set({ last_activity_at: (eb: any) => eb.ref('accepted_at') }).where('accepted_at', 'is not', null).execute();
    await db.schema.alterTable('trials').addColumn('inactive_notified_since', 'text').execute();
    await db.schema.alterTable('trials').addColumn('engaged_at', 'text').execute();
    await db.schema.alterTable('trials').addColumn('closed_engagement', 'text').execute();
    await db.schema
      .createTable('engagement_digests')
      .addColumn('reseller_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('engagement_digests_pk', ['reseller_id', 'day'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('engagement_digests').execute();
    for (const c of ['inactive_notified_since', 'engaged_at', 'closed_engagement']) await db.schema.alterTable('trials').dropColumn(c).execute();
    for (const c of ['last_activity_at', 'last_edit_at', 'plan_edits', 'invitation_resent_at']) await db.schema.alterTable('trial_users').dropColumn(c).execute();
  },
});
