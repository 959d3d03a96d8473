/** @module Opens the store `DATABASE_URL` names: a SQLite file (WAL) or PostgreSQL, both behind one Kysely. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { checkpointer } from './sqlite/checkpointer.js';
import { groupCommitDialect } from './sqlite/group-commit.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw pool on PostgreSQL (LISTEN/NOTIFY needs its own client). */
  pgPool?: pg.Pool;
  /**
   * SQLite only: a token that changes whenever anything in the database may have changed (a write through this
   * process, or a commit by another process). Read caches key on it; PostgreSQL has no cheap equivalent, so no cache.
   */
  dataVersion?: () => string;
  destroy(): Promise<void>;
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pgPool: pool, destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
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

/**
 * Kysely prepares every query afresh; better-sqlite3's prepare parses SQL each time. Queries are built from a small set of
 * shapes, so a bounded map from SQL text to prepared statement turns parsing into a lookup.
 */
function withStatementCache(sqlite: SQLite.Database, busy: () => void, max = 500) {
  type Prepared = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;
  const cache = new Map<string, Prepared>();
  let writes = 0;
  /** After this many writes the store is in real use (not a test's handful of rows): `busy` is told once. */
  const BUSY_AFTER = 256;
  const wrote = () => {
    if (++writes === BUSY_AFTER) busy();
  };
  return {
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction;
    },
    /** Executions of statements that may modify the database: the read caches' invalidation signal. */
    writes: () => writes,
    prepare(sql: string): Prepared {
      let stmt = cache.get(sql);
      if (!stmt) {
        const raw = sqlite.prepare(sql);
        stmt = raw.readonly
          ? raw
          : {
              reader: raw.reader,
              // Only statements that changed something count: an idle worker's empty claim must not empty the caches.
              all: (...a: unknown[]) => {
                const rows = raw.all(...a);
                if (rows.length > 0 || sqlite.inTransaction) wrote();
                return rows;
              },
              run: (...a: unknown[]) => {
                const r = raw.run(...a);
                if (r.changes > 0) wrote();
                return r;
              },
              iterate: (...a: unknown[]) => (wrote(), raw.iterate(...a)),
            };
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
