/**
 * @module Customers: an approved order's licence, renewed yearly into the ledger (announced 30 days ahead) until the
 * vendor cancels it or the reseller's mark ends it at the period end; its users are the trial's, managed here once the
 * trial is converted. The scheduler calls the `due…` and step functions.
 */
import { addDays, addMonths, addYears } from '../../clock.js';
import type { PageParams } from '../../db/pagination.js';
import { inTransaction } from '../../db/transaction.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import { ConflictError } from '../../errors.js';
import { accountOpen, CUSTOMER_LIVE, holdsOrganization, sourcesOf } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { customerInvitation, renewalUpcoming } from '../../mail/render/index.js';
import { requireAdmin, requireReseller } from '../access.js';
import type { Role } from '../accounts/model.js';
import { addAccountUser, guardDuplicateUser, listAccountUsers, removeAccountUser, revokeSessions, updateAccountUser, type Account } from '../accounts/users.js';
import { erasePersonalData } from '../purge/service.js';
import { formatKronor } from '../revenue/amounts.js';
import { splitPrice } from '../revenue/model.js';
import type { RefundKind } from '../revenue/reversal.js';
import { recordRevenue, reverseRevenue } from '../revenue/service.js';
import { CANCELLED_CUSTOMER_PURGE_MONTHS } from '../trials/model.js';
import { setHoldsOrganization } from '../trials/repo.js';
import { organizationName } from '../organizations/repo.js';
import { findLicence, resellerById } from '../vendor/repo.js';
import { customerView, RENEWAL_NOTICE_DAYS } from './model.js';
import { searchPattern, statusesOf, within, type SearchFilters } from '../search/model.js';
import * as repo from './repo.js';
import type { CustomerRow } from './repo.js';

export async function listCustomers(ctx: Ctx, actor: Actor, p: PageParams & SearchFilters) {
  const filter: repo.CustomerFilter = { limit: p.limit, cursor: p.cursor, sort: p.sort, statuses: statusesOf(p.status) };
  if (p.q?.trim()) filter.search = searchPattern(p.q);
  // A customer "expires" when its licence year ends: the renewal is the moment to act on.
  if (p.expiringWithinDays) filter.renewsBetween = within(ctx.clock.now(), p.expiringWithinDays);
  const rows = await repo.customerPage(ctx.db, resellerScope(actor), filter);
  return { data: await repo.hydrateCustomers(ctx.db, rows.data), nextCursor: rows.nextCursor };
}

function getCustomerRow(db: Tx, actor: Actor, id: string): Promise<CustomerRow> {
  return repo.findCustomer(db, id, resellerScope(actor));
}

export async function getCustomer(ctx: Ctx, actor: Actor, id: string) {
  const [c] = await repo.hydrateCustomers(ctx.db, [await getCustomerRow(ctx.db, actor, id)]);
  return c!;
}

/**
 * The vendor cancels a customer now (docs/revenue-statements.md, "Cancellation and reversals"): the account shuts and
 * `refund` decides what the ledger takes back of the current licence year, in the same transaction.
 */
export async function cancelCustomer(ctx: Ctx, actor: Actor, id: string, input: { refund?: RefundKind } = {}) {
  requireAdmin(actor);
  return inTransaction(ctx.db, async (tx) => {
    const at = nowIso(ctx);
    const moved = await repo.moveCustomerRow(tx, id, 'cancelled', sourcesOf('customer', 'cancelled'), { cancelled_at: at });
    // Read after the guarded update: the licence year reversed is the one the cancellation ended, whatever raced.
    const row = await getCustomerRow(tx, actor, id);
    if (!moved) throw new ConflictError(`Cannot cancel the customer: it is ${row.status}.`, { code: 'invalid_state' });
    const view = await closeAccount(tx, row, at);
    await reverseRevenue(tx, at, { resellerId: row.reseller_id, customerId: row.id, licenceYear: row.licence_year }, input.refund ?? 'none');
    return view;
  });
}

/**
 * Cancellation shuts the account: its users' sessions end and they can no longer log in (`accountOpen`), the
 * organization is free for a new trial, and `customer.cancelled` goes out.
 */
async function closeAccount(tx: Tx, row: CustomerRow, at: string) {
  await setHoldsOrganization(tx, row.trial_id, holdsOrganization('converted', 'cancelled'));
  await revokeSessions(tx, row.trial_id);
  const [view] = await repo.hydrateCustomers(tx, [row]);
  await recordEvent(tx, at, { type: 'customer.cancelled', resellerId: row.reseller_id, data: view, trialId: row.trial_id });
  return view!;
}

