/** @module A revenue ledger entry as the API shows it, and how a list price splits between reseller and vendor. */
import type { Selectable } from 'kysely';
import type { RevenueEntryTable } from '../../db/schema.js';

/** The reseller's margin is its discount off the list price, rounded to whole öre; the vendor invoices the rest. */
export function splitPrice(listPrice: number, discountBp: number) {
  const resellerMargin = Math.round((listPrice * discountBp) / 10_000);
  return { listPrice, resellerMargin, vendorAmount: listPrice - resellerMargin };
}

export function toRevenueEntry(e: Selectable<RevenueEntryTable>) {
  return {
    id: e.id,
    customerId: e.customer_id,
    licenceId: e.licence_id,
    licenceYear: e.licence_year,
    periodStart: e.period_start,
    currency: e.currency,
    listPrice: Number(e.list_price),
    resellerMargin: Number(e.reseller_margin),
    vendorAmount: Number(e.vendor_amount),
    createdAt: e.created_at,
    kind: e.kind,
  };
}
export type RevenueEntry = ReturnType<typeof toRevenueEntry>;

/** How far ahead a forecast reaches, in calendar months counting the current one. */
export const FORECAST_MONTHS = { min: 1, max: 24, default: 12 } as const;

/** A statement's period: a calendar month `YYYY-MM` or a calendar year `YYYY`. */
export const STATEMENT_PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/** What a statement comes as: the JSON the API speaks, CSV for a spreadsheet, SIE 4 for an accounting program. */
export const STATEMENT_FORMATS = ['json', 'csv', 'sie'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];
