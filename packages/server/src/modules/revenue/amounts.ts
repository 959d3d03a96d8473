/** @module The three parts of a ledger amount in öre, and exact integer arithmetic on them (no floats touch money). */

/** One ledger amount, integers in öre. `listPrice = resellerMargin + vendorAmount` always holds. */
export interface Amounts {
  listPrice: number;
  resellerMargin: number;
  vendorAmount: number;
}

export const ZERO: Amounts = Object.freeze({ listPrice: 0, resellerMargin: 0, vendorAmount: 0 });

export function addAmounts(a: Amounts, b: Amounts): Amounts {
  return { listPrice: a.listPrice + b.listPrice, resellerMargin: a.resellerMargin + b.resellerMargin, vendorAmount: a.vendorAmount + b.vendorAmount };
}

export function sumAmounts(items: Iterable<Amounts>): Amounts {
  let t = ZERO;
  for (const a of items) t = addAmounts(t, a);
  return t;
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from zero, in BigInt so that a price times a
 * day count or a weight never loses a digit on the way.
 */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero.');
  if (denominator < 0n) return roundDiv(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

/**
 * Scales an amount by `numerator / denominator`, rounding the list price and the margin once each and giving the
 * vendor the difference, so the scaled parts still add up (the vendor part is then within one öre of exact).
 */
export function scaleAmounts(a: Amounts, numerator: bigint, denominator: bigint): Amounts {
  const listPrice = roundDiv(BigInt(a.listPrice) * numerator, denominator);
  const resellerMargin = roundDiv(BigInt(a.resellerMargin) * numerator, denominator);
  return { listPrice: Number(listPrice), resellerMargin: Number(resellerMargin), vendorAmount: Number(listPrice - resellerMargin) };
}

/**
 * Öre as a decimal string of kronor with exactly two decimals (`-1234.50` from -123450), by integer division, so a
 * sum of millions of kronor prints exactly. `separator` is `,` for Swedish spreadsheets and `.` for SIE.
 */
export function formatKronor(ore: number, separator: ',' | '.'): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`Not a whole number of öre: ${ore}.`);
  const sign = ore < 0 ? '-' : '';
  const abs = BigInt(Math.abs(ore));
  return `${sign}${abs / 100n}${separator}${String(abs % 100n).padStart(2, '0')}`;
}

/** Parses `-1234.50` or `-1234,5` (at most two decimals) back to öre without going through a float. */
export function parseKronor(text: string): number {
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not an amount in kronor: ${JSON.stringify(text)}.`);
  const ore = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  const value = Number(m[1] === '-' ? -ore : ore);
  return value === 0 ? 0 : value;
}
