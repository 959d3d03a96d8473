/**
 * @module PostgreSQL with fewer round trips per transaction. node-postgres sends one statement at a time and waits for
 * its answer, and the server shares this machine's two cores, so every statement of a transaction costs a round trip
 * and both processes' CPU for it. A trial creation sent eleven (BEGIN, a read, six inserts, a read, NOTIFY, COMMIT).
 *
 * - Write-behind: statements whose callers need no answer (`insertRows`, a NOTIFY: `executeDeferred`) wait on the
 *   transaction's connection and go as ONE statement (data-modifying CTEs, `with w1 as (insert …), … insert …`) just
 *   before the next statement that could see them or change what they do, or at COMMIT. A constraint they violate
 *   fails that statement with the same error (code and constraint) the insert would have raised: callers map it where
 *   they did, around the transaction. A ROLLBACK, or a ROLLBACK TO SAVEPOINT (they all came after the savepoint), drops them.
 * - BEGIN is sent only when the transaction first does something that needs one: a write, a locking read, a savepoint.
 *   Plain reads before it run on their own. At the default READ COMMITTED every statement takes a fresh snapshot, so a
 *   plain read outside the transaction sees what it would have seen inside, as long as the transaction has written
 *   nothing it could see. A transaction that wrote only through the buffer commits as that one statement, which is
 *   atomic on its own: no BEGIN, no COMMIT. A trial creation is two round trips: the organization, then the
 *   writes (with the webhook fan-out's choice of endpoints inside them). Both are shared under load: such commits that
 *   come together go as one statement (group-flush.ts), and so do their organizations' reads (../shared-lookup.ts).
 * - The buffered statements, the inserts of `insertRows` and the texts marked by `prepared` (../prepared.ts) are named
 *   prepared statements on each connection (their SQL is a few fixed shapes), so the server parses and plans them once
 *   per connection rather than once per call.
 *
 * Assumes READ COMMITTED (PostgreSQL's default); a transaction that asks for another isolation level or access mode
 * begins at once and reads inside it, as before.
 */
import { AbortedTransactionError, CompiledQuery, createQueryId, PostgresDialect, IdentifierNode, RawNode, type QueryCompiler, type DatabaseConnection, type Driver, type PostgresDialectConfig, type QueryResult, type TransactionSettings } from 'kysely';
import type pg from 'pg';
import { deliverAnswers, GroupFlush, type Answer, type Combine, type FlushConnection } from './group-flush.js';
import { CombinedTexts } from './combined-texts.js';
import { isPrepared } from '../prepared.js';

/** A connection that can hold a statement back until the transaction needs it sent (see executeDeferred). */
export interface DeferringConnection extends DatabaseConnection {
  /**
   * Takes `query` into the buffer; false when it cannot (no transaction open, or the buffer is full): run it then.
   * An insert with RETURNING gives its rows to `answer` when the statement that carries it has run.
   */
  defer(query: CompiledQuery, answer?: Answer): boolean;
}

export class WriteBehindPostgresDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  constructor(config: PostgresDialectConfig & { pool: pg.Pool }) {
    super(config);
    this.#pool = config.pool;
  }
  override createDriver(): Driver {
    return new WriteBehindDriver(this.#pool);
  }
}

/** Parameters a flush may carry (PostgreSQL's limit is 65 535 a statement). */
const MAX_PARAMETERS = 30_000;
/** Names handed out for prepared statements, over all connections: the SQL shapes of the hot writes are few. */
const MAX_NAMES = 200;
/**
 * Of those, names for group flushes' texts (group-flush.ts), which vary with the members a group holds: a text is
 * named the second time it is seen, so a shape that comes once costs no name; the rest stay for the hot single shapes.
 */
const MAX_GROUP_NAMES = 100;
/** Group texts seen once, remembered to name them when they come again; forgotten all at once when full. */
const MAX_SEEN_GROUPS = 128;

/** As Kysely's own drivers build it: the name goes in as an identifier, so it is quoted. */
function parseSavepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

/** Prepared statements' names, one per text for the driver's life. */
interface StatementNames {
  /** The name for `sql`, or undefined once the names run out. */
  nameOf(sql: string): string | undefined;
  /** The name for a group flush's `sql` once it is seen again, or undefined. */
  nameOfGroup(sql: string): string | undefined;
}

