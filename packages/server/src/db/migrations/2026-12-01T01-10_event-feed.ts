/**
 * @module The event feed's order on PostgreSQL. `seq` is taken at INSERT but seen at COMMIT, so a reader paging by
 * `seq` passes over events that commit later with a lower number. Events get a second number, `feed_position`, only
 * once committed: a sequencer (domain/event-feed.ts) numbers them under a lock, run after run, so positions become
 * visible in increasing order and the feed, paged by position, is append-only. SQLite has one writer at a time, so
 * there `seq` order is commit order already and the column is not needed.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const eventFeed: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    await sql`alter table events add column feed_position bigint`.execute(db);
    // Every event written so far has committed: number them in seq order.
    await sql`update events set feed_position = numbered.position from (select seq, row_number() over (order by seq) as position from events) numbered where events.seq = numbered.seq`.execute(db);
    await sql`create index events_unsequenced on events (seq) where feed_position is null`.execute(db);
    await sql`create index events_reseller_feed on events (reseller_id, feed_position) where feed_position is not null`.execute(db);
    await sql`create index events_feed on events (feed_position) where feed_position is not null`.execute(db);
  },
  async down(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    for (const index of ['events_feed', 'events_reseller_feed', 'events_unsequenced']) await sql`drop index ${sql.id(index)}`.execute(db);
    await sql`alter table events drop column feed_position`.execute(db);
  },
});
