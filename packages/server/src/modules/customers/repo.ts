/** @module The customers' SQL: rows, guarded status and renewal updates, and loading them with names and prices. */
import { sql, type Selectable } from 'kysely';
import { DEFAULT_LIMIT, MAX_LIMIT, pageRows, type Page, type PageParams } from '../../db/pagination.js';
import type { ListSort } from '../search/model.js';
import { scopedRow } from '../../db/scoped.js';
import type { CustomerTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';
import { customerView } from './model.js';

export type CustomerRow = Selectable<CustomerTable>;

export async function insertCustomer(tx: Tx, row: CustomerRow): Promise<void> {
  await tx.insertInto('customers').values(row).execute();
}

export function findCustomer(db: Tx, id: string, scope: string | null): Promise<CustomerRow> {
  return scopedRow(db, 'customers', id, scope, 'customer');
}

/** Customers as the API shows them, their organizations and licences read in one statement each. */
export async function hydrateCustomers(db: Tx, rows: CustomerRow[]) {
  if (rows.length === 0) return [];
  const [orgs, licences] = await Promise.all([
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.organization_id))]).execute(),
    db.selectFrom('licences').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.licence_id))]).execute(),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const lic = new Map(licences.map((l) => [l.id, l]));
  return rows.map((r) => customerView(r, orgName.get(r.organization_id) ?? '', lic.get(r.licence_id)!));
}

export interface CustomerFilter extends PageParams {
  statuses?: string[];
  /** A LIKE pattern over the trial's `search_text` (modules/search/model.ts): a customer has its trial's users and orders. */
  search?: string;
  /** `renews_at` after the first and at or before the second. */
  renewsBetween?: [string, string];
  sort?: ListSort;
}

const customerQuery = (db: Tx) => db.selectFrom('customers').selectAll('customers');

export function customerPage(db: Tx, scope: string | null, f: CustomerFilter) {
  let q = customerQuery(db);
  if (scope) q = q.where('customers.reseller_id', '=', scope);
  if (f.statuses) q = q.where('customers.status', 'in', f.statuses);
  if (f.renewsBetween) q = q.where('customers.renews_at', '>', f.renewsBetween[0]).where('customers.renews_at', '<=', f.renewsBetween[1]);
  if (f.search) {
    const search = f.search;
    q = q.where((eb) => eb.exists(eb.selectFrom('trials').select('trials.id').whereRef('trials.id', '=', 'customers.trial_id').where(sql<boolean>`trials.search_text like ${search} escape '\\'`)));
  }
  if (f.sort !== 'name') return pageRows(q, f, 'customers.id');
  return namePage(q, f);
}

