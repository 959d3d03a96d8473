import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../clock.js';
import { conversionRate, conversionWindow, countOutcomes, DEFAULT_CONVERSION, MIN_CLOSED_TRIALS } from './conversion.js';
import { forecast, type ForecastCustomer, type ForecastReseller, type ForecastTrial } from './forecast.js';
import { ForecastQuery as forecastQuerySchema, RevenueForecast as forecastSchema } from '../../../contract/revenue.js';

const clock = new ManualClock('2027-11-15T10:00:00Z');
const zero = { listPrice: 0, resellerMargin: 0, vendorAmount: 0 };
const customer = (renewsAt: string, listPrice = 1_200_000, cancelAtPeriodEnd = false): ForecastCustomer => ({ renewsAt, listPrice, cancelAtPeriodEnd });
const trial = (endsAt: string, listPrice = 1_200_000): ForecastTrial => ({ endsAt, listPrice });

const book: ForecastReseller = {
  discountBp: 2_000,
  customers: [
    customer('2027-11-30T23:59:59.999Z'), // the current month's last instant
    customer('2027-12-01T00:00:00.000Z', 600_000), // the next month's first
    customer('2027-10-20T08:00:00.000Z', 300_000), // due last month, not yet renewed by the scheduler: due now
    customer('2027-12-10T00:00:00.000Z', 900_000, true), // cancelAtPeriodEnd: never renews
    customer('2028-02-29T12:00:00.000Z', 100_000), // leap day: renews 1 March 2029 after
  ],
  openTrials: [trial('2027-11-20T00:00:00Z'), trial('2027-11-30T23:59:59.999Z'), trial('2027-12-01T00:00:00Z'), trial('2029-12-01T00:00:00Z')],
  outcomes: { converted: 5, expired: 7 }, // 12 closed: measured, 5/12
};

