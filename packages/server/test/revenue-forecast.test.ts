import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { revenueBook } from './revenue-fixture.js';

const zero = { listPrice: 0, resellerMargin: 0, vendorAmount: 0 };
const amounts = (listPrice: number, resellerMargin: number) => ({ listPrice, resellerMargin, vendorAmount: listPrice - resellerMargin });
/** The months that hold anything, as [month, renewals, pipeline]. */
const nonZero = (body: any) => body.months.filter((m: any) => m.renewals.listPrice || m.pipeline.listPrice).map((m: any) => [m.month, m.renewals, m.pipeline]);

describe.each(testDialects)('revenue forecast over HTTP (%s)', (dialect) => {
  let h: Harness;
  let book: Awaited<ReturnType<typeof revenueBook>>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    book = await revenueBook(h);
  });
  afterAll(() => h.close());

  it("gives a reseller its renewals and its open trials weighted by its measured rate, month by month from the clock's", async () => {
    const res = await h.call('GET', '/v1/revenue/forecast', { key: book.a.key });
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('SEK');
    expect(res.body.months.map((m: any) => m.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    // 2 converted, 8 expired in the last 12 months: 2/10. The brf trial is priced by the cheapest brf licence.
    expect(nonZero(res.body)).toEqual([
      ['2026-03', zero, amounts(180_000, 36_000)],
      ['2026-04', zero, amounts(400_000, 80_000)],
      ['2027-01', amounts(1_200_000, 240_000), zero],
    ]);
    expect(res.body.pipeline).toEqual({ openTrials: 2, conversionRate: 0.2, basis: 'measured' });

    const longer = await h.call('GET', '/v1/revenue/forecast?months=13', { key: book.a.key });
    expect(longer.body.months).toHaveLength(13);
    expect(longer.body.months[12]).toEqual({ month: '2027-02', renewals: amounts(900_000, 180_000), pipeline: zero });
  });

  it("keeps resellers apart: B sees only its own book, weighted by the default rate while it has too little history", async () => {
    const res = await h.call('GET', '/v1/revenue/forecast?months=12', { key: book.b.key });
    expect(res.status).toBe(200);
    expect(nonZero(res.body)).toEqual([
      ['2026-03', zero, amounts(225_000, 56_250)],
      ['2027-01', amounts(900_000, 225_000), zero],
    ]);
    expect(res.body.pipeline).toEqual({ openTrials: 1, conversionRate: 0.25, basis: 'default' });
    // A reseller cannot reach another's book: no filter parameter, no admin route.
    const filtered = await h.call('GET', `/v1/revenue/forecast?resellerId=${book.a.id}`, { key: book.b.key });
    expect(filtered.status).toBe(400);
    expect((await h.call('GET', '/v1/admin/revenue/forecast', { key: book.b.key })).status).toBe(403);
  });

  it('gives the vendor every reseller, each weighted by its own rate, or one with resellerId', async () => {
    const all = await h.call('GET', '/v1/admin/revenue/forecast?months=12', { key: TEST_ADMIN_KEY });
    expect(all.status).toBe(200);
    expect(nonZero(all.body)).toEqual([
      ['2026-03', zero, amounts(405_000, 92_250)],
      ['2026-04', zero, amounts(400_000, 80_000)],
      ['2027-01', amounts(2_100_000, 465_000), zero],
    ]);
    // Pooled outcomes: 3 converted, 8 expired.
    expect(all.body.pipeline).toEqual({ openTrials: 3, conversionRate: 0.2727, basis: 'measured' });

    const one = await h.call('GET', `/v1/admin/revenue/forecast?resellerId=${book.b.id}`, { key: TEST_ADMIN_KEY });
    const own = await h.call('GET', '/v1/revenue/forecast', { key: book.b.key });
    expect(one.body).toEqual(own.body);
    // The reseller's route is the reseller's: the vendor uses its own.
    expect((await h.call('GET', '/v1/revenue/forecast', { key: TEST_ADMIN_KEY })).status).toBe(403);
  });

  it('refuses months outside 1 to 24 and unknown parameters, naming them', async () => {
    for (const q of ['months=0', 'months=25', 'months=1.5', 'months=x']) {
      const res = await h.call('GET', `/v1/revenue/forecast?${q}`, { key: book.a.key });
      expect(res.status, q).toBe(400);
      expect(res.body.error.issues.map((i: any) => i.path)).toEqual([['query', 'months']]);
    }
    const unknown = await h.call('GET', '/v1/revenue/forecast?weeks=3', { key: book.a.key });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('weeks');
    expect((await h.call('GET', '/v1/revenue/forecast?months=24', { key: book.a.key })).body.months).toHaveLength(24);
  });
});
