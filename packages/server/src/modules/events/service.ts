/**
 * @module The event feed: the outbox in the order events became visible, paged by a position that no event can later
 * appear before.
 *
 * PostgreSQL numbers events (`seq`) at INSERT but shows them at COMMIT, so a reader paging by `seq` passes over an event
 * whose transaction commits after a later-numbered one. Here an event gets its feed position only once it has
 * committed: before each read, a sequencer numbers the committed events that have none yet, holding a lock from
 * before its snapshot until after its commit. Runs follow one another, each numbering above the last, and a run's
 * numbers are visible before the next run starts, so positions appear in increasing order and a cursor never skips.
 * An event shows in the feed as soon as it has committed (the reader's own writes included), whatever other
 * transactions are still running; the cost is one short locked UPDATE per read and one update per event.
 *
 * SQLite has one writer at a time (the write lock is taken before the first statement of every transaction), so `seq`
 * is assigned in commit order and is the position itself.
 */
import { eventPage, eventPosition, sequenceCommitted } from './repo.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { resellerScope, type Actor, type Ctx } from '../../app/context.js';

export const DEFAULT_EVENTS = 50;
export const MAX_EVENTS = 100;

export interface EventFeedQuery {
  /** A `nextCursor` the feed returned. */
  cursor?: string;
  /** An event id: resume after that event. */
  after?: string;
  type?: string;
  limit?: number;
}

function decode(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidRequestError('The cursor is not one the feed returned.', [{ path: ['query', 'cursor'], message: 'is not a cursor of this feed' }]);
  return Number(cursor);
}

/**
 * One page of the feed, oldest first. `nextCursor` is where to continue: after the last event returned, or where the
 * page started when nothing new has committed (the feed never ends; poll again with it). It is null only while there
 * is no position yet (an empty feed read from its start).
 */
export async function listEvents(ctx: Ctx, actor: Actor, p: EventFeedQuery) {
  if (p.cursor !== undefined && p.after !== undefined) {
    throw new InvalidRequestError('Pass either cursor or after, not both.', [{ path: ['query', 'after'], message: 'cannot be combined with cursor' }]);
  }
  const limit = Math.min(p.limit ?? DEFAULT_EVENTS, MAX_EVENTS);
  const scope = resellerScope(actor);
  const postgres = ctx.dialect === 'postgres';
  if (postgres) await sequenceCommitted(ctx.db);
  const from = p.cursor !== undefined ? decode(p.cursor) : p.after !== undefined ? await positionOf(ctx, scope, p.after) : null;

  const rows = await eventPage(ctx.db, ctx.dialect, { resellerId: scope, type: p.type, after: from, limit });
  const last = rows[rows.length - 1];
  const next = last ? Number(last.position) : from;
  return {
    data: rows.map((r) => ({ id: r.id, type: r.type, createdAt: r.created_at, data: JSON.parse(r.data) as unknown })),
    nextCursor: next === null ? null : String(next),
  };
}

/**
 * The feed position of an event. One the sequencer has not numbered yet has committed (it is visible), so the next
 * runs number it: each takes the oldest pending events first.
 */
async function positionOf(ctx: Ctx, scope: string | null, eventId: string): Promise<number> {
  for (;;) {
    const anchor = await eventPosition(ctx.db, ctx.dialect, scope, eventId);
    if (!anchor) throw new NotFoundError('event', eventId);
    if (anchor.position !== null) return Number(anchor.position);
    await sequenceCommitted(ctx.db);
  }
}
