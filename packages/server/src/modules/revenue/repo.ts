/** @module The ledger's SQL: an entry and its day's roll-up written together; sums by period read from the roll-up. */
import { sql, type Selectable } from 'kysely';
import type { RevenueEntryTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';

/** Appends the entry and adds it to its reseller's day in `revenue_daily` (a reversal also to the day's reversed part). */
export async function insertEntry(tx: Tx, row: Selectable<RevenueEntryTable>): Promise<void> {
  await tx.insertInto('revenue_entries').values(row).execute();
  const reversed = row.kind === 'reversal';
  await tx
    .insertInto('revenue_daily')
    .values({
      reseller_id: row.reseller_id,
      day: row.period_start.slice(0, 10),
      currency: row.currency,
      list_price: row.list_price,
      reseller_margin: row.reseller_margin,
      vendor_amount: row.vendor_amount,
      entries: 1,
      reversed_list_price: reversed ? row.list_price : 0,
      reversed_margin: reversed ? row.reseller_margin : 0,
      reversed_vendor_amount: reversed ? row.vendor_amount : 0,
    })
    .onConflict((oc) =>
      oc.columns(['reseller_id', 'day', 'currency']).doUpdateSet((eb) => ({
        list_price: eb('revenue_daily.list_price', '+', eb.ref('excluded.list_price')),
        reseller_margin: eb('revenue_daily.reseller_margin', '+', eb.ref('excluded.reseller_margin')),
        vendor_amount: eb('revenue_daily.vendor_amount', '+', eb.ref('excluded.vendor_amount')),
        entries: eb('revenue_daily.entries', '+', 1),
        reversed_list_price: eb('revenue_daily.reversed_list_price', '+', eb.ref('excluded.reversed_list_price')),
        reversed_margin: eb('revenue_daily.reversed_margin', '+', eb.ref('excluded.reversed_margin')),
        reversed_vendor_amount: eb('revenue_daily.reversed_vendor_amount', '+', eb.ref('excluded.reversed_vendor_amount')),
      })),
    )
    .execute();
}

/** The sale of a customer's licence year: what a cancellation reverses. */
export function saleOf(db: Tx, customerId: string, licenceYear: number) {
  return db.selectFrom('revenue_entries').selectAll().where('customer_id', '=', customerId).where('licence_year', '=', licenceYear).where('kind', '=', 'sale').executeTakeFirst();
}

/** Sums by period (the first `periodLength` characters of the day: 7 for months, 4 for years) and currency. */
export async function sumsByPeriod(db: Tx, q: { periodLength: number; resellerId?: string | null; from?: string; to?: string }) {
  const period = sql<string>`substr(day, 1, ${sql.lit(q.periodLength)})`;
  let query = db
    .selectFrom('revenue_daily')
    .select([
      period.as('period'),
      'currency',
      (eb) => eb.fn.sum<number>('list_price').as('list_price'),
      (eb) => eb.fn.sum<number>('reseller_margin').as('reseller_margin'),
      (eb) => eb.fn.sum<number>('vendor_amount').as('vendor_amount'),
      (eb) => eb.fn.sum<number>('reversed_list_price').as('reversed_list_price'),
      (eb) => eb.fn.sum<number>('reversed_margin').as('reversed_margin'),
      (eb) => eb.fn.sum<number>('reversed_vendor_amount').as('reversed_vendor_amount'),
    ])
    .groupBy([period, 'currency'])
    .orderBy(period);
  if (q.resellerId) query = query.where('reseller_id', '=', q.resellerId);
  if (q.from) query = query.where('day', '>=', q.from);
  if (q.to) query = query.where('day', '<', q.to);
  return query.execute();
}

/** The resellers a forecast covers, with the margin each renewal and trial would be split by. */
export function forecastResellers(db: Tx, resellerId: string | null) {
  let q = db.selectFrom('resellers').select(['id', 'discount_bp']).orderBy('id');
  if (resellerId) q = q.where('id', '=', resellerId);
  return q.execute();
}

/**
 * Live customers by their next renewal's day, licence and mark, counted: what the forecast needs, in a few hundred rows
 * however many customers (the covering index customers_forecast answers it without reading the table;
 * docs/benchmarks.md). The day is enough: the forecast places renewals by month.
 */
export function renewingCustomers(db: Tx, resellerId: string | null, liveStatuses: readonly string[]) {
  const day = sql<string>`substr(renews_at, 1, 10)`;
  let q = db
    .selectFrom('customers')
    .select(['reseller_id', 'licence_id', day.as('renews_on'), 'cancel_at_period_end', (eb) => eb.fn.countAll<number>().as('customers')])
    .where('status', 'in', liveStatuses)
    .groupBy(['reseller_id', 'licence_id', day, 'cancel_at_period_end']);
  if (resellerId) q = q.where('reseller_id', '=', resellerId);
  return q.execute();
}

/** Every licence's list price now, by id: the catalogue is small, so the forecast joins it in memory. */
export function licencePrices(db: Tx) {
  return db.selectFrom('licences').select(['id', 'price_amount', 'currency']).execute();
}

/**
 * Open trials by the day they end and their customer type, counted, with the list price of the cheapest licence for
 * that type: what the trial converts to at the least. A trial whose type has no licence yet has no price and is left out.
 */
export function openTrialsWithPrice(db: Tx, resellerId: string | null, openStatus: string) {
  const day = sql<string>`substr(trials.ends_at, 1, 10)`;
  let q = db
    .selectFrom('trials')
    .innerJoin(
      (eb) => eb.selectFrom('licences').select(['customer_type', (e) => e.fn.min<number>('price_amount').as('price_amount')]).groupBy('customer_type').as('cheapest'),
      (join) => join.onRef('cheapest.customer_type', '=', 'trials.customer_type'),
    )
    .select(['trials.reseller_id', day.as('ends_on'), 'cheapest.price_amount', (eb) => eb.fn.countAll<number>().as('trials')])
    .where('trials.status', '=', openStatus)
    .groupBy(['trials.reseller_id', day, 'cheapest.price_amount']);
  if (resellerId) q = q.where('trials.reseller_id', '=', resellerId);
  return q.execute();
}

/**
 * Trial outcomes per reseller in `[from, to)`, counted as conversion.ts's countOutcomes counts them: converted in the
 * window (whether or not it expired first), or expired in the window and never converted. Cancelled trials count in
 * neither. Two counts, each a range on its own covering index (trials_converted, trials_expired), so only the
 * window's trials are read, not every trial the reseller ever had.
 */
export async function trialOutcomes(db: Tx, resellerId: string | null, window: { from: string; to: string }) {
  let converted = db
    .selectFrom('trials')
    .select(['reseller_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('converted_at', '>=', window.from)
    .where('converted_at', '<', window.to)
    .groupBy('reseller_id');
  let expired = db
    .selectFrom('trials')
    .select(['reseller_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('expired_at', '>=', window.from)
    .where('expired_at', '<', window.to)
    .where('converted_at', 'is', null)
    .groupBy('reseller_id');
  if (resellerId) {
    converted = converted.where('reseller_id', '=', resellerId);
    expired = expired.where('reseller_id', '=', resellerId);
  }
  const [c, e] = await Promise.all([converted.execute(), expired.execute()]);
  const out = new Map<string, { converted: number; expired: number }>();
  for (const r of c) out.set(r.reseller_id, { converted: Number(r.n), expired: 0 });
  for (const r of e) out.set(r.reseller_id, { converted: out.get(r.reseller_id)?.converted ?? 0, expired: Number(r.n) });
  return out;
}

/** A reseller's stored SIE account map (JSON, null for the BAS defaults); undefined when there is no such reseller. */
export async function accountMapOf(db: Tx, resellerId: string): Promise<{ sie_accounts: string | null } | undefined> {
  return db.selectFrom('resellers').select('sie_accounts').where('id', '=', resellerId).executeTakeFirst();
}

export async function storeAccountMap(tx: Tx, resellerId: string, json: string): Promise<boolean> {
  const res = await tx.updateTable('resellers').set({ sie_accounts: json }).where('id', '=', resellerId).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The party a statement is about: a reseller's name and organisation number. */
export function statementParty(db: Tx, resellerId: string) {
  return db.selectFrom('resellers').select(['id', 'name', 'org_number']).where('id', '=', resellerId).executeTakeFirst();
}

/** A reseller's ledger entries dated in `[from, to)`, with the customer's organization name and the licence name. */
export function statementEntries(db: Tx, resellerId: string, range: { from: string; to: string }) {
  return db
    .selectFrom('revenue_entries as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .innerJoin('licences as l', 'l.id', 'e.licence_id')
    .select(['e.id', 'e.customer_id', 'o.name as customer_name', 'e.licence_id', 'l.name as licence_name', 'e.licence_year', 'e.period_start', 'e.currency', 'e.list_price', 'e.reseller_margin', 'e.vendor_amount', 'e.kind'])
    .where('e.reseller_id', '=', resellerId)
    .where('e.period_start', '>=', range.from)
    .where('e.period_start', '<', range.to)
    .orderBy('e.period_start')
    .orderBy('e.id')
    .execute();
}
