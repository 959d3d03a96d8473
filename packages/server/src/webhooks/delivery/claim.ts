/**
 * @module Claiming due deliveries with a lease. PostgreSQL: `FOR UPDATE SKIP LOCKED` so workers never wait on or take
 * each other's rows. SQLite: reads, then an UPDATE … RETURNING guarded by the same conditions, so a row another process
 * leased in between is not taken twice. A lease that runs out (a crashed worker) makes the row due again: nothing is
 * lost.
 */
import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveryTable } from '../../db/schema.js';
import type { Ctx } from '../../app/context.js';

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
 * SQLite: each kind's next `limit` due rows by the claim index (two index range reads), the per-endpoint ranking in
 * JavaScript with first attempts ahead, then one UPDATE of the chosen ids that repeats the guard (`+status`: found by
 * id, never through the claim index, which would walk every pending row of a backlog). Not one statement with a
 * window function: its temporary sort B-trees cost 400–490 µs per claim in the end-to-end bench, against ~230 µs for
 * these three.
 */
async function claimOnSqlite(ctx: Ctx, o: ClaimOptions, at: string, leaseUntil: string): Promise<Delivery[]> {
  const excluded = o.excludeEndpoints?.length ? sql`and endpoint_id not in (${sql.join(o.excludeEndpoints)})` : sql``;
  const due = async (retrying: 0 | 1) =>
    (
      await sql<{ id: string; endpoint_id: string }>`select id, endpoint_id from webhook_deliveries
        where status = 'pending' and retrying = ${retrying} and next_attempt_at <= ${at} and (lease_until is null or lease_until <= ${at}) ${excluded}
        order by next_attempt_at limit ${o.limit}`.execute(ctx.db)
    ).rows;
  const taken = new Map<string, number>();
  const ids: string[] = [];
  for (const r of [...(await due(0)), ...(await due(1))]) {
    const n = taken.get(r.endpoint_id) ?? 0;
    if (n >= o.perEndpoint) continue;
    taken.set(r.endpoint_id, n + 1);
    ids.push(r.id);
    if (ids.length >= o.limit) break;
  }
  if (ids.length === 0) return [];
  const { rows } = await sql<Delivery>`update webhook_deliveries set lease_until = ${leaseUntil}, lease_owner = ${o.owner}
    where id in (${sql.join(ids)}) and +status = 'pending' and (lease_until is null or lease_until <= ${at}) returning *`.execute(ctx.db);
  return rows.sort((a, b) => a.retrying - b.retrying || (a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : 0));
}

/** Gives back rows this worker claimed but will not send now (their endpoint is at its bound). */
export async function releaseClaims(ctx: Ctx, owner: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.updateTable('webhook_deliveries').set({ lease_until: null, lease_owner: null }).where('id', 'in', ids).where('lease_owner', '=', owner).execute();
}

/**
 * Extends the leases of rows this worker still holds (waiting in its line or being sent): a slow receiver within the
 * timeout, or a long line, must not let the lease run out under a live worker and another worker send the row again.
 * Only rows still pending and leased to `owner` are touched; one whose outcome is stored has no owner any more.
 */
export async function renewLeases(ctx: Ctx, owner: string, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  const leaseUntil = new Date(ctx.clock.now().getTime() + leaseMs).toISOString();
  await ctx.db.updateTable('webhook_deliveries').set({ lease_until: leaseUntil }).where('id', 'in', ids).where('lease_owner', '=', owner).where('status', '=', 'pending').execute();
}
