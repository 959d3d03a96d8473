/**
 * @module The revenue roll-up's reversed part filled from a ledger already in the store: a day's reversals, and none
 * where a day holds only sales, each reseller's own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';
import { migrate, openStore } from '@resellerkit/server';

const BEFORE = '2026-12-03T06-00_reseller-portal-url';

describe.each(testDialects)('the revenue reversals migration on a filled ledger (%s)', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.drop();
    store = undefined;
  });

  it('splits out what reversals took back, per reseller and day, and leaves the net as it was', async () => {
    store = await createTestStore(dialect);
    const s = openStore(store.url);
    try {
      await migrate(s, BEFORE);
      const entry = (id: string, reseller: string, day: string, kind: 'sale' | 'reversal', sign: 1 | -1, year = 1) => ({
        id, reseller_id: reseller, customer_id: `cus_${reseller}`, licence_id: 'lic_1', licence_year: year, kind, period_start: `${day}T09:00:00.000Z`, currency: 'SEK',
        list_price: sign * 1_200_000, reseller_margin: sign * 240_000, vendor_amount: sign * 960_000, created_at: `${day}T09:00:00.000Z`,
      });
      const entries = [
        entry('rev_1', 'res_a', '2026-03-02', 'sale', 1),
        entry('rev_2', 'res_a', '2026-03-02', 'reversal', -1),
        entry('rev_3', 'res_a', '2026-04-01', 'sale', 1, 2),
        entry('rev_4', 'res_b', '2026-03-02', 'sale', 1),
      ];
      await s.db.insertInto('revenue_entries').values(entries).execute();
      // The roll-up as the ledger's writes kept it: net per reseller and day.
      const daily = new Map<string, { reseller_id: string; day: string; currency: string; list_price: number; reseller_margin: number; vendor_amount: number; entries: number }>();
      for (const e of entries) {
        const key = `${e.reseller_id} ${e.period_start.slice(0, 10)}`;
        const d = daily.get(key) ?? { reseller_id: e.reseller_id, day: e.period_start.slice(0, 10), currency: 'SEK', list_price: 0, reseller_margin: 0, vendor_amount: 0, entries: 0 };
        daily.set(key, { ...d, list_price: d.list_price + e.list_price, reseller_margin: d.reseller_margin + e.reseller_margin, vendor_amount: d.vendor_amount + e.vendor_amount, entries: d.entries + 1 });
      }
      await s.db.insertInto('revenue_daily').values([...daily.values()]).execute();
      await migrate(s);

      const rows = await s.db.selectFrom('revenue_daily').selectAll().orderBy('reseller_id').orderBy('day').execute();
      expect(rows.map((r) => [r.reseller_id, r.day, Number(r.list_price), Number(r.reversed_list_price), Number(r.reversed_margin), Number(r.reversed_vendor_amount)])).toEqual([
        ['res_a', '2026-03-02', 0, -1_200_000, -240_000, -960_000],
        ['res_a', '2026-04-01', 1_200_000, 0, 0, 0],
        ['res_b', '2026-03-02', 1_200_000, 0, 0, 0],
      ]);
    } finally {
      await s.destroy();
    }
  });
});
