/**
 * @module Revenue ahead, month by month from the current one (issue 18): renewals of the licence years that fall due,
 * at today's price, and the open trials ending each month weighted by their reseller's conversion rate. Pure: the
 * service reads customers, trials and outcomes and passes `now` from the injected clock.
 */
import { addYears } from '../../../clock.js';
import { FORECAST_MONTHS, splitPrice } from '../model.js';
import { addAmounts, roundDiv, ZERO, type Amounts } from '../amounts.js';
import { conversionRate, rateForDisplay, type ConversionBasis, type TrialOutcomes } from './conversion.js';


/**
 * An active customer: its next renewal and its licence's current list price. `count` stands for that many customers
 * alike (the store hands them over grouped; 1 when left out).
 */
export interface ForecastCustomer {
  renewsAt: string;
  cancelAtPeriodEnd: boolean;
  listPrice: number;
  count?: number;
}

/** An open (active) trial: when it ends and the list price of the licence it would convert to; `count` as above. */
export interface ForecastTrial {
  endsAt: string;
  listPrice: number;
  count?: number;
}

/** One reseller's book: its margin, its customers and open trials, and its trial outcomes of the last 12 months. */
export interface ForecastReseller {
  discountBp: number;
  customers: Iterable<ForecastCustomer>;
  openTrials: Iterable<ForecastTrial>;
  outcomes: TrialOutcomes;
}

export interface ForecastMonth {
  month: string;
  renewals: Amounts;
  pipeline: Amounts;
}

export interface Forecast {
  currency: string;
  months: ForecastMonth[];
  pipeline: { openTrials: number; conversionRate: number; basis: ConversionBasis };
}

/** A sum of weighted öre, exact until `round`: numerator over denominator, both BigInt. */
interface Fraction {
  n: bigint;
  d: bigint;
}

/**
 * The forecast over `months` calendar months (UTC) starting with the one holding `now`, for one reseller or, for the
 * vendor, several. Each reseller's trials are weighted by its own rate; across resellers the top-level
 * `conversionRate` and `basis` describe their pooled outcomes.
 */
export function forecast(input: { now: Date; months: number; currency: string; resellers: readonly ForecastReseller[] }): Forecast {
  const { now, months } = input;
  if (!Number.isInteger(months) || months < FORECAST_MONTHS.min || months > FORECAST_MONTHS.max) {
    throw new RangeError(`months must be a whole number from ${FORECAST_MONTHS.min} to ${FORECAST_MONTHS.max}.`);
  }
  const first = monthNumber(now);
  // Anything due before the current month is still ahead (the scheduler has not reached it), so it counts now.
  const slot = (at: Date) => Math.max(0, monthNumber(at) - first);
  const renewals: Amounts[] = Array.from({ length: months }, () => ZERO);
  const weightedList: Fraction[] = Array.from({ length: months }, () => ({ n: 0n, d: 1n }));
  const weightedMargin: Fraction[] = Array.from({ length: months }, () => ({ n: 0n, d: 1n }));
  let openTrials = 0;
  const pooled = { converted: 0, expired: 0 };

  for (const r of input.resellers) {
    pooled.converted += r.outcomes.converted;
    pooled.expired += r.outcomes.expired;
    for (const c of r.customers) {
      // Marked to end with this licence year: the period end brings a cancellation, not a renewal.
      if (c.cancelAtPeriodEnd) continue;
      // Each customer's split rounded as its own ledger entry will be, then counted.
      const price = times(splitPrice(c.listPrice, r.discountBp), c.count ?? 1);
      // Stepped as the scheduler steps renews_at (renewCustomer): a 29 February renewal moves to 1 March.
      for (let at = new Date(c.renewsAt); slot(at) < months; at = addYears(at, 1)) {
        const i = slot(at);
        renewals[i] = addAmounts(renewals[i]!, price);
      }
    }
    const rate = conversionRate(r.outcomes);
    const list = Array.from({ length: months }, () => 0n);
    const margin = Array.from({ length: months }, () => 0n);
    for (const t of r.openTrials) {
      const i = slot(new Date(t.endsAt));
      if (i >= months) continue;
      const count = t.count ?? 1;
      openTrials += count;
      const price = splitPrice(t.listPrice, r.discountBp);
      list[i] = list[i]! + BigInt(price.listPrice) * BigInt(count);
      margin[i] = margin[i]! + BigInt(price.resellerMargin) * BigInt(count);
    }
    for (let i = 0; i < months; i++) {
      weightedList[i] = add(weightedList[i]!, { n: list[i]! * rate.numerator, d: rate.denominator });
      weightedMargin[i] = add(weightedMargin[i]!, { n: margin[i]! * rate.numerator, d: rate.denominator });
    }
  }

  const overall = conversionRate(pooled);
  return {
    currency: input.currency,
    months: renewals.map((amounts, i) => {
      // Rounded once, here; the vendor's part is the difference so the three still add up.
      const listPrice = Number(roundDiv(weightedList[i]!.n, weightedList[i]!.d));
      const resellerMargin = Number(roundDiv(weightedMargin[i]!.n, weightedMargin[i]!.d));
      return { month: monthLabel(first + i), renewals: amounts, pipeline: { listPrice, resellerMargin, vendorAmount: listPrice - resellerMargin } };
    }),
    pipeline: { openTrials, conversionRate: rateForDisplay(overall), basis: overall.basis },
  };
}

function times(a: Amounts, n: number): Amounts {
  return n === 1 ? a : { listPrice: a.listPrice * n, resellerMargin: a.resellerMargin * n, vendorAmount: a.vendorAmount * n };
}

/** Months since year 0, UTC: consecutive integers across year ends. */
function monthNumber(at: Date): number {
  return at.getUTCFullYear() * 12 + at.getUTCMonth();
}

function monthLabel(n: number): string {
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

function add(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) return a;
  const n = a.n * b.d + b.n * a.d;
  const d = a.d * b.d;
  const g = gcd(n < 0n ? -n : n, d);
  return { n: n / g, d: d / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
