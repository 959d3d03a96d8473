/** @module Opens the store `DATABASE_URL` names: a SQLite file (WAL) or PostgreSQL, both behind one Kysely. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import pg from 'pg';
import { pgDataVersion } from './postgres/data-version.js';
import { withCommitHooks } from './postgres/commit-hooks.js';
import { WriteBehindPostgresDialect } from './postgres/write-behind.js';
import { checkpointer } from './sqlite/checkpointer.js';
import { groupCommitDialect } from './sqlite/group-commit.js';
import { withStatementCache } from './sqlite/statement-cache.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open store; its dialect is decided here, once, and what only one dialect has comes with it. */
export type Store = PostgresStore | SqliteStore;

interface OpenStore {
  db: Kysely<Database>;
  /**
   * A token that changes whenever what a new read sees may have changed: a commit by this process or another. Read
   * caches (db/read-cache.ts) key on it; it is read before the data it labels.
   */
  dataVersion: () => string | Promise<string>;
  destroy(): Promise<void>;
}

export interface PostgresStore extends OpenStore {
  dialect: 'postgres';
  /** The raw pool (LISTEN/NOTIFY needs its own client). */
  pgPool: pg.Pool;
}

export interface SqliteStore extends OpenStore {
  dialect: 'sqlite';
  /** `PRAGMA data_version` (commits of other connections) with this process's own writes; synchronous. */
  dataVersion: () => string;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openStore(url: string, opts: { poolSize?: number } = {}): Store {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      // bigint (sums, sequences) as JS numbers: our amounts stay far below 2^53.
      types: { getTypeParser: (oid: number, format?: any) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) } as any,
    });
    pool.on('error', () => {}); // an idle client lost with a restarting server must not crash us
    // A client checked out for a transaction has no pool listener: a backend terminated between two of its queries would
    // emit an unhandled 'error' and crash the process. The failure still reaches the next query (→ 500, rolled back),
    // and the pool drops the broken client when it is released.
    pool.on('connect', (client) => client.on('error', () => {}));
    // Fewer round trips per transaction: writes that need no answer go together, BEGIN only when needed (write-behind.ts);
    // commit hooks start what the transaction handed to this process's webhook worker once it has committed.
    const db = new Kysely<Database>({ dialect: withCommitHooks(new WriteBehindPostgresDialect({ pool })) });
    return { db, dialect: 'postgres', pgPool: pool, dataVersion: pgDataVersion(pool), destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Group commit runs each transaction as a savepoint, whose journal SQLite spills to a temporary file past 64 KiB (a
  // trial creation touches ~34 pages): kept in memory, an insert does not wait on file writes. A query's temporary
  // sort B-trees live in memory too, bounded by what it sorts (pages of lists, per-day roll-ups); migrations, whose
  // CREATE INDEX over a large table is not, switch back to files while they run (db/migrate.ts).
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints run on a worker thread once the store does real work; SQLite's own (every 1 000 pages by default) only
  // as a backstop, ten times later. An in-memory database has no WAL.
  const checkpoints = file === ':memory:' ? null : checkpointer(file);
  if (checkpoints) sqlite.pragma('wal_autocheckpoint = 10000');
  const cached = withStatementCache(sqlite, () => checkpoints?.start());
  const db = new Kysely<Database>({ dialect: groupCommitDialect(cached) });
  // PRAGMA data_version moves on commits of other connections; the local counter on our own writes.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  return {
    db,
    dialect: 'sqlite',
    dataVersion: () => `${dataVersion.get() as number}:${cached.writes()}`,
    async destroy() {
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}
