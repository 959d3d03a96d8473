/**
 * @module The cancellations migration on a store with a ledger already in it: on SQLite it rebuilds revenue_entries, so
 * every entry must survive as a sale, and the new key must allow one reversal per licence year and refuse a second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';
import { sql } from 'kysely';
import { migrate, openStore } from '@resellerkit/server';

const BEFORE = '2026-12-01T03-10_widget-releases';

describe.each(testDialects)('the cancellations migration on a filled ledger (%s)', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.drop();
    store = undefined;
  });

  it('keeps every entry as a sale and allows one reversal per licence year', async () => {
    store = await createTestStore(dialect);
    const s = openStore(store.url);
    try {
      await migrate(s, BEFORE);
      const entry = (id: string, year: number) => ({ id, reseller_id: 'res_1', customer_id: 'cus_1', licence_id: 'lic_1', licence_year: year, period_start: `202${year}-01-15T09:00:00.000Z`, currency: 'SEK', list_price: 1_200_000, reseller_margin: 240_000, vendor_amount: 960_000, created_at: '2026-01-15T09:00:00.000Z' });
      await s.db.insertInto('revenue_entries').values([entry('rev_1', 1), entry('rev_2', 2)]).execute();
      await migrate(s);

      const rows = await s.db.selectFrom('revenue_entries').select(['id', 'kind', 'list_price']).orderBy('id').execute();
      expect(rows.map((r) => [r.id, r.kind, Number(r.list_price)])).toEqual([['rev_1', 'sale', 1_200_000], ['rev_2', 'sale', 1_200_000]]);
      const reversal = { ...entry('rev_3', 2), kind: 'reversal' as const, list_price: -1_200_000, reseller_margin: -240_000, vendor_amount: -960_000 };
      await s.db.insertInto('revenue_entries').values(reversal).execute();
      await expect(s.db.insertInto('revenue_entries').values({ ...reversal, id: 'rev_4' }).execute()).rejects.toThrow(/unique|UNIQUE/);
      await expect(s.db.insertInto('revenue_entries').values({ ...entry('rev_5', 1) }).execute()).rejects.toThrow(/unique|UNIQUE/);
      // The statements' index came back with the rebuilt table.
      const indexes = dialect === 'sqlite' ? sql`select name from sqlite_master where type = 'index' and name = 'revenue_reseller_period'` : sql`select indexname as name from pg_indexes where indexname = 'revenue_reseller_period'`;
      expect((await indexes.execute(s.db)).rows).toHaveLength(1);
    } finally {
      await s.destroy();
    }
  });
});