/**
 * The reseller marks a live customer to end with its current licence year (`on`), or takes the mark back. Allowed
 * until the period ends; from then on the scheduler owns the customer (it cancels instead of renewing). Setting what
 * is already set changes nothing and answers the same.
 */
export async function setCancelAtPeriodEnd(ctx: Ctx, actor: Actor, id: string, on: boolean) {
  const scope = requireReseller(actor);
  return inTransaction(ctx.db, async (tx) => {
    const before = await getCustomerRow(tx, actor, id);
    const what = on ? 'cancel at the period end' : 'undo the cancellation at the period end';
    if (!(await repo.markCancelAtPeriodEnd(tx, id, scope, on ? 1 : 0, CUSTOMER_LIVE, nowIso(ctx)))) {
      if (!CUSTOMER_LIVE.includes(before.status)) throw new ConflictError(`Cannot ${what}: the customer is ${before.status}.`, { code: 'invalid_state' });
      throw new ConflictError(`Cannot ${what}: the licence year ended at ${before.renews_at}.`, { code: 'period_ended' });
    }
    const row = await getCustomerRow(tx, actor, id);
    const [view] = await repo.hydrateCustomers(tx, [row]);
    // A change of state, so an event (and its audit row); a repeat that changed nothing records none.
    if (row.cancel_at_period_end !== before.cancel_at_period_end) await recordEvent(tx, nowIso(ctx), { type: 'customer.updated', resellerId: row.reseller_id, data: view, trialId: row.trial_id });
    return view!;
  });
}

/** The customer as an account: its users are the trial's, managed here once the trial is converted. */
async function openCustomerAccount(tx: Tx, actor: Actor, id: string, what: string) {
  const row = await getCustomerRow(tx, actor, id);
  if (!accountOpen(await repo.trialStatusOf(tx, row.trial_id), row.status)) throw new ConflictError(`Cannot ${what}: the customer is ${row.status}.`);
  const name = await organizationName(tx, row.organization_id);
  const account: Account = { trialId: row.trial_id, resellerId: row.reseller_id, invitation: (brand, { link, role }) => customerInvitation(brand, { organizationName: name, link, role }) };
  return { row, account };
}

/** A cancelled customer's users are still listed (until a purge erases them); only changes are refused. */
export async function listCustomerUsers(ctx: Ctx, actor: Actor, id: string) {
  const row = await getCustomerRow(ctx.db, actor, id);
  return { data: await listAccountUsers(ctx.db, row.trial_id), nextCursor: null };
}

export async function addCustomerUser(ctx: Ctx, actor: Actor, id: string, input: { email: string; role?: Role }) {
  return guardDuplicateUser(input.email, () =>
    inTransaction(ctx.db, async (tx) => {
      const { row, account } = await openCustomerAccount(tx, actor, id, 'add a user');
      const user = await addAccountUser(ctx, tx, account, input);
      await recordEvent(tx, nowIso(ctx), { type: 'customer.user_added', resellerId: row.reseller_id, data: { customerId: row.id, trialId: row.trial_id, user }, trialId: row.trial_id });
      return user;
    }),
  );
}

export async function updateCustomerUser(ctx: Ctx, actor: Actor, id: string, userId: string, input: { role: Role }) {
  return inTransaction(ctx.db, async (tx) => {
    const { row } = await openCustomerAccount(tx, actor, id, 'change a user');
    return updateAccountUser(tx, row.trial_id, userId, input.role);
  });
}

export async function removeCustomerUser(ctx: Ctx, actor: Actor, id: string, userId: string) {
  await inTransaction(ctx.db, async (tx) => {
    const { row } = await openCustomerAccount(tx, actor, id, 'remove a user');
    const user = await removeAccountUser(tx, row.trial_id, userId);
    await recordEvent(tx, nowIso(ctx), { type: 'customer.user_removed', resellerId: row.reseller_id, data: { customerId: row.id, trialId: row.trial_id, user }, trialId: row.trial_id });
  });
}

/** Live customers whose licence year has run out and renews, the longest overdue first. */
export function dueToRenew(ctx: Ctx, limit: number) {
  return repo.dueAtPeriodEnd(ctx.db, CUSTOMER_LIVE, nowIso(ctx), 0, limit);
}

/** Live customers marked to cancel at the period end whose licence year has run out. */
export function dueToEnd(ctx: Ctx, limit: number) {
  return repo.dueAtPeriodEnd(ctx.db, CUSTOMER_LIVE, nowIso(ctx), 1, limit);
}

