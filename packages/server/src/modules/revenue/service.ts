/** @module The revenue ledger: append-only entries per licence year, and the summaries resellers see. */
import { newId } from '../../ids.js';
import { splitPrice, toRevenueEntry } from './model.js';
import { resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import * as repo from './repo.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { CUSTOMER_LIVE, INITIAL } from '../../lifecycle/machines.js';
import type { StatementFormat } from './model.js';
import { conversionWindow } from './forecast/conversion.js';
import { forecast, type Forecast, type ForecastCustomer, type ForecastTrial } from './forecast/forecast.js';
import { CSV_CONTENT_TYPE, statementCsv } from './statements/csv.js';
import { parseStatementPeriod } from './statements/period.js';
import { SIE_CONTENT_TYPE, sieAccountMapSchema, statementSie, type SieAccountMap } from './statements/sie.js';
import { inTransaction } from '../../db/transaction.js';
import { licenceYearSpan, reversalAmounts, type RefundKind } from './reversal.js';
import { buildStatement, statementFileName, type Statement, type StatementEntry } from './statements/statement.js';

export async function recordRevenue(
  tx: Tx,
  at: string,
  e: { resellerId: string; customerId: string; licenceId: string; licenceYear: number; periodStart: string; currency: string; listPrice: number; discountBp: number },
) {
  const split = splitPrice(e.listPrice, e.discountBp);
  const row = {
    id: newId('rev'),
    reseller_id: e.resellerId,
    customer_id: e.customerId,
    licence_id: e.licenceId,
    licence_year: e.licenceYear,
    period_start: e.periodStart,
    currency: e.currency,
    list_price: split.listPrice,
    reseller_margin: split.resellerMargin,
    vendor_amount: split.vendorAmount,
    created_at: at,
    kind: 'sale' as const,
  };
  await repo.insertEntry(tx, row);
  const entry = toRevenueEntry(row);
  await recordEvent(tx, at, { type: 'revenue.recorded', resellerId: e.resellerId, data: entry });
  return entry;
}

/**
 * Writes what a cancellation at `at` takes back of the customer's current licence year (docs/revenue-statements.md,
 * "Cancellation and reversals"): nothing for `none`, else one reversing entry dated `at`, with `revenue.reversed`.
 * The unique (customer, licence year, kind) key makes a second reversal of one year impossible, however requests race.
 */
export async function reverseRevenue(tx: Tx, at: string, c: { resellerId: string; customerId: string; licenceYear: number }, refund: RefundKind) {
  const sale = await repo.saleOf(tx, c.customerId, c.licenceYear);
  if (!sale) return null;
  const amounts = reversalAmounts({ listPrice: Number(sale.list_price), resellerMargin: Number(sale.reseller_margin), vendorAmount: Number(sale.vendor_amount) }, refund, licenceYearSpan(sale.period_start), new Date(at));
  if (!amounts) return null;
  const row = {
    id: newId('rev'),
    reseller_id: c.resellerId,
    customer_id: c.customerId,
    licence_id: sale.licence_id,
    licence_year: sale.licence_year,
    // Dated at the cancellation, so a closed month's statement never changes afterwards.
    period_start: at,
    currency: sale.currency,
    list_price: amounts.listPrice,
    reseller_margin: amounts.resellerMargin,
    vendor_amount: amounts.vendorAmount,
    created_at: at,
    kind: 'reversal' as const,
  };
  await repo.insertEntry(tx, row);
  const entry = toRevenueEntry(row);
  await recordEvent(tx, at, { type: 'revenue.reversed', resellerId: c.resellerId, data: { ...entry, refund, reverses: sale.id } });
  return entry;
}

export interface RevenueQuery {
  from?: string;
  to?: string;
  groupBy?: 'month' | 'year';
  resellerId?: string;
}

/** Sums by period from the daily roll-up: at most a few thousand rows per reseller however large the ledger grows. */
export async function revenueSummary(ctx: Ctx, actor: Actor, q: RevenueQuery) {
  const groupBy = q.groupBy ?? 'month';
  const len = groupBy === 'month' ? 7 : 4;
  const rows = await repo.sumsByPeriod(ctx.db, { periodLength: len, resellerId: resellerScope(actor) ?? q.resellerId, from: q.from, to: q.to });
  const periods = rows.map((r) => ({
    period: r.period,
    listPrice: Number(r.list_price),
    resellerMargin: Number(r.reseller_margin),
    vendorAmount: Number(r.vendor_amount),
    reversals: { listPrice: Number(r.reversed_list_price), resellerMargin: Number(r.reversed_margin), vendorAmount: Number(r.reversed_vendor_amount) },
  }));
  const totals = periods.reduce(
    (t, p) => ({ listPrice: t.listPrice + p.listPrice, resellerMargin: t.resellerMargin + p.resellerMargin, vendorAmount: t.vendorAmount + p.vendorAmount }),
    { listPrice: 0, resellerMargin: 0, vendorAmount: 0 },
  );
  return { currency: rows[0]?.currency ?? 'SEK', groupBy, totals, periods };
}

/**
 * Revenue ahead (docs/revenue-statements.md, "Forecast"): a reseller's own, or for the vendor every reseller's or one's.
 * Reads the book of each reseller and hands it to the pure forecast with the injected clock's `now`.
 */
export async function revenueForecast(ctx: Ctx, actor: Actor, q: { months: number; resellerId?: string }): Promise<Forecast> {
  const scope = resellerScope(actor) ?? q.resellerId ?? null;
  const now = ctx.clock.now();
  const [resellers, customers, trials, outcomes, licences] = await Promise.all([
    repo.forecastResellers(ctx.db, scope),
    repo.renewingCustomers(ctx.db, scope, CUSTOMER_LIVE),
    repo.openTrialsWithPrice(ctx.db, scope, INITIAL.trial),
    repo.trialOutcomes(ctx.db, scope, conversionWindow(now)),
    repo.licencePrices(ctx.db),
  ]);
  const books = new Map(resellers.map((r) => [r.id, { discountBp: r.discount_bp, customers: [] as ForecastCustomer[], openTrials: [] as ForecastTrial[], outcomes: outcomes.get(r.id) ?? { converted: 0, expired: 0 } }]));
  const price = new Map(licences.map((l) => [l.id, l]));
  for (const c of customers) {
    const licence = price.get(c.licence_id)!;
    books.get(c.reseller_id)?.customers.push({ renewsAt: c.renews_on, cancelAtPeriodEnd: c.cancel_at_period_end === 1, listPrice: Number(licence.price_amount), count: Number(c.customers) });
  }
  for (const t of trials) books.get(t.reseller_id)?.openTrials.push({ endsAt: t.ends_on, listPrice: Number(t.price_amount), count: Number(t.trials) });
  // The catalogue prices in SEK only (the licence input takes no other), so the prices a forecast adds share one currency.
  return forecast({ now, months: q.months, currency: licences[0]?.currency ?? 'SEK', resellers: [...books.values()] });
}

/**
 * A reseller's chart for its SIE statements (docs/revenue-statements.md, "Account map"): the reseller's own, or for the
 * vendor any reseller's. The full map, with a BAS default for every role the reseller has not mapped.
 */
export async function accountMap(ctx: Ctx, actor: Actor, resellerId?: string): Promise<SieAccountMap> {
  const id = resellerScope(actor) ?? resellerId!;
  const row = await repo.accountMapOf(ctx.db, id);
  if (!row) throw new NotFoundError('reseller', id);
  return sieAccountMapSchema.parse(row.sie_accounts ? JSON.parse(row.sie_accounts) : {});
}

/** Replaces the map; a role left out goes back to its BAS default. The input is validated by `sieAccountMapSchema`. */
export async function setAccountMap(ctx: Ctx, actor: Actor, map: SieAccountMap, resellerId?: string): Promise<SieAccountMap> {
  const id = resellerScope(actor) ?? resellerId!;
  if (!(await inTransaction(ctx.db, (tx) => repo.storeAccountMap(tx, id, JSON.stringify(map))))) throw new NotFoundError('reseller', id);
  return map;
}

/** The program named in a SIE file's #PROGRAM: the importing program shows it with the file. */
const SIE_PROGRAM = { name: 'resellerkit', version: '1.0' };

export type StatementFile = { format: 'json'; statement: Statement } | { format: 'csv' | 'sie'; body: string | Uint8Array; contentType: string; fileName: string };

/**
 * A reseller's statement for a month or a year (docs/revenue-statements.md, "Statements"), in the reseller's books; the
 * vendor's (admin, `resellerId` required) is the same entries in the vendor's books, for invoicing the reseller.
 */
export async function revenueStatement(ctx: Ctx, actor: Actor, periodKey: string, q: { format: StatementFormat; resellerId?: string }): Promise<StatementFile> {
  const resellerId = resellerScope(actor) ?? q.resellerId;
  if (!resellerId) throw new InvalidRequestError('resellerId is required with the admin key: a statement is one reseller’s.', [{ path: ['resellerId'], message: 'Required.' }]);
  const period = parseStatementPeriod(periodKey);
  const party = await repo.statementParty(ctx.db, resellerId);
  if (!party) throw new NotFoundError('reseller', resellerId);
  const rows = await repo.statementEntries(ctx.db, resellerId, period);
  const entries: StatementEntry[] = rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    licenceId: r.licence_id,
    licenceName: r.licence_name,
    licenceYear: r.licence_year,
    periodStart: r.period_start,
    currency: r.currency,
    listPrice: Number(r.list_price),
    resellerMargin: Number(r.reseller_margin),
    vendorAmount: Number(r.vendor_amount),
    kind: r.kind,
  }));
  const statement = buildStatement(period, { id: party.id, name: party.name, orgNumber: party.org_number }, entries);
  if (q.format === 'json') return { format: 'json', statement };
  if (q.format === 'csv') return { format: 'csv', body: statementCsv(statement), contentType: CSV_CONTENT_TYPE, fileName: statementFileName(statement, 'csv') };
  const perspective = actor.kind === 'admin' ? 'vendor' : 'reseller';
  const company = perspective === 'vendor' ? { name: ctx.config.VENDOR_NAME, orgNumber: ctx.config.VENDOR_ORG_NUMBER ?? '' } : statement.reseller;
  // The reseller's books use its own chart; the vendor's books are the vendor's, on the BAS defaults.
  const accounts = perspective === 'reseller' ? await accountMap(ctx, actor) : undefined;
  const body = statementSie(statement, { perspective, company, accounts, generatedAt: ctx.clock.now(), program: SIE_PROGRAM });
  return { format: 'sie', body, contentType: SIE_CONTENT_TYPE, fileName: statementFileName(statement, 'se') };
}