describe('forecast', () => {
  it('counts a grouped customer or trial as that many alike, rounded as each would be', () => {
    // 1 001 öre at 33.33 %: each margin rounds to 334, so three make 1 002, not the 1 001 of rounding the sum.
    const one: ForecastReseller = { discountBp: 3_333, customers: [customer('2027-12-05T00:00:00Z', 1_001)], openTrials: [trial('2027-12-05T00:00:00Z', 1_001)], outcomes: { converted: 0, expired: 0 } };
    const grouped = forecast({ now: clock.now(), months: 2, currency: 'SEK', resellers: [{ ...one, customers: [{ ...customer('2027-12-05', 1_001), count: 3 }], openTrials: [{ ...trial('2027-12-05', 1_001), count: 3 }] }] });
    const apart = forecast({ now: clock.now(), months: 2, currency: 'SEK', resellers: [{ ...one, customers: [customer('2027-12-05T00:00:00Z', 1_001), customer('2027-12-05T01:00:00Z', 1_001), customer('2027-12-05T02:00:00Z', 1_001)], openTrials: [trial('2027-12-05', 1_001), trial('2027-12-05', 1_001), trial('2027-12-05', 1_001)] }] });
    expect(grouped).toEqual(apart);
    expect(grouped.months[1]!.renewals).toEqual({ listPrice: 3_003, resellerMargin: 1_002, vendorAmount: 2_001 });
    expect(grouped.pipeline.openTrials).toBe(3);
  });

  it('puts renewals and weighted trials in their calendar months from the current one', () => {
    const f = forecast({ now: clock.now(), months: 4, currency: 'SEK', resellers: [book] });
    expect(f.currency).toBe('SEK');
    expect(f.months.map((m) => m.month)).toEqual(['2027-11', '2027-12', '2028-01', '2028-02']);
    expect(f.months.map((m) => m.renewals)).toEqual([
      { listPrice: 1_500_000, resellerMargin: 300_000, vendorAmount: 1_200_000 },
      { listPrice: 600_000, resellerMargin: 120_000, vendorAmount: 480_000 },
      zero,
      { listPrice: 100_000, resellerMargin: 20_000, vendorAmount: 80_000 },
    ]);
    expect(f.months.map((m) => m.pipeline)).toEqual([
      { listPrice: 1_000_000, resellerMargin: 200_000, vendorAmount: 800_000 }, // 2 × 12 000 kr × 5/12
      { listPrice: 500_000, resellerMargin: 100_000, vendorAmount: 400_000 },
      zero,
      zero,
    ]);
    expect(f.pipeline).toEqual({ openTrials: 3, conversionRate: 0.4167, basis: 'measured' });
    expect(forecastSchema.safeParse(f).success).toBe(true);
  });

  it('repeats each renewal a year on as the scheduler steps it, a 29 February one on 1 March', () => {
    const f = forecast({ now: clock.now(), months: 24, currency: 'SEK', resellers: [book] });
    const renewing = f.months.filter((m) => m.renewals.listPrice > 0).map((m) => [m.month, m.renewals.listPrice]);
    expect(renewing).toEqual([
      ['2027-11', 1_500_000],
      ['2027-12', 600_000],
      ['2028-02', 100_000],
      ['2028-10', 300_000],
      ['2028-11', 1_200_000],
      ['2028-12', 600_000],
      ['2029-03', 100_000],
      ['2029-10', 300_000], // the last month of the 24
    ]);
    expect(f.months).toHaveLength(24);
    expect(f.months.at(-1)!.month).toBe('2029-10');
  });

  it('starts at the month of the clock, across a year end', () => {
    clock.set('2027-12-31T23:59:59.999Z');
    expect(forecast({ now: clock.now(), months: 2, currency: 'SEK', resellers: [book] }).months.map((m) => m.month)).toEqual(['2027-12', '2028-01']);
    clock.advance(1);
    const f = forecast({ now: clock.now(), months: 2, currency: 'SEK', resellers: [book] });
    expect(f.months.map((m) => m.month)).toEqual(['2028-01', '2028-02']);
    // Everything due in November and December is behind the scheduler and so counts in January.
    expect(f.months[0]!.renewals.listPrice).toBe(1_200_000 + 600_000 + 300_000);
    clock.set('2027-11-15T10:00:00Z');
  });

  it('weights by the default rate while there are too few closed trials', () => {
    const young = { ...book, outcomes: { converted: 3, expired: MIN_CLOSED_TRIALS - 4 } };
    const f = forecast({ now: clock.now(), months: 2, currency: 'SEK', resellers: [young] });
    expect(f.pipeline).toEqual({ openTrials: 3, conversionRate: 0.25, basis: 'default' });
    expect(f.months[0]!.pipeline).toEqual({ listPrice: 600_000, resellerMargin: 120_000, vendorAmount: 480_000 });
  });

  it('rounds the weighted amounts once, at the end', () => {
    // Three trials of 7 öre at 1/3: each alone rounds to 2 öre (6 together); the month is exactly 7.
    const r: ForecastReseller = { discountBp: 0, customers: [], openTrials: [trial('2027-11-20T00:00:00Z', 7), trial('2027-11-21T00:00:00Z', 7), trial('2027-11-22T00:00:00Z', 7)], outcomes: { converted: 4, expired: 8 } };
    expect(forecast({ now: clock.now(), months: 1, currency: 'SEK', resellers: [r] }).months[0]!.pipeline).toEqual({ listPrice: 7, resellerMargin: 0, vendorAmount: 7 });
    // Across resellers too: 1 öre at 1/3 and 1 öre at 1/4 make 7/12 of an öre, which rounds to 1, not 0 + 0.
    const a: ForecastReseller = { ...r, openTrials: [trial('2027-11-20T00:00:00Z', 1)] };
    const b: ForecastReseller = { ...r, openTrials: [trial('2027-11-20T00:00:00Z', 1)], outcomes: { converted: 0, expired: 3 } };
    const both = forecast({ now: clock.now(), months: 1, currency: 'SEK', resellers: [a, b] });
    expect(both.months[0]!.pipeline.listPrice).toBe(1);
    // The pooled outcomes (4 of 15 closed) describe the vendor's view.
    expect(both.pipeline).toEqual({ openTrials: 2, conversionRate: 0.2667, basis: 'measured' });
  });

  it('keeps every month’s parts adding up, the pipeline within one öre of exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 27 }), listPrice: fc.integer({ min: 0, max: 100_000_000 }) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (trials, discountBp, converted, expired) => {
          const r: ForecastReseller = { discountBp, customers: [], openTrials: trials.map((t) => trial(new Date(Date.UTC(2027, 10, 1 + t.day)).toISOString(), t.listPrice)), outcomes: { converted, expired } };
          const m = forecast({ now: clock.now(), months: 1, currency: 'SEK', resellers: [r] }).months[0]!.pipeline;
          expect(m.listPrice).toBe(m.resellerMargin + m.vendorAmount);
          const rate = conversionRate({ converted, expired });
          const exact = trials.reduce((t, x) => t + x.listPrice, 0) * (Number(rate.numerator) / Number(rate.denominator));
          expect(Math.abs(m.listPrice - exact)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a horizon outside 1 to 24 months, as the query schema does', () => {
    expect(() => forecast({ now: clock.now(), months: 0, currency: 'SEK', resellers: [] })).toThrow(RangeError);
    expect(() => forecast({ now: clock.now(), months: 25, currency: 'SEK', resellers: [] })).toThrow(RangeError);
    expect(forecastQuerySchema.parse({})).toEqual({ months: 12 });
    expect(forecastQuerySchema.parse({ months: '24' })).toEqual({ months: 24 });
    expect(forecastQuerySchema.safeParse({ months: '25' }).success).toBe(false);
  });
});

describe('conversion rate', () => {
  it('counts the last 12 months: converted if converted there (expired first or not), expired if expired there and never converted', () => {
    const window = conversionWindow(clock.now());
    expect(window).toEqual({ from: '2026-11-15T10:00:00.000Z', to: '2027-11-15T10:00:00.000Z' });
    const outcomes = countOutcomes(
      [
        { convertedAt: '2026-11-15T10:00:00.000Z', expiredAt: null }, // first instant: in
        { convertedAt: '2027-03-01T00:00:00.000Z', expiredAt: '2027-02-01T00:00:00.000Z' }, // expired, then ordered: converted
        { convertedAt: null, expiredAt: '2027-11-15T09:59:59.999Z' }, // expired
        { convertedAt: null, expiredAt: '2026-11-15T09:59:59.999Z' }, // before the window
        { convertedAt: '2027-11-15T10:00:00.000Z', expiredAt: null }, // now: not yet in
        { convertedAt: '2028-01-01T00:00:00.000Z', expiredAt: '2027-06-01T00:00:00.000Z' }, // converted later: neither
        { convertedAt: null, expiredAt: null }, // open or cancelled
      ],
      window,
    );
    expect(outcomes).toEqual({ converted: 2, expired: 1 });
  });

  it('is measured from MIN_CLOSED_TRIALS closed trials, the documented default below', () => {
    expect(MIN_CLOSED_TRIALS).toBe(10);
    expect(DEFAULT_CONVERSION).toEqual({ converted: 1, closed: 4 });
    expect(conversionRate({ converted: 9, expired: 0 })).toEqual({ numerator: 1n, denominator: 4n, basis: 'default' });
    expect(conversionRate({ converted: 0, expired: 10 })).toEqual({ numerator: 0n, denominator: 10n, basis: 'measured' });
  });
});
