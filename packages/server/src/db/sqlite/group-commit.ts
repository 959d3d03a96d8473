/**
 * @module Group commit for the one SQLite connection: transactions that queue up behind each other share one COMMIT.
 *
 * Every commit writes each page it touched to the WAL in full; a trial creation touches ~34 pages (tables and their
 * indexes, most at the same right-hand edge), which makes its own COMMIT its costliest statement. Here a transaction runs as a
 * savepoint inside an outer transaction; when it finishes it hands the connection on and waits for the group's COMMIT,
 * which runs two turns of the event loop later (two `setImmediate`s: the requests whose I/O arrived in this turn and
 * the next have joined by then), or when the group is full. Nobody hears "committed" before the COMMIT has happened,
 * and a failed COMMIT fails every member. A member that rolls back undoes only its own savepoint. A query outside any
 * transaction commits an open group first, so reads never see writes that are not yet committed.
 *
 * Also a fair mutex: kysely's own wakes every waiter on each release and lets them race for the connection.
 * Savepoints inside a transaction (`trx.savepoint()`) nest inside the member's own; commit hooks added after one are
 * told "rolled back" when the transaction rolls back to it.
 */
import { CompiledQuery, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';
import { connectionOf, type ImmediateConnection } from '../work-handle.js';

/** The part of better-sqlite3 (behind the statement cache) this driver uses. */
export interface SqliteHandle {
  prepare(sql: string): { reader: boolean; all(...params: unknown[]): unknown[]; run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }; iterate(...params: unknown[]): IterableIterator<unknown> };
  readonly inTransaction: boolean;
  close(): void;
}

/** More members would only make the first ones wait longer for their answer. */
const MAX_GROUP = 64;
const MEMBER = 'rk_member';

interface Member {
  resolve(): void;
  reject(e: unknown): void;
  hooks: CommitHook[];
}

/** Told once whether the transaction it was added in committed. */
export type CommitHook = (committed: boolean) => void;

/** One hold on the connection: it knows whether it is inside a member transaction and whether it let go early. */
class Lease implements ImmediateConnection {
  inTransaction = false;
  handedOn = false;
  /** Run after this member's group COMMIT (true) or its rollback (false). */
  hooks: CommitHook[] = [];
  /** For each open savepoint, how many hooks there were when it was taken. */
  savepointMarks: number[] = [];
  constructor(private readonly driver: GroupCommitDriver) {}
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.execute(this, q) as QueryResult<R>);
  }
  /** At once while this lease's transaction is open (see executeCompiled in work-handle.ts); undefined after it. */
  executeNow(q: CompiledQuery): QueryResult<unknown> | undefined {
    return this.inTransaction ? this.driver.execute(this, q) : undefined;
  }
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query)) throw new Error('SQLite streams only SELECT queries');
    this.driver.settleBefore(this);
    for (const row of this.driver.db.prepare(q.sql).iterate(q.parameters)) yield { rows: [row as R] };
  }
}

export class GroupCommitDriver implements Driver {
  private locked = false;
  private readonly waiting: (() => void)[] = [];
  /** Members whose savepoints are released into the open outer transaction, waiting for its COMMIT. */
  private group: Member[] | null = null;
  private commitScheduled = false;

