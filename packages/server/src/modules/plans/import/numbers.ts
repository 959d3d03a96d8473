/** @module Exact decimal reading: Swedish (`1 234,50`) and plain (`1234.5`) numbers to integers of a fixed scale, never through floats. */

export type Scaled = { ok: true; value: number } | { ok: false; reason: 'format' | 'decimals' | 'negative' };

/** Spaces people and programs put between digit groups: space, no-break, narrow no-break, thin, figure space. */
const GROUP_SPACES = /[\u0020\u00A0\u202F\u2009\u2007]/g;
const DECIMAL = /^(-)?(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?$/;
/** A currency after the amount (`385 kr`, `385:-`); tested on the last two characters only. */
const CURRENCY = /^(?:kr|:-)$/i;
/**
 * Longer text is no number within any bound (`10 000 000,00` is 13 characters). Cutting it off here keeps every pattern
 * and the BigInt below working on a few dozen characters, however long the cell.
 */
const MAX_NUMBER_TEXT = 64;

/**
 * Reads decimal text into an integer count of 10^-scale units: `parseScaledText('1 234,50', 2)` is 123450.
 * Thousands may be grouped by spaces (only in threes); the decimal mark is `,` or `.`; more decimals than `scale` is refused.
 */
export function parseScaledText(text: string, scale: number): Scaled {
  // Every group space is whitespace to trim(), so trimming before they are normalised changes nothing.
  let t = text.trim();
  if (CURRENCY.test(t.slice(-2))) t = t.slice(0, -2).trimEnd();
  if (t.length > MAX_NUMBER_TEXT) return { ok: false, reason: 'format' };
  t = t.replace(GROUP_SPACES, ' ');
  const m = DECIMAL.exec(t);
  if (!m) return { ok: false, reason: 'format' };
  const [, minus, whole, frac = ''] = m;
  const digits = frac.replace(/0+$/, '');
  if (digits.length > scale) return { ok: false, reason: 'decimals' };
  const value = BigInt(whole!.replaceAll(' ', '') + digits.padEnd(scale, '0'));
  if (minus && value !== 0n) return { ok: false, reason: 'negative' };
  // Anything past 2^53 is far beyond every bound callers check, and those bounds reject it.
  return { ok: true, value: value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value) };
}

/**
 * A number as a spreadsheet stores it (an IEEE double). Excel shows 15 significant digits, so a formula result such as
 * 0.30000000000000004 is read as the 0.3 the user sees, and then exactly as decimal text.
 */
export function parseScaledNumber(n: number, scale: number): Scaled {
  if (!Number.isFinite(n)) return { ok: false, reason: 'format' };
  if (n === 0) return { ok: true, value: 0 };
  const text = n.toPrecision(15);
  if (text.includes('e')) {
    // Tiny magnitudes have more decimals than any scale we use; huge ones are refused by the caller's bounds.
    return Math.abs(n) < 1 ? { ok: false, reason: 'decimals' } : { ok: true, value: Number.MAX_SAFE_INTEGER };
  }
  return parseScaledText(text, scale);
}

/** quantity (thousandths) × unit price (öre), rounded half up to whole öre, in integer arithmetic. */
export function lineTotal(quantityMilli: number, unitPrice: number): number {
  const product = BigInt(quantityMilli) * BigInt(unitPrice);
  return Number((product + 500n) / 1000n);
}

/** Thousandths back to the number the API shows (12 500 → 12.5); exact for every quantity within bounds. */
export function fromMilli(quantityMilli: number): number {
  return Number(`${Math.trunc(quantityMilli / 1000)}.${String(quantityMilli % 1000).padStart(3, '0')}`);
}
