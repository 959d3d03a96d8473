/**
 * @module What a cancellation takes back from the ledger (issue 18): nothing, the whole licence year, or the part of it
 * not yet used, counted in days of that licence year (365 or 366).
 */
import { z } from '@hono/zod-openapi';
import { addYears, DAY_MS } from '../../clock.js';
import { scaleAmounts, type Amounts } from './amounts.js';

export const REFUND_KINDS = ['none', 'prorata', 'full'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];
export const refundKindSchema = z.enum(REFUND_KINDS).default('none').openapi({ description: 'What the cancellation refunds of the current licence year.' });

/** A licence year as the renewal scheduler steps it: from its start to the same date a calendar year later. */
export interface LicenceYearSpan {
  start: Date;
  end: Date;
}

export function licenceYearSpan(periodStart: string | Date): LicenceYearSpan {
  const start = new Date(periodStart);
  return { start, end: addYears(start, 1) };
}

/** Whole UTC days since the epoch: licence years and cancellations are counted by calendar day, not by the hour. */
const dayNumber = (at: Date) => Math.floor(at.getTime() / DAY_MS);

/**
 * Days of the licence year in total and still to come at `at`. The day of cancellation is refunded (the customer
 * loses the licence that day), so cancelling on the first day refunds the whole year and on the last day one day.
 */
export function remainingDays(span: LicenceYearSpan, at: Date): { remaining: number; total: number } {
  const total = dayNumber(span.end) - dayNumber(span.start);
  const remaining = Math.min(total, Math.max(0, dayNumber(span.end) - dayNumber(at)));
  return { remaining, total };
}

/**
 * The reversing amounts (all parts zero or negative) for `entry`, the ledger entry of the licence year being cancelled,
 * or null when nothing is to be written. Pro-rata rounds the list price and the margin to whole öre once each and gives
 * the vendor amount as their difference, so `listPrice = resellerMargin + vendorAmount` holds for the reversal too.
 */
export function reversalAmounts(entry: Amounts, refund: RefundKind, span: LicenceYearSpan, at: Date): Amounts | null {
  if (refund === 'none') return null;
  if (refund === 'full') return negate(entry);
  const { remaining, total } = remainingDays(span, at);
  if (remaining === 0) return null;
  return negate(scaleAmounts(entry, BigInt(remaining), BigInt(total)));
}

function negate(a: Amounts): Amounts {
  // `0 - x` rather than `-x`, so a zero part stays 0 and never becomes -0 in JSON or CSV.
  return { listPrice: 0 - a.listPrice, resellerMargin: 0 - a.resellerMargin, vendorAmount: 0 - a.vendorAmount };
}
