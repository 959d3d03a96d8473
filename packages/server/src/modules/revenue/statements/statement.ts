/**
 * @module A reseller's revenue statement for a month or a year: every ledger entry of the period with customer,
 * licence, licence year and amounts, and their totals (issue 18). Reversals are entries with negative amounts, so the
 * totals net them. Pure: the caller reads the entries and the parties; csv.ts and sie.ts render the result.
 */
import { UnprocessableError } from '../../../errors.js';
import { sumAmounts, type Amounts } from '../amounts.js';
import type { StatementPeriod } from './period.js';

/** A ledger entry (db/mappers.ts `RevenueEntry`) with the names a reader of the statement needs. */
export interface StatementEntry extends Amounts {
  id: string;
  customerId: string;
  customerName: string;
  licenceId: string;
  licenceName: string;
  licenceYear: number;
  /** The entry's place in time: the licence year's start for a sale, the cancellation for a reversal. */
  periodStart: string;
  currency: string;
  /** As the ledger records it: a licence year's sale, or a cancellation's reversal of it. */
  kind: 'sale' | 'reversal';
}

/** Whose statement it is: the reseller (its own books) or, for the vendor's invoicing, the reseller it bills. */
export interface StatementParty {
  id: string;
  name: string;
  orgNumber: string;
}

export interface StatementRow extends Amounts {
  entryId: string;
  /** `YYYY-MM-DD` (UTC) of the entry's `periodStart`: the booking date in the SIE file too. */
  date: string;
  kind: 'sale' | 'reversal';
  customerId: string;
  customerName: string;
  licenceId: string;
  licenceName: string;
  licenceYear: number;
}

export interface Statement {
  period: string;
  from: string;
  to: string;
  currency: string;
  reseller: StatementParty;
  rows: StatementRow[];
  totals: Amounts;
}

/** A statement adds amounts, and amounts in two currencies do not add. */
export class StatementCurrencyError extends UnprocessableError {
  constructor(currencies: string[]) {
    super(`The period holds entries in more than one currency (${currencies.join(', ')}); a statement is in one.`);
  }
}

/** Entries outside the period are left out, so the caller may pass a superset. Rows are in time order, then by id. */
export function buildStatement(period: StatementPeriod, reseller: StatementParty, entries: readonly StatementEntry[], defaultCurrency = 'SEK'): Statement {
  const at = (e: StatementEntry) => new Date(e.periodStart).toISOString();
  const inPeriod = entries
    .filter((e) => at(e) >= period.from && at(e) < period.to)
    .sort((a, b) => compare(at(a), at(b)) || compare(a.id, b.id));
  const currencies = [...new Set(inPeriod.map((e) => e.currency))].sort();
  if (currencies.length > 1) throw new StatementCurrencyError(currencies);
  const rows = inPeriod.map(
    (e): StatementRow => ({
      entryId: e.id,
      date: at(e).slice(0, 10),
      kind: e.kind,
      customerId: e.customerId,
      customerName: e.customerName,
      licenceId: e.licenceId,
      licenceName: e.licenceName,
      licenceYear: e.licenceYear,
      listPrice: e.listPrice,
      resellerMargin: e.resellerMargin,
      vendorAmount: e.vendorAmount,
    }),
  );
  return { period: period.key, from: period.from, to: period.to, currency: currencies[0] ?? defaultCurrency, reseller, rows, totals: sumAmounts(rows) };
}

/**
 * A file name that says which period and whose statement, safe in a Content-Disposition header; `.se` is the
 * extension accounting programs look for on a SIE 4 file.
 */
export function statementFileName(s: Statement, extension: 'csv' | 'se'): string {
  return `intakter-${s.period}-${s.reseller.id.replace(/[^A-Za-z0-9_-]/g, '')}.${extension}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
