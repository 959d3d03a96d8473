/**
 * @module The shared token buckets of the abuse limits (limits/store-limiter.ts): on PostgreSQL every API instance takes
 * from these rows, so a limit holds across instances. SQLite gets the table too (one schema), but its one serving
 * process keeps its buckets in memory. Times are the instances' wall clock in milliseconds.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const rateLimitBuckets: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    const float = dialect === 'postgres' ? 'float8' : 'real';
    // UNLOGGED on PostgreSQL: no WAL and so no fsync per take (a logged table made every limited request wait for
    // one, serialized on the credential's row: 6 times slower). A crash empties the table, which only refills
    // every bucket: harmless for a rate limit.
    await db.schema
      .createTable('rate_limit_buckets')
      .$call((t) => (dialect === 'postgres' ? t.modifyFront(sql`unlogged`) : t))
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('tokens', float, (c) => c.notNull())
      .addColumn('at_ms', float, (c) => c.notNull())
      // Whether the last take got a token: what RETURNING reports, since the row holds only what is left.
      .addColumn('granted', 'boolean', (c) => c.notNull())
      .execute();
    // Retention drops buckets untouched for a window (full again, the same as absent).
    await db.schema.createIndex('rate_limit_buckets_at').on('rate_limit_buckets').column('at_ms').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('rate_limit_buckets').execute();
  },
});
