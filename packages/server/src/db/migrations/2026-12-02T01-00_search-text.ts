/**
 * @module `trials.search_text`: the folded organization name, users' e-mails and order ids that `q` searches
 * (modules/search), and `trials.name_key`, the name's Swedish sort key, backfilled for existing trials. On PostgreSQL a
 * pg_trgm index serves substring search when the extension can be created; otherwise, and on SQLite, a search reads
 * one reseller's trials newest first through `trials_reseller` until its page is full (docs/benchmarks.md).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectMigration } from '../migrate.js';

/** The folding as it stood when this migration was written (modules/search/model.ts): migrations are frozen in time. */
const fold = (s: string) => [...s.normalize('NFC').toLowerCase()].map((c) => (/[åäö]/.test(c) ? c : c.normalize('NFD').replace(/\p{M}/gu, ''))).join('');
const SWEDISH_ORDER: Record<string, string> = { å: '1', ä: '2', æ: '2', ö: '3', ø: '3' };
const nameKey = (s: string) => fold(s).replace(/[åäöæø]/g, (c) => `\u007f${SWEDISH_ORDER[c]}`);

const BATCH = 500;

export const searchText: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('trials').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
    // Binary order on both stores, so `sort=name` pages the same everywhere (the key itself is Swedish: å, ä, ö after z).
    await db.schema
      .alterTable('trials')
      .addColumn('name_key', 'text', (c) => (dialect === 'postgres' ? c.modifyFront(sql`collate "C"`) : c).notNull().defaultTo(''))
      .execute();
    for (let after = ''; ; ) {
      const trials = await db
        .selectFrom('trials')
        .innerJoin('organizations', 'organizations.id', 'trials.organization_id')
        .select(['trials.id', 'organizations.name'])
        .where('trials.id', '>', after)
        .orderBy('trials.id')
        .limit(BATCH)
        .execute();
      if (trials.length === 0) break;
      const ids = trials.map((t) => t.id as string);
      const users = await db.selectFrom('trial_users').select(['trial_id', 'email']).where('trial_id', 'in', ids).orderBy('id').execute();
      const orders = await db.selectFrom('orders').select(['trial_id', 'id']).where('trial_id', 'in', ids).orderBy('id').execute();
      for (const t of trials) {
        const fields = [t.name, ...users.filter((u) => u.trial_id === t.id).map((u) => u.email), ...orders.filter((o) => o.trial_id === t.id).map((o) => o.id)];
        await db.updateTable('trials').set({ search_text: fields.map(fold).join('\n'), name_key: nameKey(t.name) }).where('id', '=', t.id).execute();
      }
      after = ids[ids.length - 1]!;
    }
    await db.schema.createIndex('trials_reseller_name').on('trials').columns(['reseller_id', 'name_key', 'id']).execute();
    if (dialect === 'postgres' && (await trigramAvailable(db))) {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create index trials_search_text on trials using gin (search_text gin_trgm_ops)`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('trials_search_text').ifExists().execute();
    await db.schema.dropIndex('trials_reseller_name').execute();
    await db.schema.alterTable('trials').dropColumn('name_key').execute();
    await db.schema.alterTable('trials').dropColumn('search_text').execute();
  },
});

/** pg_trgm ships with PostgreSQL's contrib and is a trusted extension (13+): a database owner may create it. */
async function trigramAvailable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}
