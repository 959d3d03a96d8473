/** @module Customers: an approved order's licence, renewed yearly into the ledger until the vendor cancels it. */
import type { Selectable } from 'kysely';
import { addYears } from '../../clock.js';
import type { CustomerTable } from '../../db/schema.js';
import { customerView } from './model.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { customerInvitation } from '../../mail/templates.js';
import {
  addAccountUser,
  guardDuplicateUser,
  listAccountUsers,
  removeAccountUser,
  revokeSessions,
  updateAccountUser,
  type Account,
} from '../accounts/users.js';
import type { Role } from '../accounts/model.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../domain/context.js';
import { recordEvent } from '../../domain/outbox.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import { requireAdmin } from '../access.js';
import { recordRevenue } from '../revenue/service.js';
import { accountOpen, holdsOrganization, sourcesOf } from '../../lifecycle/machines.js';

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

/**
 * Cancellation shuts the account: its users' sessions end and they can no longer log in (`accountOpen`), and the
 * organization is free for a new trial.
 */
export async function cancelCustomer(ctx: Ctx, actor: Actor, id: string) {
  requireAdmin(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const at = nowIso(ctx);
    const res = await tx.updateTable('customers').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).where('status', 'in', sourcesOf('customer', 'cancelled')).executeTakeFirst();
    const row = await getCustomerRow(tx, actor, id);
    if (!res.numUpdatedRows) throw new ConflictError(`Cannot cancel the customer: it is ${row.status}.`);
    await tx.updateTable('trials').set({ holds_organization: holdsOrganization('converted', 'cancelled') }).where('id', '=', row.trial_id).execute();
    await revokeSessions(tx, row.trial_id);
    const [view] = await hydrate(tx, [row]);
    await recordEvent(tx, at, { type: 'customer.cancelled', resellerId: row.reseller_id, data: view, trialId: row.trial_id });
    return view!;
  });
}

/** The customer as an account: its users are the trial's, managed here once the trial is converted. */
async function openCustomerAccount(tx: Tx, actor: Actor, id: string, what: string) {
  const row = await getCustomerRow(tx, actor, id);
  const trial = await tx.selectFrom('trials').select('status').where('id', '=', row.trial_id).executeTakeFirstOrThrow();
  if (!accountOpen(trial.status, row.status)) throw new ConflictError(`Cannot ${what}: the customer is ${row.status}.`);
  const org = await tx.selectFrom('organizations').select('name').where('id', '=', row.organization_id).executeTakeFirstOrThrow();
  const account: Account = { trialId: row.trial_id, resellerId: row.reseller_id, invitation: ({ link, role }) => customerInvitation({ organizationName: org.name, link, role }) };
  return { row, account };
}

/** A cancelled customer's users are still listed (until a purge erases them); only changes are refused. */
export async function listCustomerUsers(ctx: Ctx, actor: Actor, id: string) {
  const row = await getCustomerRow(ctx.db, actor, id);
  return { data: await listAccountUsers(ctx.db, row.trial_id), nextCursor: null };
}

export async function addCustomerUser(ctx: Ctx, actor: Actor, id: string, input: { email: string; role?: Role }) {
  return guardDuplicateUser(input.email, () =>
    ctx.db.transaction().execute(async (tx) => {
      const { row, account } = await openCustomerAccount(tx, actor, id, 'add a user');
      const user = await addAccountUser(ctx, tx, account, input);
      await recordEvent(tx, nowIso(ctx), { type: 'customer.user_added', resellerId: row.reseller_id, data: { customerId: row.id, trialId: row.trial_id, user }, trialId: row.trial_id });
      return user;
    }),
  );
}

export async function updateCustomerUser(ctx: Ctx, actor: Actor, id: string, userId: string, input: { role: Role }) {
  return ctx.db.transaction().execute(async (tx) => {
    const { row } = await openCustomerAccount(tx, actor, id, 'change a user');
    return updateAccountUser(tx, row.trial_id, userId, input.role);
  });
}

export async function removeCustomerUser(ctx: Ctx, actor: Actor, id: string, userId: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const { row } = await openCustomerAccount(tx, actor, id, 'remove a user');
    const user = await removeAccountUser(tx, row.trial_id, userId);
    await recordEvent(tx, nowIso(ctx), { type: 'customer.user_removed', resellerId: row.reseller_id, data: { customerId: row.id, trialId: row.trial_id, user }, trialId: row.trial_id });
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
    await recordEvent(tx, at, { type: 'customer.renewed', resellerId: row.reseller_id, data: view, trialId: row.trial_id });
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
