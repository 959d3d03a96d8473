/** @module The revenue ledger: append-only entries per licence year, and the summaries resellers see. */
import { sql } from 'kysely';
import { newId } from '../../ids.js';
import { splitPrice, toRevenueEntry } from './model.js';
import { resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';

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
  await tx.insertInto('revenue_entries').values(row).execute();
  await tx
    .insertInto('revenue_daily')
    .values({ reseller_id: row.reseller_id, day: row.period_start.slice(0, 10), currency: row.currency, list_price: row.list_price, reseller_margin: row.reseller_margin, vendor_amount: row.vendor_amount, entries: 1 })
    .onConflict((oc) =>
      oc.columns(['reseller_id', 'day', 'currency']).doUpdateSet((eb) => ({
        list_price: eb('revenue_daily.list_price', '+', eb.ref('excluded.list_price')),
        reseller_margin: eb('revenue_daily.reseller_margin', '+', eb.ref('excluded.reseller_margin')),
        vendor_amount: eb('revenue_daily.vendor_amount', '+', eb.ref('excluded.vendor_amount')),
        entries: eb('revenue_daily.entries', '+', 1),
      })),
    )
    .execute();
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
  const period = sql<string>`substr(day, 1, ${sql.lit(len)})`;
  let query = ctx.db
    .selectFrom('revenue_daily')
    .select([
      period.as('period'),
      'currency',
      (eb) => eb.fn.sum<number>('list_price').as('list_price'),
      (eb) => eb.fn.sum<number>('reseller_margin').as('reseller_margin'),
      (eb) => eb.fn.sum<number>('vendor_amount').as('vendor_amount'),
    ])
    .groupBy([period, 'currency'])
    .orderBy(period);
  const scope = resellerScope(actor) ?? q.resellerId;
  if (scope) query = query.where('reseller_id', '=', scope);
  if (q.from) query = query.where('day', '>=', q.from);
  if (q.to) query = query.where('day', '<', q.to);
  const rows = await query.execute();
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