class WriteBehindDriver implements Driver, StatementNames {
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>();
  readonly #names = new Map<string, string>();
  readonly #seenGroups = new Set<string>();
  #groupNames = 0;
  readonly #texts = new CombinedTexts();
  readonly #combine: Combine = (buffers) => this.#texts.combine(buffers);
  readonly #groupFlush = new GroupFlush(this.#combine);
  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) this.#connections.set(client, (connection = new PgConnection(client, this, this.#groupFlush, this.#combine)));
    return connection;
  }

  /** A prepared statement's name for `sql`, one per text for the driver's life, or undefined once the names run out. */
  nameOf(sql: string): string | undefined {
    let name = this.#names.get(sql);
    if (name === undefined && this.#names.size < MAX_NAMES) this.#names.set(sql, (name = `rk_${this.#names.size + 1}`));
    return name;
  }

  nameOfGroup(sql: string): string | undefined {
    const name = this.#names.get(sql);
    if (name !== undefined || this.#groupNames >= MAX_GROUP_NAMES) return name;
    if (!this.#seenGroups.delete(sql)) {
      if (this.#seenGroups.size >= MAX_SEEN_GROUPS) this.#seenGroups.clear();
      this.#seenGroups.add(sql);
      return undefined;
    }
    const named = this.nameOf(sql);
    if (named !== undefined) this.#groupNames++;
    return named;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PgConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgConnection).commit();
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgConnection).rollback();
  }
  // Savepoints as Kysely's PostgreSQL driver runs them; the connection begins and flushes before them, and drops the
  // buffer on ROLLBACK TO (what it holds came after the savepoint).
  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('savepoint', name), createQueryId()));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('rollback to', name), createQueryId()));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('release', name), createQueryId()));
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PgConnection).release();
  }
  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

type TransactionState = 'none' | 'pending' | 'open';

