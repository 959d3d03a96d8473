/**
 * @module Deliveries handed from the fan-out straight to this app's worker, so a delivery written here is not claimed
 * back from the table. The fan-out writes the row already leased to that worker (SQLite: when its endpoint's line has
 * room; PostgreSQL: when the worker has room at all) and the worker starts it after the write's COMMIT; a rollback frees
 * the slot.
 * If the process dies first, the lease runs out and any worker claims the row, as after a crash mid-send.
 */
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
  /**
   * PostgreSQL writes an event's deliveries in SQL (fan-out.ts), leased to this taker when `accepting()`, and the write
   * returns them with their endpoints; after COMMIT the taker starts them, or gives back what it has no room for.
   */
  accepting(): boolean;
  take(items: HandedDelivery[]): void;
}

/**
 * Where the fan-out finds a worker of this app: the taker that reserves slots, and (SQLite) the listeners told of rows
 * written unleased, SQLite's stand-in for NOTIFY. Owned by the AppContext; a worker registers here when it starts.
 */
export class DeliveryHandoff {
  #taker: DeliveryTaker | undefined;
  readonly #listeners = new Set<(endpointIds: string[]) => void>();

  get taker(): DeliveryTaker | undefined {
    return this.#taker;
  }

  /** Makes `taker` this app's and `onQueued` one of its listeners; returns the undo. */
  register(taker: DeliveryTaker, onQueued: (endpointIds: string[]) => void): () => void {
    this.#taker = taker;
    this.#listeners.add(onQueued);
    return () => {
      if (this.#taker === taker) this.#taker = undefined;
      this.#listeners.delete(onQueued);
    };
  }

  /**
   * Rows were written unleased for these endpoints. Told before the commit, which is safe: SQLite has one connection
   * per process, the worker claims after the current event-loop turn, and its claim (a transaction of its own) returns
   * no rows before the COMMIT that also commits this write.
   */
  queued(endpointIds: string[]): void {
    for (const listener of this.#listeners) listener(endpointIds);
  }
}
