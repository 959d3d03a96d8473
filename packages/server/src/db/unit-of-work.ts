/**
 * @module A unit of work: everything one request writes, in one database transaction that its owner commits once it
 * has the request's answer. The idempotency record rides in it, so an answer is stored exactly when the effect it
 * describes commits, and a process killed at any point leaves both or neither.
 *
 * `unit.db` stands in for the store's handle in the request's context. The transaction begins at the first write: a
 * bare statement, or a `transaction()`, which runs as a savepoint in it (a failing one undoes only its own part, as
 * its own transaction would have). Reads before that go to the store as usual; from then on every query of the
 * request runs on the transaction's connection, so it sees what the request wrote. The owner ends the unit with
 * `commit()` or `rollback()`.
 *
 * Inside a unit, query only through `unit.db`: on SQLite the unit holds the one connection, and a query through any
 * other handle would wait for it forever. The request's `transaction()`s run one after another (their savepoints must
 * not interleave), so one opened inside another's callback would wait forever too, as it would on SQLite anyway.
 */
import { CompiledQuery, Kysely, SelectQueryNode, TransactionBuilder, type ConnectionProvider, type ControlledTransaction, type DatabaseConnection, type QueryResult, type Transaction } from 'kysely';
import type { DialectName } from './connect.js';
import type { Database } from './schema.js';
import { REFUSED_DIALECT, REFUSED_DRIVER, withWorkOf, workOf, type CarriesWork } from './work-handle.js';

export class UnitOfWork {
  readonly db: Kysely<Database>;
  #trx: Promise<ControlledTransaction<Database>> | undefined;
  #savepoints = 0;
  /** Savepoints one after another: two transactions of one request at once would interleave theirs. */
  #queue: Promise<unknown> = Promise.resolve();
  #ended = false;
  /** PostgreSQL aborts a whole transaction on a failed statement; see execute(). */
  readonly #postgres: boolean;

  /** `store` is the request's handle on the store: the unit's handle and transactions carry its work (the request's actor). */
  constructor(
    private readonly store: Kysely<Database>,
    dialect: DialectName,
  ) {
    this.#postgres = dialect === 'postgres';
    const executor = store.getExecutor().withConnectionProvider(new UnitConnections(this));
    this.db = new UnitHandle(this, { config: { dialect: REFUSED_DIALECT }, dialect: REFUSED_DIALECT, driver: REFUSED_DRIVER, executor }, workOf(store));
  }

  /** Whether anything was written (the transaction has begun). */
  get begun(): boolean {
    return this.#trx !== undefined;
  }

  /** Runs `work` as a savepoint of the unit's transaction, which begins now if it has not yet. */
  inSavepoint<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const trx = await this.transaction();
      const name = `rk_unit_${++this.#savepoints}`;
      const sp = await trx.savepoint(name).execute();
      let result: T;
      try {
        result = await work(withWorkOf(this.store, sp));
      } catch (e) {
        await sp.rollbackToSavepoint(name).execute();
        await sp.releaseSavepoint(name).execute();
        throw e;
      }
      await sp.releaseSavepoint(name).execute();
      return result;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Runs one compiled query: reads on the store until the first write (or after the end), everything else in the transaction. */
  async execute<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const read = isRead(query);
    if (read && (this.#trx === undefined || this.#ended)) return this.store.getExecutor().provideConnection((c) => c.executeQuery<R>(query));
    const trx = await this.transaction();
    return trx.getExecutor().provideConnection(async (c) => {
      if (read || !this.#postgres) return c.executeQuery<R>(query);
      // A failed statement aborts a whole PostgreSQL transaction (SQLite undoes just the statement); inside its own
      // savepoint it undoes only itself, and the request can still answer, say, 409 and have that answer kept.
      const name = `rk_statement_${++this.#savepoints}`;
      await c.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
      try {
        const result = await c.executeQuery<R>(query);
        await c.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
        return result;
      } catch (e) {
        await c.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
        throw e;
      }
    });
  }

  async *stream<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const trx = await this.transaction();
    const connection = await trx.getExecutor().provideConnection(async (c) => c);
    yield* connection.streamQuery<R>(query, chunkSize);
  }

  /** On SQLite the answer waits for the group's COMMIT (group-commit.ts): nobody hears "done" before it happened. */
  async commit(): Promise<void> {
    this.#ended = true;
    const trx = await this.#trx;
    if (!trx) return;
    try {
      await trx.commit().execute();
    } catch (e) {
      // Kysely lets go of the connection only when the database itself rolled back; otherwise a rollback does.
      if (!trx.isRolledBack) await trx.rollback().execute().catch(() => {});
      throw e;
    }
  }

  async rollback(): Promise<void> {
    this.#ended = true;
    // A transaction that never began has nothing to undo.
    const trx = await this.#trx?.catch(() => undefined);
    if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
  }

  private transaction(): Promise<ControlledTransaction<Database>> {
    if (this.#ended) return Promise.reject(new Error('The unit of work has ended; nothing more can be written in it.'));
    return (this.#trx ??= this.store.startTransaction().execute());
  }
}

/** Raw statements count as reads only when they are a plain SELECT (the compiled-once queries are raw). */
function isRead(query: CompiledQuery): boolean {
  return SelectQueryNode.is(query.query) || /^\s*select\b/i.test(query.sql);
}

/** Hands every query of `unit.db` to the unit, which decides where it runs. */
class UnitConnections implements ConnectionProvider {
  private readonly connection: DatabaseConnection;
  constructor(unit: UnitOfWork) {
    this.connection = { executeQuery: (q) => unit.execute(q), streamQuery: (q, chunkSize) => unit.stream(q, chunkSize) };
  }
  provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    return consumer(this.connection);
  }
}

/** `transaction()` becomes a savepoint of the unit; the callback gets the unit's transaction, as a transaction. */
class UnitHandle extends Kysely<Database> implements CarriesWork<unknown> {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly props: ConstructorParameters<typeof TransactionBuilder<Database>>[0],
    readonly work: unknown,
  ) {
    super(props);
  }
  override transaction(): TransactionBuilder<Database> {
    return new UnitTransactionBuilder(this.unit, this.props);
  }
}

class UnitTransactionBuilder extends TransactionBuilder<Database> {
  constructor(
    private readonly unit: UnitOfWork,
    props: ConstructorParameters<typeof TransactionBuilder<Database>>[0],
  ) {
    super(props);
  }
  override execute<T>(callback: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.unit.inSavepoint(callback);
  }
}
