/**
 * @module Work to run once the transaction it was set up in has committed (or to undo once it has not), on either
 * store: SQLite's group commit tells its members at the group's COMMIT, PostgreSQL's driver at the transaction's.
 */
import type { Kysely } from 'kysely';
import { connectionOf } from './work-handle.js';
import { addCommitHook as addPostgresHook } from './postgres/commit-hooks.js';
import { addCommitHook as addSqliteHook, type CommitHook } from './sqlite/group-commit.js';

export type { CommitHook };

/**
 * Adds `hook` to the transaction `db` runs in, told after its COMMIT (true) or its rollback (false). False when `db`
 * is not a transaction of the store's own drivers (a query outside any transaction): nothing is added then.
 */
export async function afterCommit(db: Kysely<any>, hook: CommitHook): Promise<boolean> {
  if (!db.isTransaction) return false;
  const connection = connectionOf(db) ?? (await db.getExecutor().provideConnection(async (c) => c));
  return addSqliteHook(connection, hook) || addPostgresHook(connection, hook);
}
