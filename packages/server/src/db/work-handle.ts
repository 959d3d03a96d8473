/**
 * @module A handle on the store that says whose work it carries: the app's outbox, and for a request its id and actor.
 * Everything that writes on someone's behalf already receives a handle (or a transaction opened from one), so what
 * the write needs to know travels as a typed field of that argument. Transactions opened from a handle carry its work.
 */
import { Kysely, Transaction, TransactionBuilder, type AccessMode, type CompiledQuery, type ControlledTransactionBuilder, type DatabaseConnection, type DatabaseIntrospector, type Dialect, type Driver, type IsolationLevel, type QueryResult } from 'kysely';
import type { Database } from './schema.js';
import type { DeferringConnection } from './postgres/write-behind.js';
import type { Answer } from './postgres/group-flush.js';

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

/**
 * A connection that can run a statement at once, synchronously, while its transaction is open (SQLite's: its driver is
 * synchronous); undefined once the transaction has ended, and the statement then takes Kysely's way, which refuses it.
 */
export interface ImmediateConnection extends DatabaseConnection {
  executeNow(query: CompiledQuery): QueryResult<unknown> | undefined;
}

/** A transaction carrying work, and the connection it runs on when the builder knew it. */
export class WorkTransaction<W> extends Transaction<Database> implements CarriesWork<W> {
  constructor(
    trx: Transaction<Database>,
    readonly work: W,
    /** Not `connection`: Kysely has a method of that name. */
    readonly runsOn?: DatabaseConnection,
  ) {
    super({ ...HANDLE_PROPS, executor: trx.getExecutor() });
  }
}

/** The connection a transaction opened from a handle runs on; undefined for other handles. */
export function connectionOf(db: Kysely<Database>): DatabaseConnection | undefined {
  return db instanceof WorkTransaction ? db.runsOn : undefined;
}

/**
 * Runs a compiled statement on `db`. In an open SQLite transaction it runs at once on the transaction's connection:
 * Kysely's way (a connection provider per query, an asserting executor, three awaits and a result transform that has no
 * plugin to run) costs more JavaScript per hot statement than the statement's own binding. Elsewhere, Kysely's way.
 * Callers await each statement, as everywhere, so statements still run in the order they are issued.
 */
export function executeCompiled<R>(db: Kysely<Database>, query: CompiledQuery): Promise<QueryResult<R>> {
  const connection = connectionOf(db) as Partial<ImmediateConnection> | undefined;
  if (connection?.executeNow) {
    try {
      const result = connection.executeNow(query);
      if (result) return Promise.resolve(result as QueryResult<R>);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return db.executeQuery<R>(query);
}

/**
 * Runs a statement whose caller needs no answer now (an insert, a NOTIFY): in an open PostgreSQL transaction it waits on
 * the connection and goes with the transaction's next statement that could see it, or at COMMIT
 * (postgres/write-behind.ts); a constraint it violates then fails that statement, with the same error. Elsewhere it runs
 * at once, as executeCompiled. An insert with RETURNING gives its rows to `answer` once it has run, before COMMIT.
 */
export async function executeDeferred(db: Kysely<Database>, query: CompiledQuery, answer?: Answer): Promise<void> {
  const connection = connectionOf(db) as Partial<DeferringConnection> | undefined;
  if (connection?.defer?.(query, answer)) return;
  const { rows } = await executeCompiled<Record<string, unknown>>(db, query);
  answer?.(rows);
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
    // The connection, asked for once per transaction, lets its hot statements skip Kysely's per-query way (executeCompiled).
    return this.inner.execute(async (trx) => callback(new WorkTransaction(trx, this.work, await trx.getExecutor().provideConnection(async (c) => c))));
  }
}

/** These handles have no driver of their own: connections, transactions and closing belong to the store. */
const refuse = (): never => {
  throw new Error('This handle cannot open connections, start transactions or close the store itself; the store does.');
};
export const REFUSED_DRIVER: Driver = { init: refuse, acquireConnection: refuse, beginTransaction: refuse, commitTransaction: refuse, rollbackTransaction: refuse, releaseConnection: refuse, destroy: refuse };
export const REFUSED_DIALECT: Dialect = { createDriver: refuse, createQueryCompiler: refuse, createAdapter: refuse, createIntrospector: refuse };
const HANDLE_PROPS = { config: { dialect: REFUSED_DIALECT }, dialect: REFUSED_DIALECT, driver: REFUSED_DRIVER };
