/**
 * @module A reseller's trial conversion rate, the weight of its open trials in the forecast (issue 18): converted /
 * (converted + expired) over the last 12 months, or a stated default while it has too little history to measure.
 */
import { addMonths } from '../../../clock.js';

/** Below this many closed trials in the window a measured rate says more about luck than the reseller. */
export const MIN_CLOSED_TRIALS = 10;
/**
 * One in four: a cautious figure for B2B software trials that a person was invited to, and what a new reseller's
 * pipeline is weighted by until it has MIN_CLOSED_TRIALS of its own. docs/revenue-statements.md states it.
 */
export const DEFAULT_CONVERSION = { converted: 1, closed: 4 } as const;

export type ConversionBasis = 'measured' | 'default';

/** Trials that ended in the window, by how they ended. Cancelled trials count in neither: the reseller withdrew them. */
export interface TrialOutcomes {
  converted: number;
  expired: number;
}

/** An exact rate, kept as a fraction so the forecast rounds only once, at the end. */
export interface ConversionRate {
  numerator: bigint;
  denominator: bigint;
  basis: ConversionBasis;
}

/** The last 12 months up to `now`: `from` inclusive, `to` exclusive, ISO-8601 UTC, for the repository's query. */
export function conversionWindow(now: Date): { from: string; to: string } {
  return { from: addMonths(now, -12).toISOString(), to: now.toISOString() };
}

/**
 * Counts outcomes the way the repository's query must: a trial converted in the window counts as converted even if
 * it expired first (an expired trial may still order); one that expired in the window and has not converted since
 * counts as expired.
 */
export function countOutcomes(trials: Iterable<{ convertedAt: string | null; expiredAt: string | null }>, window: { from: string; to: string }): TrialOutcomes {
  const inWindow = (at: string | null) => at !== null && at >= window.from && at < window.to;
  let converted = 0;
  let expired = 0;
  for (const t of trials) {
    if (inWindow(t.convertedAt)) converted += 1;
    else if (t.convertedAt === null && inWindow(t.expiredAt)) expired += 1;
  }
  return { converted, expired };
}

export function conversionRate(outcomes: TrialOutcomes): ConversionRate {
  const closed = outcomes.converted + outcomes.expired;
  if (closed < MIN_CLOSED_TRIALS) return { numerator: BigInt(DEFAULT_CONVERSION.converted), denominator: BigInt(DEFAULT_CONVERSION.closed), basis: 'default' };
  return { numerator: BigInt(outcomes.converted), denominator: BigInt(closed), basis: 'measured' };
}

/** For display: the rate as a number with four decimals (0.4167); the forecast itself uses the exact fraction. */
export function rateForDisplay(rate: ConversionRate): number {
  return Number((rate.numerator * 10_000n * 2n + rate.denominator) / (rate.denominator * 2n)) / 10_000;
}
