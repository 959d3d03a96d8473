/**
 * @module A handle on the store that says whose work it carries: the app's outbox, and for a request its id and actor.
 * Everything that writes on someone's behalf already receives a handle (or a transaction opened from one), so what
 * the write needs to know travels as a typed field of that argument. Transactions opened from a handle carry its work.
 */
import { Kysely, Transaction, TransactionBuilder, type AccessMode, type ControlledTransactionBuilder, type DatabaseIntrospector, type Dialect, type Driver, type IsolationLevel } from 'kysely';
import type { Database } from './schema.js';

/** A handle that carries work: a `WorkDb`, a transaction opened from one, or a unit of work's handle. */
export interface CarriesWork<W> {
  readonly work: W;
}

/** The work the handle (or transaction) carries; undefined for a bare store handle. */
export function workOf<W>(db: Kysely<Database>): W | undefined {
  return (db as Partial<CarriesWork<W>>).work;
}

/** The store's handle with work attached: queries run on the store's executor; transactions are the store's, carrying the work. */
export class WorkDb<W> extends Kysely<Database> implements CarriesWork<W> {
  constructor(
    /** The store's own handle (connections, transactions and closing belong to it). */
    readonly store: Kysely<Database>,
    readonly work: W,
  ) {
    super({ ...HANDLE_PROPS, executor: store.getExecutor() });
  }

  /** The same store carrying other work (a request's). */
  withWork<T>(work: T): WorkDb<T> {
    return new WorkDb(this.store, work);
  }

  override transaction(): TransactionBuilder<Database> {
    return new WorkTransactionBuilder(this.store.transaction(), this.work);
  }

  /** The store's: a controlled transaction's owner (a unit of work) passes its work on to what runs in it. */
  override startTransaction(): ControlledTransactionBuilder<Database> {
    return this.store.startTransaction();
  }

  override get introspection(): DatabaseIntrospector {
    return this.store.introspection;
  }

  override destroy(): Promise<void> {
    return this.store.destroy();
  }
}

/** A transaction carrying work. */
export class WorkTransaction<W> extends Transaction<Database> implements CarriesWork<W> {
  constructor(
    trx: Transaction<Database>,
    readonly work: W,
  ) {
    super({ ...HANDLE_PROPS, executor: trx.getExecutor() });
  }
}

/** `trx` carrying the work `db` carries (if any). */
export function withWorkOf(db: Kysely<Database>, trx: Transaction<Database>): Transaction<Database> {
  const work = workOf<unknown>(db);
  return work === undefined ? trx : new WorkTransaction(trx, work);
}

class WorkTransactionBuilder<W> extends TransactionBuilder<Database> {
  constructor(
    private readonly inner: TransactionBuilder<Database>,
    private readonly work: W,
  ) {
    super(HANDLE_PROPS as never);
  }
  override setIsolationLevel(level: IsolationLevel): TransactionBuilder<Database> {
    return new WorkTransactionBuilder(this.inner.setIsolationLevel(level), this.work);
  }
  override setAccessMode(mode: AccessMode): TransactionBuilder<Database> {
    return new WorkTransactionBuilder(this.inner.setAccessMode(mode), this.work);
  }
  override execute<T>(callback: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.inner.execute((trx) => callback(new WorkTransaction(trx, this.work)));
  }
}

/** These handles have no driver of their own: connections, transactions and closing belong to the store. */
const refuse = (): never => {
  throw new Error('This handle cannot open connections, start transactions or close the store itself; the store does.');
};
export const REFUSED_DRIVER: Driver = { init: refuse, acquireConnection: refuse, beginTransaction: refuse, commitTransaction: refuse, rollbackTransaction: refuse, releaseConnection: refuse, destroy: refuse };
export const REFUSED_DIALECT: Dialect = { createDriver: refuse, createQueryCompiler: refuse, createAdapter: refuse, createIntrospector: refuse };
const HANDLE_PROPS = { config: { dialect: REFUSED_DIALECT }, dialect: REFUSED_DIALECT, driver: REFUSED_DRIVER };
