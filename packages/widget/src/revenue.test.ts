import { describe, expect, it } from 'vitest';
import { columns, heightOf, monthsBetween, statementPeriods, ticks } from './revenue.js';
import type { RevenueForecast, RevenueSummary } from './types.js';

const amounts = (listPrice: number, resellerMargin: number) => ({ listPrice, resellerMargin, vendorAmount: listPrice - resellerMargin });
/** A summary's period: its net, and what reversals took back of it. */
const period = (p: string, net: ReturnType<typeof amounts>, reversals = amounts(0, 0)) => ({ period: p, ...net, reversals });

describe('the revenue chart’s model', () => {
  it('puts round steps around what is drawn, below the axis too, with 0 always among them', () => {
    expect(ticks(48_000)).toEqual([0, 20_000, 40_000, 60_000]);
    expect(ticks(48_000, -12_000)).toEqual([-20_000, 0, 20_000, 40_000, 60_000]);
    expect(ticks(0, -7)).toEqual([-8, -6, -4, -2, 0]);
    expect(ticks(0)).toEqual([0]);
  });

  it('keeps the months without entries, nets reversals below the axis, and follows with the forecast', () => {
    const summary: RevenueSummary = {
      currency: 'SEK',
      groupBy: 'month',
      totals: amounts(3_600_000, 720_000),
      periods: [
        period('2026-10', amounts(-1_200_000, -240_000), amounts(-1_200_000, -240_000)),
        period('2026-12', amounts(4_800_000, 960_000)),
      ],
    };
    const forecast: RevenueForecast = {
      currency: 'SEK',
      months: [
        { month: '2026-12', renewals: amounts(0, 0), pipeline: amounts(450_000, 90_000) },
        { month: '2027-01', renewals: amounts(4_800_000, 960_000), pipeline: amounts(-100, -20) },
      ],
      pipeline: { openTrials: 2, conversionRate: 0.25, basis: 'default' },
    };
    const cols = columns(summary, forecast);
    expect(cols.map((c) => `${c.month}${c.forecast ? ' ahead' : ''}`)).toEqual(['2026-10', '2026-11', '2026-12', '2026-12 ahead', '2027-01 ahead']);
    expect(cols.map((c) => [heightOf(c), c.down, c.net])).toEqual([
      [0, -1_200_000, -1_200_000],
      [0, 0, 0],
      [4_800_000, 0, 4_800_000],
      [450_000, 0, 450_000],
      [4_800_000, -100, 4_799_900],
    ]);
    expect(cols[3]!.up).toEqual([{ kind: 'renewal', amount: 0 }, { kind: 'pipeline', amount: 450_000 }]);
    expect(columns(summary, null)).toHaveLength(3);
  });

  it('draws a month with a sale and a reversal as both, not as the empty month its net is', () => {
    const summary: RevenueSummary = {
      currency: 'SEK',
      groupBy: 'month',
      totals: amounts(300_000, 60_000),
      // Sold 1 500 000 (margin 300 000), reversed 1 200 000 (margin 240 000): net 300 000.
      periods: [period('2026-11', amounts(300_000, 60_000), amounts(-1_200_000, -240_000)), period('2026-12', amounts(0, 0), amounts(-500_000, -100_000))],
    };
    const [nov, dec] = columns(summary, null);
    expect(nov!.up).toEqual([{ kind: 'vendor', amount: 1_200_000 }, { kind: 'margin', amount: 300_000 }]);
    expect([heightOf(nov!), nov!.down, nov!.net]).toEqual([1_500_000, -1_200_000, 300_000]);
    // A sale and its full reversal: nets to 0, still drawn.
    expect([heightOf(dec!), dec!.down, dec!.net]).toEqual([500_000, -500_000, 0]);
  });

  it('counts months across a year’s end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11', '2026-11')).toEqual(['2026-11']);
  });

  it('offers the last twelve months, older months with entries, and their years, newest first', () => {
    const summary = { currency: 'SEK', groupBy: 'month', totals: amounts(0, 0), periods: [period('2024-03', amounts(1, 0))] } satisfies RevenueSummary;
    const { months, years } = statementPeriods(summary, new Date('2026-02-10T12:00:00Z'));
    expect(months.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(months).toHaveLength(13);
    expect(months.at(-1)).toBe('2024-03');
    expect(years).toEqual(['2026', '2025', '2024']);
  });
});
