/** @module Opens the store `DATABASE_URL` names: a SQLite file (WAL) or PostgreSQL, both behind one Kysely. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw pool on PostgreSQL (LISTEN/NOTIFY needs its own client). */
  pgPool?: pg.Pool;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; better-sqlite3's prepare parses SQL each time. Queries are built from a small set of
 * shapes, so a bounded map from SQL text to prepared statement turns parsing into a lookup.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
