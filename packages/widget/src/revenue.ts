/**
 * @module Kunder's revenue as the chart draws it: the months earned (the ledger's summary) and the twelve ahead (the
 * forecast) as one row of columns, each with what stacks above the axis (sold) and what falls below it (what reversals
 * took back, negative amounts) and the net, the value axis that holds both, and the periods a statement can be asked for.
 */
import type { RevenueForecast, RevenueSummary } from './types.js';

/** A stacked part of a column: past months split the list price into vendor amount and margin, forecast months into renewals and weighted trials. */
export type Segment = 'vendor' | 'margin' | 'renewal' | 'pipeline';

export interface Column {
  month: string;
  forecast: boolean;
  /** Öre stacked upwards from the axis, in drawing order; each ≥ 0. */
  up: { kind: Segment; amount: number }[];
  /** Öre below the axis (what reversals took back), ≤ 0. */
  down: number;
  /** The month's list price, öre: what rose above the axis less what fell below it. */
  net: number;
}

const above = (n: number) => Math.max(0, n);
const below = (n: number) => Math.min(0, n);

const MONTH = /^\d{4}-\d{2}$/;

/** Every month from `first` to `last` (`YYYY-MM`), both included. */
export function monthsBetween(first: string, last: string): string[] {
  const [y, m] = first.split('-').map(Number);
  const start = new Date(Date.UTC(y!, m! - 1, 1));
  const out: string[] = [];
  for (let i = 0, month = first; month <= last; month = monthOf(start, ++i)) out.push(month);
  return out;
}

/**
 * The summary's months, then the forecast's (the current month is in both: earned so far, and still ahead). The
 * summary leaves out months without entries; the chart keeps them, empty, so the months stay evenly spaced.
 */
export function columns(summary: RevenueSummary, forecast: RevenueForecast | null): Column[] {
  const byMonth = new Map(summary.periods.map((p) => [p.period, p]));
  const months = [...byMonth.keys()].sort();
  const shown = months.length && months.every((p) => MONTH.test(p)) ? monthsBetween(months[0]!, months.at(-1)!) : months;
  const none = { listPrice: 0, resellerMargin: 0, vendorAmount: 0 };
  const past = shown.map((month) => {
    const p = byMonth.get(month) ?? { ...none, reversals: none };
    // What was sold is the net less what reversals took back: a sale and its reversal in one month are both drawn,
    // not netted into an empty month.
    const r = p.reversals;
    const vendor = p.vendorAmount - r.vendorAmount;
    const margin = p.resellerMargin - r.resellerMargin;
    return {
      month,
      forecast: false,
      up: [
        { kind: 'vendor' as const, amount: above(vendor) },
        { kind: 'margin' as const, amount: above(margin) },
      ],
      down: below(vendor) + below(margin) + r.vendorAmount + r.resellerMargin,
      net: p.listPrice,
    };
  });
  const ahead = (forecast?.months ?? []).map((m) => ({
    month: m.month,
    forecast: true,
    up: [
      { kind: 'renewal' as const, amount: above(m.renewals.listPrice) },
      { kind: 'pipeline' as const, amount: above(m.pipeline.listPrice) },
    ],
    down: below(m.renewals.listPrice) + below(m.pipeline.listPrice),
    net: m.renewals.listPrice + m.pipeline.listPrice,
  }));
  return [...past, ...ahead];
}

/** The column's height above the axis, öre. */
export const heightOf = (c: Column) => c.up.reduce((n, s) => n + s.amount, 0);

/**
 * Round steps (1, 2 or 5 times a power of ten) from at most `min` (≤ 0) up to at least `max`, 0 always among them:
 * three or four above the axis when nothing is below it.
 */
export function ticks(max: number, min = 0): number[] {
  const span = Math.max(max, -min);
  if (span <= 0) return [0];
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  for (let k = -Math.ceil(-min / step); k <= Math.ceil(max / step); k++) out.push(k * step);
  return out;
}

/** `YYYY-MM` of `date` (UTC), moved by `delta` months. */
export function monthOf(date: Date, delta = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + delta, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The periods a statement can be downloaded for, newest first: the current month and the eleven before it, every other
 * month the ledger has, and the years of all of them.
 */
export function statementPeriods(summary: RevenueSummary | null, now: Date): { months: string[]; years: string[] } {
  const months = new Set(Array.from({ length: 12 }, (_, i) => monthOf(now, -i)));
  for (const p of summary?.periods ?? []) if (MONTH.test(p.period)) months.add(p.period);
  const sorted = [...months].sort().reverse();
  return { months: sorted, years: [...new Set(sorted.map((m) => m.slice(0, 4)))] };
}
