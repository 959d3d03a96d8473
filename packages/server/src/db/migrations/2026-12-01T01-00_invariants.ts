/**
 * @module Constraints behind the lifecycle's invariants, so that racing requests cannot break them on either store:
 * an organization holds at most one open trial or live customer (the trial row holding it), and a trial has at most
 * one order in progress. One customer per order and one ledger entry per licence year were unique from the start.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const invariants: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const duplicates = await sql<{ trial_id: string; orders: number }>`
      select trial_id, count(*) as orders from orders where status in ('draft', 'submitted', 'rejected') group by trial_id having count(*) > 1`.execute(db);
    if (duplicates.rows.length > 0) {
      const list = duplicates.rows.map((r) => r.trial_id).join(', ');
      throw new Error(`These trials have more than one order in progress (draft, submitted or rejected), which the new constraint forbids; delete the extra orders and their agreements, then migrate again: ${list}`);
    }

    // 1 while the trial is active, or converted with a live customer; NULL otherwise (NULLs never collide).
    await db.schema.alterTable('trials').addColumn('holds_organization', 'integer').execute();
    // Data written before the constraint may already break it: the live customer holds first, then the newest trial.
    await sql`update trials set holds_organization = 1 where id in (
        select id from (
          select t.id, row_number() over (
            partition by t.organization_id order by case when t.status = 'converted' then 0 else 1 end, t.created_at desc, t.id desc
          ) as rank
          from trials t left join customers c on c.trial_id = t.id
          where t.status = 'active' or (t.status = 'converted' and c.status = 'active')
        ) ranked where rank = 1)`.execute(db);
    await sql`create unique index trials_organization_holder on trials (organization_id) where holds_organization = 1`.execute(db);
    await sql`create unique index orders_one_open_per_trial on orders (trial_id) where status in ('draft', 'submitted', 'rejected')`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('orders_one_open_per_trial').execute();
    await db.schema.dropIndex('trials_organization_holder').execute();
    await db.schema.alterTable('trials').dropColumn('holds_organization').execute();
  },
});
