/** @module The revenue ledger: append-only entries per licence year, and the summaries resellers see. */
import { newId } from '../../ids.js';
import { splitPrice, toRevenueEntry } from './model.js';
import { resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import * as repo from './repo.js';

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
  };
  await repo.insertEntry(tx, row);
  const entry = toRevenueEntry(row);
  await recordEvent(tx, at, { type: 'revenue.recorded', resellerId: e.resellerId, data: entry });
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
  }));
  const totals = periods.reduce(
    (t, p) => ({ listPrice: t.listPrice + p.listPrice, resellerMargin: t.resellerMargin + p.resellerMargin, vendorAmount: t.vendorAmount + p.vendorAmount }),
    { listPrice: 0, resellerMargin: 0, vendorAmount: 0 },
  );
  return { currency: rows[0]?.currency ?? 'SEK', groupBy, totals, periods };
}
