/** @module SQLite's prepared statements kept by SQL text, and the count of writes the read caches invalidate on. */
import type SQLite from 'better-sqlite3';

/**
 * Kysely prepares every query afresh; better-sqlite3's prepare parses SQL each time. Queries are built from a small set of
 * shapes, so a bounded map from SQL text to prepared statement turns parsing into a lookup.
 */
type Prepared = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/** Named, so declaration files can spell it (the built package's types). */
export interface CachedDatabase {
  close(): void;
  readonly inTransaction: boolean;
  writes(): number;
  prepare(sql: string): Prepared;
}

export function withStatementCache(sqlite: SQLite.Database, busy: () => void, max = 500): CachedDatabase {
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
