/** @module The event feed: the outbox read in order, after a given event. */
import { NotFoundError } from '../errors.js';
import { resellerScope, type Actor, type Ctx } from './context.js';

export async function listEvents(ctx: Ctx, actor: Actor, p: { after?: string; type?: string; limit?: number }) {
  const limit = Math.min(p.limit ?? 50, 100);
  const scope = resellerScope(actor);
  let q = ctx.db.selectFrom('events').select(['seq', 'id', 'type', 'data', 'created_at']);
  if (scope) q = q.where('reseller_id', '=', scope);
  if (p.type) q = q.where('type', '=', p.type);
  if (p.after) {
    let a = ctx.db.selectFrom('events').select('seq').where('id', '=', p.after);
    if (scope) a = a.where('reseller_id', '=', scope);
    const anchor = await a.executeTakeFirst();
    if (!anchor) throw new NotFoundError('event', p.after);
    q = q.where('seq', '>', anchor.seq);
  }
  const rows = await q.orderBy('seq').limit(limit + 1).execute();
  const more = rows.length > limit;
  const data = (more ? rows.slice(0, limit) : rows).map((r) => ({ id: r.id, type: r.type, createdAt: r.created_at, data: JSON.parse(r.data) as unknown }));
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}
