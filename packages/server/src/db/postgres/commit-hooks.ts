/**
 * @module Commit hooks for PostgreSQL transactions: a wrapper of the PostgreSQL driver (write-behind.ts), told when a transaction's COMMIT has
 * returned (or it rolled back) so what was set up for after it (a delivery handed to this process's worker) runs exactly
 * then. The same contract as SQLite's group commit (`afterCommit`): nobody hears "committed" before the COMMIT, a
 * rollback, a failed COMMIT or a rollback to a savepoint taken before the hook tells it "rolled back".
 */
import type { DatabaseConnection, Dialect, Driver, QueryCompiler, TransactionSettings } from 'kysely';
import { runHooks, type CommitHook } from '../sqlite/group-commit.js';

/** The open transaction's hooks, kept on Kysely's connection object for the length of the transaction. */
const HOOKS = Symbol('resellerkit commit hooks');

interface TransactionHooks {
  hooks: CommitHook[];
  /** For each open savepoint, how many hooks there were when it was taken. */
  marks: number[];
}

type Hooked = DatabaseConnection & { [HOOKS]?: TransactionHooks };

/** Runs the transaction's hooks once, and forgets them (the connection goes back to the pool). */
function end(connection: Hooked, committed: boolean): void {
  const state = connection[HOOKS];
  if (!state) return;
  connection[HOOKS] = undefined;
  runHooks(state.hooks, committed);
}

/** `inner` with the open transaction's hooks run when its COMMIT has returned, or it rolled back. */
class CommitHookDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    return this.inner.acquireConnection();
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.inner.beginTransaction(connection, settings);
    (connection as Hooked)[HOOKS] = { hooks: [], marks: [] };
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(connection);
    } catch (e) {
      end(connection as Hooked, false);
      throw e;
    }
    end(connection as Hooked, true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Told before the ROLLBACK returns: whatever happens to it, nothing of this transaction will commit.
    end(connection as Hooked, false);
    await this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!(connection, name, compile);
    const state = (connection as Hooked)[HOOKS];
    state?.marks.push(state.hooks.length);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compile);
    // What the undone part set up for after COMMIT must hear that it will not happen.
    const state = (connection as Hooked)[HOOKS];
    if (state) runHooks(state.hooks.splice(state.marks.at(-1) ?? state.hooks.length), false);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compile);
    (connection as Hooked)[HOOKS]?.marks.pop();
  }
}

/** `dialect` (a PostgreSQL one) with commit hooks (see `addCommitHook`). */
export function withCommitHooks(dialect: Dialect): Dialect {
  return {
    createDriver: () => new CommitHookDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** Adds `hook` to the open transaction on `connection`; false when it is not one of this driver's transactions. */
export function addCommitHook(connection: DatabaseConnection, hook: CommitHook): boolean {
  const state = (connection as Hooked)[HOOKS];
  if (!state) return false;
  state.hooks.push(hook);
  return true;
}