/**
 * Ends a customer marked to cancel at the period end, instead of renewing it: no ledger entry, the account shuts as on
 * the vendor's cancellation, dated at the period end. Guarded on the mark and the licence year, so an undo or a second
 * scheduler that came first makes this change nothing.
 */
export function endAtPeriodEnd(ctx: Ctx, row: CustomerRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const guard = { licence_year: row.licence_year, cancel_at_period_end: 1 };
    if (!(await repo.moveCustomerRow(tx, row.id, 'cancelled', sourcesOf('customer', 'cancelled'), { cancelled_at: row.renews_at }, guard))) return false;
    await closeAccount(tx, { ...row, status: 'cancelled', cancelled_at: row.renews_at }, nowIso(ctx));
    return true;
  });
}

/** Live, renewing customers whose renewal is at most RENEWAL_NOTICE_DAYS away and not yet announced for this year. */
export function dueRenewalNotice(ctx: Ctx, limit: number) {
  return repo.dueRenewalNotice(ctx.db, CUSTOMER_LIVE, addDays(ctx.clock.now(), RENEWAL_NOTICE_DAYS).toISOString(), limit);
}

/**
 * Announces the coming renewal to the reseller (`customer.renewal_upcoming`, its webhooks and an e-mail), once per
 * customer and licence year: the claim is one conditional update, so of several schedulers exactly one writes it.
 */
export function announceRenewal(ctx: Ctx, row: CustomerRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    if (!(await repo.claimRenewalNotice(tx, row, CUSTOMER_LIVE))) return false;
    const at = nowIso(ctx);
    const licence = (await findLicence(tx, row.licence_id))!;
    const reseller = await resellerById(tx, row.reseller_id);
    const name = await organizationName(tx, row.organization_id);
    const view = customerView({ ...row, renewal_notice_year: row.licence_year }, name, licence);
    // At today's price and margin, as the renewal's ledger entry will be (renewCustomer).
    const amounts = splitPrice(Number(licence.price_amount), reseller.discount_bp);
    const renewal = { licenceYear: row.licence_year + 1, renewsAt: row.renews_at, currency: licence.currency, ...amounts };
    await recordEvent(tx, at, { type: 'customer.renewal_upcoming', resellerId: row.reseller_id, data: { ...view, renewal }, trialId: row.trial_id });
    const mail = renewalUpcoming(ctx.branding, { organizationName: name, licenceName: licence.name, renewsAt: row.renews_at, vendorAmount: `${formatKronor(amounts.vendorAmount, ',')} kr` });
    await queueEmail(tx, at, reseller.contact_email, mail, row.trial_id);
    return true;
  });
}

/**
 * Renews one due customer by one licence year. The guarded update on (renews_at, licence_year) and the ledger's unique
 * (customer, year) make concurrent schedulers safe: one wins, the others change nothing.
 */
export async function renewCustomer(ctx: Ctx, row: CustomerRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const periodStart = row.renews_at;
    const next = addYears(new Date(row.renews_at), 1).toISOString();
    if (!(await repo.advanceLicenceYear(tx, row, CUSTOMER_LIVE, next))) return false;
    const at = nowIso(ctx);
    const licence = (await findLicence(tx, row.licence_id))!;
    const reseller = await resellerById(tx, row.reseller_id);
    const view = customerView({ ...row, licence_year: row.licence_year + 1, renews_at: next }, await organizationName(tx, row.organization_id), licence);
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

/** Cancelled customers whose personal data has been kept CANCELLED_CUSTOMER_PURGE_MONTHS. */
export function dueToPurge(ctx: Ctx, limit: number) {
  return repo.dueToPurge(ctx.db, 'cancelled', addMonths(ctx.clock.now(), -CANCELLED_CUSTOMER_PURGE_MONTHS).toISOString(), limit);
}

/** A cancelled customer's users and their traces go like a purged trial's; the customer, its order and ledger stay. */
export function purgeCustomer(ctx: Ctx, customer: CustomerRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now().toISOString();
    if (!(await repo.stampPurged(tx, customer.id, 'cancelled', at))) return false;
    await erasePersonalData(tx, customer.trial_id, { keepAgreements: true });
    await recordEvent(tx, at, {
      type: 'customer.purged',
      resellerId: customer.reseller_id,
      data: { customerId: customer.id, trialId: customer.trial_id, organizationId: customer.organization_id, purgedAt: at },
      trialId: customer.trial_id,
    });
    return true;
  });
}
