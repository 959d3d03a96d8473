import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPrice } from './model.js';
import { licenceYearSpan, remainingDays, reversalAmounts } from './reversal.js';

const entry = splitPrice(1_200_000, 2_000); // 12 000 kr, 20 % margin

describe('reversalAmounts', () => {
  it('writes nothing for refund none', () => {
    expect(reversalAmounts(entry, 'none', licenceYearSpan('2026-03-01T00:00:00Z'), new Date('2026-09-01T00:00:00Z'))).toBeNull();
  });

  it('takes back the whole entry for refund full', () => {
    expect(reversalAmounts(entry, 'full', licenceYearSpan('2026-03-01T00:00:00Z'), new Date('2026-09-01T00:00:00Z'))).toEqual({
      listPrice: -1_200_000,
      resellerMargin: -240_000,
      vendorAmount: -960_000,
    });
  });

  it('nets to exactly half a 366-day licence year cancelled half-way', () => {
    // 2027-06-01 → 2028-06-01 holds 29 February 2028: 366 days, half-way is 183 days in.
    const span = licenceYearSpan('2027-06-01T09:30:00Z');
    const at = new Date(span.start.getTime() + 183 * 86_400_000);
    expect(remainingDays(span, at)).toEqual({ remaining: 183, total: 366 });
    const r = reversalAmounts(entry, 'prorata', span, at)!;
    expect(Math.abs(entry.listPrice + r.listPrice - entry.listPrice / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(entry.resellerMargin + r.resellerMargin - entry.resellerMargin / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(entry.vendorAmount + r.vendorAmount - entry.vendorAmount / 2)).toBeLessThanOrEqual(1);
  });

  it('nets to the used days of a 365-day year within one öre', () => {
    const span = licenceYearSpan('2026-01-15T00:00:00Z');
    const at = new Date('2026-07-16T12:00:00Z'); // 182 days used, 183 to come
    expect(remainingDays(span, at)).toEqual({ remaining: 183, total: 365 });
    const r = reversalAmounts(entry, 'prorata', span, at)!;
    for (const part of ['listPrice', 'resellerMargin', 'vendorAmount'] as const) {
      expect(Math.abs(entry[part] + r[part] - (entry[part] * 182) / 365)).toBeLessThanOrEqual(1);
    }
  });

  it('refunds the whole year before it begins and nothing after it ends', () => {
    const span = licenceYearSpan('2026-03-01T00:00:00Z');
    expect(reversalAmounts(entry, 'prorata', span, new Date('2026-02-01T00:00:00Z'))).toEqual(reversalAmounts(entry, 'full', span, span.start));
    expect(reversalAmounts(entry, 'prorata', span, new Date('2027-03-01T00:00:00Z'))).toBeNull();
    expect(reversalAmounts(entry, 'prorata', span, new Date('2027-02-28T23:59:00Z'))!.listPrice).toBe(-Math.round(1_200_000 / 365));
  });

  it('keeps list price = margin + vendor amount, within one öre of exact, for any price, margin and day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 366 }),
        (price, bp, start, day) => {
          const e = splitPrice(price, bp);
          const span = licenceYearSpan(start);
          const at = new Date(start.getTime() + day * 86_400_000);
          const r = reversalAmounts(e, 'prorata', span, at);
          if (!r) return remainingDays(span, at).remaining === 0;
          const { remaining, total } = remainingDays(span, at);
          expect(r.listPrice).toBe(r.resellerMargin + r.vendorAmount);
          expect(r.listPrice).toBeLessThanOrEqual(0);
          expect(r.resellerMargin).toBeLessThanOrEqual(0);
          expect(r.vendorAmount).toBeLessThanOrEqual(0);
          for (const part of ['listPrice', 'resellerMargin', 'vendorAmount'] as const) {
            expect(Math.abs(-r[part] - (e[part] * remaining) / total)).toBeLessThanOrEqual(1);
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
