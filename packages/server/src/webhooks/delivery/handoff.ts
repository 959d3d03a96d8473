/**
 * @module Deliveries handed from the fan-out straight to the worker of the same store in this process (SQLite), so a
 * delivery written here is not claimed back from the table. The fan-out writes the row already leased to that worker
 * (when its endpoint's line has room) and the worker starts it after the write's COMMIT; a rollback frees the slot.
 * If the process dies first, the lease runs out and any worker claims the row, as after a crash mid-send.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Delivery } from './claim.js';
import type { Endpoint, EventRow } from './attempt.js';

export interface HandedDelivery {
  delivery: Delivery;
  endpoint: Endpoint;
  event: EventRow;
}

export interface DeliveryTaker {
  owner: string;
  leaseMs: number;
  /** A slot in this endpoint's line, or false (the row is then written unleased and claimed later). */
  reserve(endpointId: string): boolean;
  /** After the write's transaction: committed, send them; rolled back, free their slots. */
  settle(committed: boolean, items: HandedDelivery[]): void;
}

/** Keyed by the store's adapter: one object shared by the store's handle, its transactions and request handles. */
const takers = new WeakMap<object, DeliveryTaker>();
const keyOf = (db: Kysely<Database>) => db.getExecutor().adapter;

/** Makes `taker` the store's; returns the undo. */
export function registerTaker(db: Kysely<Database>, taker: DeliveryTaker): () => void {
  const key = keyOf(db);
  takers.set(key, taker);
  return () => {
    if (takers.get(key) === taker) takers.delete(key);
  };
}

export function takerFor(db: Kysely<Database>): DeliveryTaker | undefined {
  return takers.get(keyOf(db));
}
