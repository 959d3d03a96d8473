/** @module Customers: an approved order's licence, renewed yearly into the ledger until the vendor cancels it. */
import type { Selectable } from 'kysely';
import { addYears } from '../clock.js';
import { toCustomer } from '../db/mappers.js';
import type { CustomerTable, LicenceTable } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from './context.js';
import { recordEvent } from './outbox.js';
import { pageRows, type PageParams } from './pagination.js';
import { requireAdmin } from './permissions.js';
import { recordRevenue } from './revenue.js';

export function customerView(c: Selectable<CustomerTable>, organizationName: string, licence: Pick<Selectable<LicenceTable>, 'name' | 'price_amount' | 'currency'>) {
  return toCustomer(c, { organizationName, licenceName: licence.name, annualPrice: { amount: Number(licence.price_amount), currency: licence.currency } });
}

async function hydrate(db: Tx, rows: Selectable<CustomerTable>[]) {
  if (rows.length === 0) return [];
  const [orgs, licences] = await Promise.all([
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.organization_id))]).execute(),
    db.selectFrom('licences').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.licence_id))]).execute(),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const lic = new Map(licences.map((l) => [l.id, l]));
  return rows.map((r) => customerView(r, orgName.get(r.organization_id) ?? '', lic.get(r.licence_id)!));
}

export async function listCustomers(ctx: Ctx, actor: Actor, p: PageParams & { status?: string }) {
  let q = ctx.db.selectFrom('customers').selectAll();
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  if (p.status) q = q.where('status', '=', p.status);
  const rows = await pageRows(q, p);
  return { data: await hydrate(ctx.db, rows.data), nextCursor: rows.nextCursor };
}

async function getCustomerRow(db: Tx, actor: Actor, id: string) {
  let q = db.selectFrom('customers').selectAll().where('id', '=', id);
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('customer', id);
  return row;
}

export async function getCustomer(ctx: Ctx, actor: Actor, id: string) {
  const [c] = await hydrate(ctx.db, [await getCustomerRow(ctx.db, actor, id)]);
  return c!;
}

export async function cancelCustomer(ctx: Ctx, actor: Actor, id: string) {
  requireAdmin(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const at = nowIso(ctx);
    const res = await tx.updateTable('customers').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    const row = await getCustomerRow(tx, actor, id);
    if (!res.numUpdatedRows) throw new ConflictError(`Cannot cancel the customer: it is ${row.status}.`);
    const [view] = await hydrate(tx, [row]);
    await recordEvent(tx, at, { type: 'customer.cancelled', resellerId: row.reseller_id, data: view });
    return view!;
  });
}

/**
 * Renews one due customer by one licence year. The guarded update on (renews_at, licence_year) and the ledger's unique
 * (customer, year) make concurrent schedulers safe: one wins, the others change nothing.
 */
export async function renewCustomer(ctx: Ctx, row: Selectable<CustomerTable>): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const periodStart = row.renews_at;
    const next = addYears(new Date(row.renews_at), 1).toISOString();
    const res = await tx
      .updateTable('customers')
      .set({ licence_year: row.licence_year + 1, renews_at: next })
      .where('id', '=', row.id)
      .where('status', '=', 'active')
      .where('licence_year', '=', row.licence_year)
      .executeTakeFirst();
    if (!res.numUpdatedRows) return false;
    const at = nowIso(ctx);
    const licence = await tx.selectFrom('licences').selectAll().where('id', '=', row.licence_id).executeTakeFirstOrThrow();
    const reseller = await tx.selectFrom('resellers').select('discount_bp').where('id', '=', row.reseller_id).executeTakeFirstOrThrow();
    const org = await tx.selectFrom('organizations').select('name').where('id', '=', row.organization_id).executeTakeFirstOrThrow();
    const view = customerView({ ...row, licence_year: row.licence_year + 1, renews_at: next }, org.name, licence);
    await recordEvent(tx, at, { type: 'customer.renewed', resellerId: row.reseller_id, data: view });
    await recordRevenue(tx, at, {
      resellerId: row.reseller_id,
      customerId: row.id,
      licenceId: row.licence_id,
      licenceYear: row.licence_year + 1,
      periodStart,
      currency: licence.currency,
      listPrice: Number(licence.price_amount),
      discountBp: reseller.discount_bp,
    });
    return true;
  });
}