  constructor(readonly db: SqliteHandle) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.locked = true;
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!this.group) {
      // IMMEDIATE: a deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another process
      // committed in between (busy_timeout does not cover that upgrade); taking the write lock up front waits instead.
      this.run('begin immediate');
      this.group = [];
    }
    this.run(`savepoint ${MEMBER}`);
    lease.inTransaction = true;
    lease.hooks = [];
    lease.savepointMarks = [];
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    const lease = connection as Lease;
    this.run(`savepoint ${savepointName(name)}`);
    lease.savepointMarks.push(lease.hooks.length);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    const lease = connection as Lease;
    this.run(`rollback to ${savepointName(name)}`);
    // What the undone part set up after COMMIT (a hand-over to the worker) must hear that it will not happen.
    runHooks(lease.hooks.splice(lease.savepointMarks.at(-1) ?? lease.hooks.length), false);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    this.run(`release ${savepointName(name)}`);
    (connection as Lease).savepointMarks.pop();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.run(`release ${MEMBER}`);
    lease.inTransaction = false;
    const group = this.group!;
    const committed = new Promise<void>((resolve, reject) => group.push({ resolve, reject, hooks: lease.hooks }));
    if (group.length >= MAX_GROUP) this.commitGroup();
    else this.scheduleCommit();
    // The connection is free for the next member now; this one's answer waits for the group's COMMIT.
    lease.handedOn = true;
    this.unlock();
    return committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Not inside its savepoint any more: its COMMIT failed, and the group was rolled back with it.
    if (!lease.inTransaction) return;
    lease.inTransaction = false;
    runHooks(lease.hooks, false);
    if (!this.db.inTransaction) {
      // SQLite rolled the whole outer transaction back (a full disk, say): the members before it are lost too.
      this.failGroup(new Error('The transaction was rolled back by SQLite together with the ones grouped with it.'));
      return;
    }
    this.run(`rollback to ${MEMBER}`);
    this.run(`release ${MEMBER}`);
    if (this.group?.length === 0) this.commitGroup(); // nothing of anyone's in it: close it now
    else this.scheduleCommit();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (!(connection as Lease).handedOn) this.unlock();
  }

  async destroy(): Promise<void> {
    if (this.group && !this.locked) this.commitGroup();
    // A transaction still running now cannot commit any more: its group fails rather than waiting forever.
    this.failGroup(new Error('The store was closed before the transaction committed.'));
    this.db.close();
  }

  /** Runs one statement for a lease; outside a transaction, an open group is committed first. */
  execute(lease: Lease, q: CompiledQuery): QueryResult<unknown> {
    this.settleBefore(lease);
    const stmt = this.db.prepare(q.sql);
    if (stmt.reader) return { rows: stmt.all(q.parameters) };
    const { changes, lastInsertRowid } = stmt.run(q.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  settleBefore(lease: Lease): void {
    if (!lease.inTransaction && this.group) this.commitGroup();
  }

  /**
   * Commits once the requests whose I/O arrived in this turn of the event loop have run, and those of the next turn:
   * what the last COMMIT's answers set off (a client's next request, a webhook receiver's reply whose outcome is
   * recorded) arrives a turn later and would otherwise open a group of its own. If a transaction is still open on the
   * connection then, its own commit schedules the next try.
   */
  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() =>
      setImmediate(() => {
        this.commitScheduled = false;
        if (this.group && !this.locked) this.commitGroup();
      }),
    );
  }

  private commitGroup(): void {
    const group = this.group!;
    this.group = null;
    try {
      this.run('commit');
    } catch (e) {
      if (this.db.inTransaction) this.run('rollback');
      for (const m of group) {
        runHooks(m.hooks, false);
        m.reject(e);
      }
      return;
    }
    for (const m of group) {
      runHooks(m.hooks, true);
      m.resolve();
    }
  }

  private failGroup(e: Error): void {
    const group = this.group ?? [];
    this.group = null;
    for (const m of group) {
      runHooks(m.hooks, false);
      m.reject(e);
    }
  }

  private unlock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }

  private run(sql: string): void {
    this.db.prepare(sql).run();
  }
}

/** Savepoint names are ours, but they go into SQL text: only identifiers pass. */
function savepointName(name: string): string {
  if (!/^[A-Za-z_]\w*$/.test(name) || name === MEMBER) throw new Error(`Not a usable savepoint name: ${name}`);
  return name;
}

/** Tells each hook; one that throws does not keep the others from hearing. */
export function runHooks(hooks: CommitHook[], committed: boolean): void {
  for (const hook of hooks) {
    try {
      hook(committed);
    } catch {
      // A hook's failure is its own: the COMMIT (or rollback) has happened either way.
    }
  }
}

/**
 * Adds `hook` to the transaction `db` runs in, told after its group's COMMIT or its rollback. False when `db` is not a
 * transaction of this driver (PostgreSQL, or a query outside any transaction): nothing is added then.
 */
export async function afterCommit(db: Kysely<any>, hook: CommitHook): Promise<boolean> {
  if (!db.isTransaction) return false;
  return addCommitHook(connectionOf(db) ?? (await db.getExecutor().provideConnection(async (c) => c)), hook);
}

/** Adds `hook` to the open member transaction on `connection`; false when it is not one of this driver's. */
export function addCommitHook(connection: DatabaseConnection, hook: CommitHook): boolean {
  if (!(connection instanceof Lease) || !connection.inTransaction) return false;
  connection.hooks.push(hook);
  return true;
}

export function groupCommitDialect(db: SqliteHandle): Dialect {
  return {
    createDriver: () => new GroupCommitDriver(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (k: Kysely<any>) => new SqliteIntrospector(k),
  };
}