/** By organization name in Swedish order (the trial's `name_key`), then id; the cursor is the last customer id seen. */
async function namePage(query: ReturnType<typeof customerQuery>, f: CustomerFilter): Promise<Page<CustomerRow>> {
  const limit = Math.min(f.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  let q = query.innerJoin('trials as named', 'named.id', 'customers.trial_id');
  if (f.cursor) {
    q = q.where(
      sql<boolean>`(named.name_key, customers.id) > (select t.name_key, c.id from customers c join trials t on t.id = c.trial_id where c.id = ${f.cursor})`,
    );
  }
  const rows = await q.orderBy('named.name_key').orderBy('customers.id').limit(limit + 1).execute();
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}

/**
 * The guarded status update: only from `sources` (and, when given, only while the columns in `guard` hold these
 * values); false when another request moved the customer first.
 */
export async function moveCustomerRow(tx: Tx, id: string, to: string, sources: readonly string[], values: Partial<CustomerRow>, guard: Partial<Pick<CustomerRow, 'licence_year' | 'cancel_at_period_end'>> = {}): Promise<boolean> {
  let q = tx.updateTable('customers').set({ status: to, ...values }).where('id', '=', id).where('status', 'in', sources);
  if (guard.licence_year !== undefined) q = q.where('licence_year', '=', guard.licence_year);
  if (guard.cancel_at_period_end !== undefined) q = q.where('cancel_at_period_end', '=', guard.cancel_at_period_end);
  const res = await q.executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The status of the trial behind the customer. */
export async function trialStatusOf(db: Tx, trialId: string): Promise<string> {
  return (await db.selectFrom('trials').select('status').where('id', '=', trialId).executeTakeFirstOrThrow()).status;
}

/**
 * Moves the customer one licence year on, guarded on the year it was computed from, a live status and no mark to
 * cancel at the period end (a mark set meanwhile wins: the renewal changes nothing).
 */
export async function advanceLicenceYear(tx: Tx, row: CustomerRow, statuses: readonly string[], renewsAt: string): Promise<boolean> {
  const res = await tx
    .updateTable('customers')
    .set({ licence_year: row.licence_year + 1, renews_at: renewsAt })
    .where('id', '=', row.id)
    .where('status', 'in', statuses)
    .where('licence_year', '=', row.licence_year)
    .where('cancel_at_period_end', '=', 0)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Stamps the purge of a cancelled customer's personal data, once. */
export async function stampPurged(tx: Tx, id: string, status: string, at: string): Promise<boolean> {
  const res = await tx.updateTable('customers').set({ purged_at: at }).where('id', '=', id).where('status', '=', status).where('purged_at', 'is', null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Live customers whose licence year ended by `now`: those to renew (`cancelAtPeriodEnd` 0) or to end (1). */
export function dueAtPeriodEnd(db: Tx, statuses: readonly string[], now: string, cancelAtPeriodEnd: 0 | 1, limit: number): Promise<CustomerRow[]> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('status', 'in', statuses)
    .where('renews_at', '<=', now)
    .where('cancel_at_period_end', '=', cancelAtPeriodEnd)
    .orderBy('renews_at')
    .limit(limit)
    .execute();
}

/**
 * Sets or clears the mark to cancel at the period end, only on a live customer of `scope` whose period has not ended
 * (`renews_at` after `now`): once it has, the scheduler owns the customer. False when no row matched.
 */
export async function markCancelAtPeriodEnd(tx: Tx, id: string, scope: string, value: 0 | 1, statuses: readonly string[], now: string): Promise<boolean> {
  const res = await tx
    .updateTable('customers')
    .set({ cancel_at_period_end: value })
    .where('id', '=', id)
    .where('reseller_id', '=', scope)
    .where('status', 'in', statuses)
    .where('renews_at', '>', now)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Live, renewing customers whose renewal falls by `cutoff` and whose current licence year has not been announced. */
export function dueRenewalNotice(db: Tx, statuses: readonly string[], cutoff: string, limit: number): Promise<CustomerRow[]> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('status', 'in', statuses)
    .where('cancel_at_period_end', '=', 0)
    .where('renews_at', '<=', cutoff)
    .where((eb) => eb.or([eb('renewal_notice_year', 'is', null), eb('renewal_notice_year', '<', eb.ref('licence_year'))]))
    .orderBy('renews_at')
    .limit(limit)
    .execute();
}

/**
 * Claims the renewal notice of the customer's current licence year: one conditional update, so of any number of
 * schedulers exactly one sees a row change, once per customer and year.
 */
export async function claimRenewalNotice(tx: Tx, row: CustomerRow, statuses: readonly string[]): Promise<boolean> {
  const res = await tx
    .updateTable('customers')
    .set({ renewal_notice_year: row.licence_year })
    .where('id', '=', row.id)
    .where('status', 'in', statuses)
    .where('licence_year', '=', row.licence_year)
    .where('cancel_at_period_end', '=', 0)
    .where((eb) => eb.or([eb('renewal_notice_year', 'is', null), eb('renewal_notice_year', '<', row.licence_year)]))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export function dueToPurge(db: Tx, status: string, cutoff: string, limit: number): Promise<CustomerRow[]> {
  return db.selectFrom('customers').selectAll().where('status', '=', status).where('purged_at', 'is', null).where('cancelled_at', '<=', cutoff).limit(limit).execute();
}
