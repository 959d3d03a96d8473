/**
 * @module Claiming due deliveries with a lease. PostgreSQL: `FOR UPDATE SKIP LOCKED` so workers never wait on or take
 * each other's rows. SQLite: the same guarded UPDATE … RETURNING, atomic because SQLite runs one writer at a time.
 * A lease that runs out (a crashed worker) makes the row due again: nothing is lost.
 */
import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveryTable } from '../db/schema.js';
import type { Ctx } from '../domain/context.js';

/** Each due row's place in its endpoint's line. */
const rank = sql<number>`row_number() over (partition by endpoint_id order by next_attempt_at)`.as('rank');

export type Delivery = Selectable<WebhookDeliveryTable>;

export interface ClaimOptions {
  owner: string;
  limit: number;
  /** At most this many rows of any one endpoint per query: what it has room for in this worker, so none go back. */
  perEndpoint: number;
  leaseMs: number;
  /** Endpoints already at their concurrency bound in this worker. */
  excludeEndpoints?: string[];
}

/**
 * First attempts are claimed before retries, each in due order, so a backlog of retries never delays fresh events.
 * Each query looks at the next `limit` due rows and takes up to `perEndpoint` of each endpoint among them.
 */
export async function claimDue(ctx: Ctx, o: ClaimOptions): Promise<Delivery[]> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + o.leaseMs).toISOString();
  if (ctx.dialect === 'sqlite') return claimOnSqlite(ctx, o, at, leaseUntil);
  const out: Delivery[] = [];
  for (const retrying of [0, 1]) {
    const n = o.limit - out.length;
    if (n <= 0) break;
    let due = ctx.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id', 'next_attempt_at'])
      .where('status', '=', 'pending')
      .where('retrying', '=', retrying)
      .where('next_attempt_at', '<=', at)
      .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', at)]));
    if (o.excludeEndpoints?.length) due = due.where('endpoint_id', 'not in', o.excludeEndpoints);
    due = due.orderBy('next_attempt_at').limit(n);
    // A CTE runs its locking SELECT exactly once; `id IN (subquery … SKIP LOCKED)` may be re-run by the planner and
    // then claim more rows than the limit. The guard is repeated for rows another transaction changed meanwhile.
    const rows = await ctx.db
      .with('due', () => due.forUpdate().skipLocked())
      .with('ranked', (db) => db.selectFrom('due').select(['id', rank]))
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil, lease_owner: o.owner })
      .from('ranked')
      .whereRef('webhook_deliveries.id', '=', 'ranked.id')
      .where('ranked.rank', '<=', o.perEndpoint)
      .where('webhook_deliveries.status', '=', 'pending')
      .where((w) => w.or([w('webhook_deliveries.lease_until', 'is', null), w('webhook_deliveries.lease_until', '<=', at)]))
      .returningAll('webhook_deliveries')
      .execute();
    rows.sort((a, b) => (a.next_attempt_at < b.next_attempt_at ? -1 : 1));
    out.push(...rows);
  }
  return out;
}

/**
 * SQLite runs one statement at a time, so one statement claims first attempts and retries together: each kind's
 * next `limit` due rows by the claim index, ranked per endpoint with first attempts ahead. Written as SQL rather than
 * built: the builder spent more time assembling this statement than SQLite spent running it.
 */
async function claimOnSqlite(ctx: Ctx, o: ClaimOptions, at: string, leaseUntil: string): Promise<Delivery[]> {
  const excluded = o.excludeEndpoints?.length ? sql`and endpoint_id not in (${sql.join(o.excludeEndpoints)})` : sql``;
  const due = (retrying: 0 | 1) => sql`select * from (
      select id, endpoint_id, retrying, next_attempt_at from webhook_deliveries
      where status = 'pending' and retrying = ${retrying} and next_attempt_at <= ${at} and (lease_until is null or lease_until <= ${at}) ${excluded}
      order by next_attempt_at limit ${o.limit})`;
  const { rows } = await sql<Delivery>`update webhook_deliveries set lease_until = ${leaseUntil}, lease_owner = ${o.owner}
    where id in (
      select id from (
        select id, retrying, next_attempt_at, row_number() over (partition by endpoint_id order by retrying, next_attempt_at) as rank
        from (${due(0)} union all ${due(1)})
      ) where rank <= ${o.perEndpoint} order by retrying, next_attempt_at limit ${o.limit}
    ) returning *`.execute(ctx.db);
  return rows.sort((a, b) => a.retrying - b.retrying || (a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : 0));
}

/** Gives back rows this worker claimed but will not send now (their endpoint is at its bound). */
export async function releaseClaims(ctx: Ctx, owner: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.updateTable('webhook_deliveries').set({ lease_until: null, lease_owner: null }).where('id', 'in', ids).where('lease_owner', '=', owner).execute();
}
