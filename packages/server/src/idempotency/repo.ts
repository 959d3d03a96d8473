/** @module The idempotency records' SQL: find the one in force, save one unless another got there first, prune old ones. */
import type { Ctx, Tx } from '../app/context.js';
import { staleBefore, type IdempotencyRecord } from './records.js';

const PRUNE_BATCH = 500;

/** The record for `lookup` still in force at `now`, if any. */
export function findRecord(db: Tx, lookup: string, now: Date): Promise<IdempotencyRecord | undefined> {
  return db.selectFrom('idempotency_records').select(['request_hash', 'response']).where('key_hash', '=', lookup).where('created_at', '>=', staleBefore(now)).executeTakeFirst();
}

/**
 * Writes the record unless one in force is there already (another request under the same key got there first): false
 * then. Dated when written, not when the request began, so a request still running past 24 hours is not taken over.
 */
export async function saveRecord(db: Tx, lookup: string, hash: string, response: string, now: Date): Promise<boolean> {
  const row = { key_hash: lookup, request_hash: hash, response, created_at: now.toISOString() };
  const res = await db
    .insertInto('idempotency_records')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('key_hash')
        .doUpdateSet({ request_hash: hash, response, created_at: row.created_at })
        .where('idempotency_records.created_at', '<', staleBefore(now)),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes records past their 24 hours, a small batch per statement so no lock is held long; returns how many. */
export async function pruneIdempotencyRecords(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const cutoff = staleBefore(ctx.clock.now());
  let pruned = 0;
  for (;;) {
    const res = await ctx.db
      .deleteFrom('idempotency_records')
      .where('key_hash', 'in', (eb) => eb.selectFrom('idempotency_records').select('key_hash').where('created_at', '<', cutoff).limit(PRUNE_BATCH))
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    pruned += n;
    if (n < PRUNE_BATCH) return pruned;
  }
}
