/** @module The ledger's SQL: an entry and its day's roll-up written together; sums by period read from the roll-up. */
import { sql, type Selectable } from 'kysely';
import type { RevenueEntryTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';

/** Appends the entry and adds it to its reseller's day in `revenue_daily`. */
export async function insertEntry(tx: Tx, row: Selectable<RevenueEntryTable>): Promise<void> {
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

/** Live customers with their next renewal and their licence's list price now. */
export function renewingCustomers(db: Tx, resellerId: string | null, liveStatuses: readonly string[]) {
  let q = db
    .selectFrom('customers')
    .innerJoin('licences', 'licences.id', 'customers.licence_id')
    .select(['customers.reseller_id', 'customers.renews_at', 'customers.cancel_at_period_end', 'licences.price_amount', 'licences.currency'])
    .where('customers.status', 'in', liveStatuses);
  if (resellerId) q = q.where('customers.reseller_id', '=', resellerId);
  return q.execute();
}

/**
 * Open trials with when they end and the list price of the cheapest licence for their customer type: what the trial
 * converts to at the least. A trial whose type has no licence yet has no price and is left out.
 */
export function openTrialsWithPrice(db: Tx, resellerId: string | null, openStatus: string) {
  let q = db
    .selectFrom('trials')
    .innerJoin(
      (eb) => eb.selectFrom('licences').select(['customer_type', (e) => e.fn.min<number>('price_amount').as('price_amount')]).groupBy('customer_type').as('cheapest'),
      (join) => join.onRef('cheapest.customer_type', '=', 'trials.customer_type'),
    )
    .select(['trials.reseller_id', 'trials.ends_at', 'cheapest.price_amount'])
    .where('trials.status', '=', openStatus);
  if (resellerId) q = q.where('trials.reseller_id', '=', resellerId);
  return q.execute();
}

/**
 * Trial outcomes per reseller in `[from, to)`, counted as conversion.ts's countOutcomes counts them: converted in the
 * window (whether or not it expired first), or expired in the window and never converted. Cancelled trials count in
 * neither.
 */
export async function trialOutcomes(db: Tx, resellerId: string | null, window: { from: string; to: string }) {
  const convertedIn = sql<boolean>`converted_at >= ${window.from} and converted_at < ${window.to}`;
  const expiredIn = sql<boolean>`converted_at is null and expired_at >= ${window.from} and expired_at < ${window.to}`;
  let q = db
    .selectFrom('trials')
    .select([
      'reseller_id',
      sql<number>`sum(case when ${convertedIn} then 1 else 0 end)`.as('converted'),
      sql<number>`sum(case when ${expiredIn} then 1 else 0 end)`.as('expired'),
    ])
    .where((eb) => eb.or([eb.and([eb('converted_at', '>=', window.from), eb('converted_at', '<', window.to)]), eb.and([eb('expired_at', '>=', window.from), eb('expired_at', '<', window.to)])]))
    .groupBy('reseller_id');
  if (resellerId) q = q.where('reseller_id', '=', resellerId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.reseller_id, { converted: Number(r.converted), expired: Number(r.expired) }]));
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
    .select(['e.id', 'e.customer_id', 'o.name as customer_name', 'e.licence_id', 'l.name as licence_name', 'e.licence_year', 'e.period_start', 'e.currency', 'e.list_price', 'e.reseller_margin', 'e.vendor_amount'])
    .where('e.reseller_id', '=', resellerId)
    .where('e.period_start', '>=', range.from)
    .where('e.period_start', '<', range.to)
    .orderBy('e.period_start')
    .orderBy('e.id')
    .execute();
}
