/**
 * @module Retention's SQL: each function deletes at most `batch` rows older than a cutoff in one statement (a small
 * `where key in (select … limit n)`), so no statement holds its locks long on either store. Each returns how many it
 * deleted; the caller loops (prune.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ORDER_OPEN } from '../lifecycle/machines.js';
import type { EventType } from '../outbox/event-types.js';

type Db = Kysely<Database>;
const count = (res: { numDeletedRows: bigint }) => Number(res.numDeletedRows);

/**
 * The events that document a ledger entry: the approval that made the customer, the customer, each renewal, each
 * entry itself, the cancellation and reversal that take revenue back, and the signature behind the order. The ledger is
 * append-only and kept for accounting, so these are kept with it.
 */
export const LEDGER_EVENTS: readonly EventType[] = ['order.approved', 'customer.created', 'customer.renewed', 'customer.cancelled', 'revenue.recorded', 'revenue.reversed', 'order.agreement_signed'];

/** Webhook attempts logged before `cutoff`: the log of what endpoints answered. */
export async function deleteAttempts(db: Db, cutoff: string, batch: number): Promise<number> {
  return count(
    await db
      .deleteFrom('webhook_attempts')
      .where('id', 'in', (eb) => eb.selectFrom('webhook_attempts').select('id').where('at', '<', cutoff).orderBy('at').limit(batch))
      .executeTakeFirst(),
  );
}

/**
 * Finished deliveries (succeeded, failed, disabled) created and last tried before `cutoff`, with their attempts. A
 * pending one is never deleted: the worker still owes it.
 */
export async function deleteFinishedDeliveries(db: Db, cutoff: string, batch: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const ids = (
      await tx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('created_at', '<', cutoff)
        .where('status', '!=', 'pending')
        .where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<', cutoff)]))
        .orderBy('created_at')
        .limit(batch)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    // Their attempts are older than the cutoff too, so usually gone already (deleteAttempts); the rest go with them.
    await tx.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
    // Guarded again: a redelivery may have made one pending since the select (it then keeps its row).
    return count(await tx.deleteFrom('webhook_deliveries').where('id', 'in', ids).where('status', '!=', 'pending').executeTakeFirst());
  });
}

/**
 * Events recorded before `cutoff` that nothing needs any more: not one of the ledger's (LEDGER_EVENTS), no delivery
 * of it left (pending, or finished and still within its own retention), and no open order on its account (an order
 * in progress may be shown with its history).
 */
export async function deleteEvents(db: Db, cutoff: string, batch: number): Promise<number> {
  return count(
    await db
      .deleteFrom('events')
      .where('seq', 'in', (eb) =>
        eb
          .selectFrom('events as e')
          .select('e.seq')
          .where('e.created_at', '<', cutoff)
          .where('e.type', 'not in', LEDGER_EVENTS)
          .where((w) => w.not(w.exists(w.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'e.id'))))
          .where((w) => w.or([w('e.trial_id', 'is', null), w.not(w.exists(w.selectFrom('orders as o').select('o.id').whereRef('o.trial_id', '=', 'e.trial_id').where('o.status', 'in', ORDER_OPEN)))]))
          .orderBy('e.created_at')
          .limit(batch),
      )
      .executeTakeFirst(),
  );
}

/** E-mails sent (or kept for /dev/mail) before `cutoff`; pending and failed ones stay for the sender and the operator. */
export async function deleteSentEmails(db: Db, cutoff: string, batch: number): Promise<number> {
  return count(
    await db
      .deleteFrom('emails')
      .where('id', 'in', (eb) => eb.selectFrom('emails').select('id').where('sent_at', '<', cutoff).where('status', 'in', ['sent', 'kept']).orderBy('sent_at').limit(batch))
      .executeTakeFirst(),
  );
}

/** Rate-limit buckets untouched since `beforeMs`: full again, the same as absent. */
export async function deleteIdleBuckets(db: Db, beforeMs: number, batch: number): Promise<number> {
  return count(
    await db
      .deleteFrom('rate_limit_buckets')
      .where('key', 'in', (eb) => eb.selectFrom('rate_limit_buckets').select('key').where('at_ms', '<', beforeMs).limit(batch))
      .executeTakeFirst(),
  );
}
