/**
 * @module A take from a shared token bucket may claim several tokens at once (limits/store-limiter.ts), so the row
 * reports how many the last take got rather than whether it got one.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const rateLimitBatches: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await sql`alter table rate_limit_buckets alter column granted type float8 using (case when granted then 1 else 0 end)`.execute(db);
    }
    // SQLite's buckets live in memory; its column keeps its declared type, which SQLite does not enforce.
    await sql`alter table rate_limit_buckets rename column granted to taken`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`alter table rate_limit_buckets rename column taken to granted`.execute(db);
    if (dialect === 'postgres') await sql`alter table rate_limit_buckets alter column granted type boolean using (granted > 0)`.execute(db);
  },
});