class PgConnection implements DeferringConnection, FlushConnection {
  #state: TransactionState = 'none';
  #buffer: CompiledQuery[] = [];
  /** Where each buffered statement's rows go, by its position in the buffer (see Answer). */
  #answers: (Answer | undefined)[] = [];
  #bufferedParameters = 0;
  /** Tables the buffered statements write: a read naming none of them cannot see them. */
  #bufferedTables = new Set<string>();
  #discarded = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
    private readonly groupFlush: GroupFlush,
    private readonly combine: Combine,
  ) {}

  async begin(settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode) {
      let text = 'start transaction';
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
      await this.run(text, []);
      this.#state = 'open';
    } else this.#state = 'pending';
  }

  defer(query: CompiledQuery, answer?: Answer): boolean {
    if (this.#state === 'none' || this.#bufferedParameters + query.parameters.length > MAX_PARAMETERS) return false;
    const table = writtenTable(query.sql);
    // Only an INSERT of one table, or a SELECT that reads none (a NOTIFY), can join a flush.
    if (table === undefined && !/^select\b/i.test(query.sql)) return false;
    // The sub-statements of one statement run in no set order, so rows of one table would take their serial numbers
    // (events.seq, the feed's order) out of turn: a second insert into a table sends the first.
    if (table !== undefined && this.#bufferedTables.has(table)) return false;
    if (/'[^']*\$/.test(query.sql)) return false; // a `$` in a literal would be renumbered with the placeholders
    // Sub-statements share one snapshot: a read (an INSERT … SELECT, a SELECT) would miss what the buffer writes.
    if (/\bselect\b/i.test(query.sql) && this.#sees(query.sql)) return false;
    this.#buffer.push(query);
    if (answer) this.#answers[this.#buffer.length - 1] = answer;
    this.#bufferedParameters += query.parameters.length;
    if (table) this.#bufferedTables.add(table);
    return true;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#state !== 'none') {
      if (/^\s*rollback\s+to\b/i.test(query.sql)) this.#drop();
      else if (plainRead(query.sql) && !this.#sees(query.sql)) {
        // Reads nothing the buffer writes, and (while the transaction has not begun) takes no lock: no need to begin or flush.
      } else await this.#sendBuffer();
    }
    return this.run(query.sql, query.parameters);
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not configured for PostgreSQL.');
  }

  async commit(): Promise<void> {
    if (this.#state === 'pending') {
      // Nothing was sent in the transaction: its writes, if any, are the buffer, one statement that commits on its own,
      // with other transactions' that commit meanwhile.
      this.#state = 'none';
      const buffer = { queries: this.#buffer, answers: this.#answers };
      this.#drop();
      if (buffer.queries.length > 0) await this.groupFlush.flush(this, buffer);
      return;
    }
    if (this.#state === 'none') return;
    await this.#sendBuffer();
    const { command } = await this.client.query('commit');
    this.#state = 'none';
    // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier statement error left the transaction aborted.
    if (command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollback(): Promise<void> {
    this.#drop();
    const began = this.#state === 'open';
    this.#state = 'none';
    if (!began) return;
    try {
      await this.client.query('rollback');
    } catch (e) {
      this.#discarded = true;
      throw e;
    }
  }

  release(): void {
    this.#drop();
    this.#state = 'none';
    this.client.release(this.#discarded);
  }

  /** Whether `sql` may read a table the buffer writes (a word of the SQL is its name: false positives only flush early). */
  #sees(sql: string): boolean {
    if (this.#bufferedTables.size === 0) return false;
    for (const table of this.#bufferedTables) if (new RegExp(`\\b${table}\\b`).test(sql)) return true;
    return false;
  }

  /** Begins the transaction if it has not, then sends what the buffer holds, as one statement. */
  async #sendBuffer(): Promise<void> {
    if (this.#state === 'pending') {
      await this.run('begin', []);
      this.#state = 'open';
    }
    const buffer = { queries: this.#buffer, answers: this.#answers };
    if (buffer.queries.length === 0) return;
    this.#drop();
    const { sql, parameters } = this.combine([buffer.queries]);
    deliverAnswers((await this.run(sql, parameters, true)).rows, [buffer]);
  }

  async sendFlush(sql: string, parameters: readonly unknown[], group: boolean): Promise<{ rows: readonly unknown[] }> {
    return this.run(sql, parameters, group ? 'group' : true);
  }

  #drop(): void {
    if (this.#buffer.length === 0) return;
    this.#buffer = [];
    this.#answers = [];
    this.#bufferedParameters = 0;
    this.#bufferedTables.clear();
  }

  /** `prepare`: name the text (true), or as a group flush's (see StatementNames.nameOfGroup). */
  async run<R>(text: string, parameters: readonly unknown[], prepare: boolean | 'group' = false): Promise<QueryResult<R>> {
    if (this.#discarded) throw new Error('The PostgreSQL connection has been discarded.');
    const name = prepare === 'group' ? this.names.nameOfGroup(text) : prepare || PREPARED_INSERT.test(text) || isPrepared(text) ? this.names.nameOf(text) : undefined;
    const values = parameters as unknown[];
    const { command, rowCount, rows } = await (name ? this.client.query({ name, text, values }) : this.client.query(text, values));
    if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command }] as R[] };
    const counted = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return { numAffectedRows: counted ? BigInt(rowCount ?? 0) : undefined, rows: (rows ?? []) as R[] };
  }
}

/**
 * Plain inserts as `insertRows` compiles them (the table and columns quoted, values only): their result has no
 * columns, so a column added by a migration while the process runs cannot invalidate the prepared statement.
 */
const PREPARED_INSERT = /^insert into "[a-z_]+" \([^)]*\) values \(\$1[$0-9, ()]*\)$/;

/** The table a plain `insert into "t"` writes, else undefined. */
function writtenTable(sql: string): string | undefined {
  return /^insert into "([a-z_]+)"/.exec(sql)?.[1];
}

/** A read that neither locks nor has an effect: it may run outside the transaction until it has written something. */
function plainRead(sql: string): boolean {
  return /^\s*select\b/i.test(sql) && !/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|\bpg_advisory|\bpg_try_advisory|\bpg_notify\b|\bnextval\b|\bsetval\b|\bset_config\b|\btxid_current|\bpg_current_xact_id/i.test(sql);
}

