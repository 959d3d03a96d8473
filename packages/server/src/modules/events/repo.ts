/** @module The event feed's SQL: pages by feed position, an event's position, and PostgreSQL's sequencer. */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';

/** At most this many events are numbered per run; the rest go to the next run, after them. */
const SEQUENCE_BATCH = 5_000;

/** The column that holds the feed position: numbered after commit on PostgreSQL, in commit order on SQLite. */
const positionColumn = (dialect: DialectName) => (dialect === 'postgres' ? ('feed_position' as const) : ('seq' as const));

/** Events after position `after` (from the first numbered one when null), oldest first. */
export function eventPage(db: Kysely<Database>, dialect: DialectName, f: { resellerId: string | null; type?: string; after: number | null; limit: number }) {
  const position = positionColumn(dialect);
  let q = db.selectFrom('events').select(['id', 'type', 'data', 'created_at', `${position} as position`]);
  if (f.resellerId) q = q.where('reseller_id', '=', f.resellerId);
  if (f.type) q = q.where('type', '=', f.type);
  q = f.after === null ? q.where(position, 'is not', null) : q.where(position, '>', f.after);
  return q.orderBy(position).limit(f.limit).execute();
}

/** The event's feed position (null while not yet numbered), or undefined when the caller cannot see it. */
export function eventPosition(db: Kysely<Database>, dialect: DialectName, resellerId: string | null, eventId: string) {
  let q = db.selectFrom('events').select(`${positionColumn(dialect)} as position`).where('id', '=', eventId);
  if (resellerId) q = q.where('reseller_id', '=', resellerId);
  return q.executeTakeFirst();
}

/**
 * PostgreSQL: numbers the committed events without a feed position after the highest one, in `seq` order. The advisory
 * lock is taken in a statement of its own, so the UPDATE's snapshot (and the highest position it reads) is taken after
 * the previous run's commit; it is held until this run's commit, so the next run starts only once these numbers are
 * visible.
 */
export async function sequenceCommitted(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('resellerkit.events.feed_position'))`.execute(tx);
    await sql`update events set feed_position = numbered.position
      from (
        select seq, (select coalesce(max(feed_position), 0) from events) + row_number() over (order by seq) as position
        from events where feed_position is null order by seq limit ${SEQUENCE_BATCH}
      ) numbered
      where events.seq = numbered.seq`.execute(tx);
  });
}
