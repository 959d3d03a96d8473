/**
 * @module Trial accounts: created for an organization with invited users, adjusted during the trial, extended or
 * cancelled; warned, expired and purged as time passes (the scheduler calls the `due…` and step functions).
 */
import { addDays, addMonths } from '../../clock.js';
import { ORGANIZATION_HOLDER, violates } from '../../db/constraints.js';
import { inTransaction } from '../../db/transaction.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import { ConflictError, UnprocessableError } from '../../errors.js';
import { newId } from '../../ids.js';
import { accountOpen, assertTransition, holdsOrganization, INITIAL, ORDER_SETTLED, sourcesOf, TRIAL_EXPIRABLE, type TrialStatus } from '../../lifecycle/machines.js';
import { queueEmail } from '../../mail/outbox.js';
import { trialExpiring, trialInvitation } from '../../mail/render/index.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageParams } from '../../db/pagination.js';
import { requireReseller } from '../access.js';
import { DEFAULT_ROLE, toTrialUser, type Role } from '../accounts/model.js';
import { addAccountUser, guardDuplicateUser, inviteUsers, normalizeEmail, removeAccountUser, revokeSessions, updateAccountUser, type Account } from '../accounts/users.js';
import { orderOfTrialIn } from '../orders/repo.js';
import { erasePersonalData } from '../purge/service.js';
import { resellerById } from '../vendor/repo.js';
import type { CustomerType } from '../vendor/model.js';
import { CANCELLED_PURGE_DAYS, DEFAULT_TRIAL_DAYS, EXPIRING_NOTICE_DAYS, MAX_TRIAL_DAYS, PURGE_AFTER_MONTHS, PURGE_WARNING_DAYS, toTrial } from './model.js';
import { findOrganizationName, inScope, organizationName } from '../organizations/repo.js';
import { nameSortKey, searchPattern, searchText, statusesOf, within, type SearchFilters } from '../search/model.js';
import * as repo from './repo.js';
import { engagementFilter, levelAtClose, withEngagement } from './engagement-view.js';
import type { EngagementLevel } from './engagement.js';
import type { TrialRow } from './repo.js';

export interface NewTrial {
  organizationId: string;
  customerType: CustomerType;
  users: { email: string; role?: Role }[];
  durationDays?: number;
}

/**
 * The organization's holding (at most one open trial or live customer) is decided by the unique index behind
 * `holds_organization`: the insert is the check, so racing creations cannot both succeed and the hot path needs no
 * read of other trials. Only a refused insert looks up who holds the organization, for the message.
 */
export async function createTrial(ctx: Ctx, actor: Actor, input: NewTrial) {
  const resellerId = requireReseller(actor);
  const emails = input.users.map((u) => normalizeEmail(u.email));
  const dup = emails.find((e, i) => emails.indexOf(e) !== i);
  if (dup) throw new UnprocessableError(`The e-mail address ${dup} is listed twice.`, { code: 'duplicate_email', issues: [{ path: ['users'], message: `duplicate e-mail ${dup}` }] });
  const days = input.durationDays ?? DEFAULT_TRIAL_DAYS;
  if (days > MAX_TRIAL_DAYS) throw new UnprocessableError(`A trial may last at most ${MAX_TRIAL_DAYS} days.`, { code: 'trial_too_long', issues: [{ path: ['durationDays'], message: `at most ${MAX_TRIAL_DAYS}` }] });

  const scope = resellerScope(actor);
  // PostgreSQL reads it before the transaction (where it ran anyway: a plain read before any write), in one statement
  // with the creations that come meanwhile; never inside, where it would wait for a second connection while holding one.
  const shared = ctx.caches.organizations && inScope(await ctx.caches.organizations.get(input.organizationId), input.organizationId, scope);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const org = shared ?? (await findOrganizationName(tx, input.organizationId, scope));
      const now = ctx.clock.now();
      const at = now.toISOString();
      const trial: TrialRow = {
        id: newId('trial'),
        reseller_id: resellerId,
        organization_id: org.id,
        customer_type: input.customerType,
        status: INITIAL.trial,
        ends_at: addDays(now, days).toISOString(),
        expiring_notified_at: null,
        expired_at: null,
        purge_warned_at: null,
        purged_at: null,
        converted_at: null,
        cancelled_at: null,
        created_at: at,
        holds_organization: holdsOrganization(INITIAL.trial),
        // Everything the search text is made of is in hand at creation (the one other writer is modules/search/repo.ts).
        search_text: searchText({ organizationName: org.name, emails, orderIds: [] }),
        name_key: nameSortKey(org.name),
        inactive_notified_since: null,
        engaged_at: null,
        closed_engagement: null,
      };
      await repo.insertTrial(tx, trial);
      const invited = await inviteUsers(ctx, tx, trialAccount(trial, org.name), emails.map((email, i) => ({ email, role: input.users[i]!.role ?? DEFAULT_ROLE })));
      // Everything the view shows is in hand: no need to read it back.
      const view = toTrial(trial, org.name, invited.map(toTrialUser).sort((a, b) => (a.id < b.id ? -1 : 1)), now);
      await recordEvent(tx, at, { type: 'trial.created', resellerId, data: view, trialId: trial.id });
      return view;
    });
  } catch (e) {
    if (violates(e, ORGANIZATION_HOLDER)) throw await organizationHeld(ctx, input.organizationId);
    throw e;
  }
}

/** The 409 for an organization that already holds an open trial or a live customer, naming the trial that holds it. */
export async function organizationHeld(ctx: Ctx, organizationId: string, what?: string): Promise<ConflictError> {
  const holder = await repo.organizationHolder(ctx.db, organizationId);
  const which = holder ? ` (${holder.id}, ${holder.status === 'active' ? 'an active trial' : 'a customer'})` : '';
  const reason = `the organization already has an open trial or a customer account${which}`;
  const issues = what ? undefined : [{ path: ['organizationId'], message: `held by ${holder?.id ?? 'another account'}` }];
  return new ConflictError(what ? `Cannot ${what}: ${reason}.` : `The ${reason.slice(4)}.`, { code: 'organization_has_account', issues });
}

/** A trial as an account its users are invited to: the invitation names the trial's end. */
export function trialAccount(trial: { id: string; reseller_id: string; ends_at: string }, organizationName: string): Account {
  return { trialId: trial.id, resellerId: trial.reseller_id, invitation: (brand, { link, role }) => trialInvitation(brand, { organizationName, link, endsAt: trial.ends_at, role }) };
}

export function getTrialRow(db: Tx, actor: Actor, id: string): Promise<TrialRow> {
  return repo.findTrial(db, id, resellerScope(actor));
}

export async function getTrial(ctx: Ctx, actor: Actor, id: string) {
  const [t] = await repo.hydrateTrials(ctx.db, [await getTrialRow(ctx.db, actor, id)], ctx.clock.now());
  return t!;
}

export async function listTrials(ctx: Ctx, actor: Actor, p: PageParams & SearchFilters & { organizationId?: string; engagement?: EngagementLevel[] }) {
  const limit = Math.min(p.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const now = ctx.clock.now();
  const filter: repo.TrialFilter = { resellerId: resellerScope(actor), statuses: statusesOf(p.status), organizationId: p.organizationId, sort: p.sort, cursor: p.cursor, limit, engagement: engagementFilter(p.engagement, now) };
  if (p.q?.trim()) filter.search = searchPattern(p.q);
  if (p.expiringWithinDays) filter.endsBetween = within(now, p.expiringWithinDays);
  const page = await repo.cachedTrialPage(ctx, filter);
  return { data: withEngagement(page.data, now), nextCursor: page.more ? page.data[page.data.length - 1]!.id : null };
}

/** The trial's users are changed through the trial while it is a trial; once converted, through its customer. */
function assertTrialUsersOpen(trial: { status: string }, what: string) {
  if (!accountOpen(trial.status, null)) throw new ConflictError(`Cannot ${what}: the trial is ${trial.status}.`, { code: 'trial_not_open' });
}

export async function addTrialUser(ctx: Ctx, actor: Actor, trialId: string, input: { email: string; role?: Role }) {
  return guardDuplicateUser(input.email, () =>
    inTransaction(ctx.db, async (tx) => {
      const trial = await getTrialRow(tx, actor, trialId);
      assertTrialUsersOpen(trial, 'add a user');
      const view = await addAccountUser(ctx, tx, trialAccount(trial, await organizationName(tx, trial.organization_id)), input);
      await recordEvent(tx, nowIso(ctx), { type: 'trial.user_added', resellerId: trial.reseller_id, data: { trialId: trial.id, user: view }, trialId: trial.id });
      return view;
    }),
  );
}

export async function updateTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string, input: { role: Role }) {
  return inTransaction(ctx.db, async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTrialUsersOpen(trial, 'change a user');
    return updateAccountUser(tx, trial.id, userId, input.role);
  });
}

export async function removeTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string) {
  await inTransaction(ctx.db, async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTrialUsersOpen(trial, 'remove a user');
    const user = await removeAccountUser(tx, trial.id, userId);
    await recordEvent(tx, nowIso(ctx), { type: 'trial.user_removed', resellerId: trial.reseller_id, data: { trialId: trial.id, user }, trialId: trial.id });
  });
}

/**
 * The update is guarded on the state it was computed from (still active, same end date): a trial that expired,
 * converted or was extended meanwhile changes nothing, and that is a 409, never a reported success.
 */
export async function extendTrial(ctx: Ctx, actor: Actor, trialId: string, input: { days: number }) {
  return inTransaction(ctx.db, async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTrialUsersOpen(trial, 'extend the trial');
    const endsAt = addDays(new Date(trial.ends_at), input.days);
    const limit = addDays(new Date(trial.created_at), MAX_TRIAL_DAYS);
    if (endsAt > limit) {
      throw new UnprocessableError(`A trial may last at most ${MAX_TRIAL_DAYS} days; it can end ${limit.toISOString().slice(0, 10)} at the latest.`, {
        code: 'trial_too_long',
        issues: [{ path: ['days'], message: `at most ${Math.floor((limit.getTime() - new Date(trial.ends_at).getTime()) / 86_400_000)} more days` }],
      });
    }
    if (!(await repo.setEndsAt(tx, trial, endsAt.toISOString()))) {
      throw new ConflictError('The trial changed meanwhile (it expired, was converted, cancelled or extended); read it again.', { code: 'changed_meanwhile' });
    }
    const [view] = await repo.hydrateTrials(tx, [{ ...trial, ends_at: endsAt.toISOString() }], ctx.clock.now());
    await recordEvent(tx, nowIso(ctx), { type: 'trial.extended', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return view!;
  });
}

export async function cancelTrial(ctx: Ctx, actor: Actor, trialId: string) {
  return inTransaction(ctx.db, async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTransition('trial', trial.status, 'cancelled', 'cancel the trial');
    const at = nowIso(ctx);
    const moved = await moveTrial(tx, trial, 'cancelled', { cancelled_at: at });
    if (!moved) throw new ConflictError('The trial changed meanwhile; try again.', { code: 'changed_meanwhile' });
    await revokeSessions(tx, trial.id);
    const [view] = await repo.hydrateTrials(tx, [moved], ctx.clock.now());
    await recordEvent(tx, at, { type: 'trial.cancelled', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return view!;
  });
}

/**
 * Moves a trial to `to` with a guarded update: only from a state the machine allows, only if no one moved it first, and
 * with the organization released or held as the new state says. Returns the moved row, or null if nothing changed.
 */
export async function moveTrial(
  tx: Tx,
  trial: TrialRow,
  to: Exclude<TrialStatus, 'active'>,
  stamps: Partial<Pick<TrialRow, 'expired_at' | 'converted_at' | 'cancelled_at' | 'purged_at'>>,
): Promise<TrialRow | null> {
  // A trial converts into a live customer: the customer is created in the same transaction.
  const holds = holdsOrganization(to, to === 'converted' ? INITIAL.customer : null);
  // The level it closed at, for the conversion statistics (GET /v1/trials/stats).
  const closedAt = to === 'converted' ? stamps.converted_at : to === 'expired' ? stamps.expired_at : undefined;
  const closed = closedAt ? { closed_engagement: await levelAtClose(tx, trial.id, new Date(closedAt)) } : {};
  return repo.moveTrialRow(tx, trial, to, sourcesOf('trial', to), { holds_organization: holds, ...stamps, ...closed });
}

/**
 * The trial's row, locked on PostgreSQL (SQLite runs one write transaction at a time): `update` to change the customer
 * type, `share` to submit an order against it, so an order is never submitted for a customer type that is changing.
 */
export function lockTrialRow(ctx: Ctx, tx: Tx, id: string, mode: 'update' | 'share') {
  return repo.lockTrial(ctx, tx, id, mode);
}

/**
 * Corrects the customer type of an open trial (e.g. a municipality needs the public-sector licence), until an order
 * for it is submitted. A draft or rejected order keeps its licence; submitting it checks the licence against the new type.
 */
export async function updateTrial(ctx: Ctx, actor: Actor, trialId: string, input: { customerType: CustomerType }) {
  return inTransaction(ctx.db, async (tx) => {
    const trial = await lockTrialRow(ctx, tx, (await getTrialRow(tx, actor, trialId)).id, 'update');
    assertTrialUsersOpen(trial, 'change the trial');
    const settled = await orderOfTrialIn(tx, trial.id, ORDER_SETTLED);
    if (settled) {
      throw new ConflictError(`The customer type cannot change: order ${settled.id} is ${settled.status}.`, {
        code: 'trial_has_submitted_order',
        issues: [{ path: ['customerType'], message: `order ${settled.id} is ${settled.status}` }],
      });
    }
    // Nothing changes, so nothing is announced.
    if (trial.customer_type === input.customerType) return (await repo.hydrateTrials(tx, [trial], ctx.clock.now()))[0]!;
    await repo.setCustomerType(tx, trial.id, input.customerType);
    const [view] = await repo.hydrateTrials(tx, [{ ...trial, customer_type: input.customerType }], ctx.clock.now());
    await recordEvent(tx, nowIso(ctx), { type: 'trial.updated', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return view!;
  });
}

// Time-driven steps. Each is a guarded update in its own transaction, so any number of schedulers may run it at once.

/** Running trials within EXPIRING_NOTICE_DAYS of their end that have not been warned. */
export function dueExpiringNotice(ctx: Ctx, limit: number) {
  const cutoff = addDays(ctx.clock.now(), EXPIRING_NOTICE_DAYS).toISOString();
  return repo.dueTrials(ctx.db, { statuses: TRIAL_EXPIRABLE, column: 'ends_at', cutoff, unstamped: 'expiring_notified_at', limit });
}

/** Warns the reseller and the trial's users, once, that the trial ends soon. */
export function warnExpiring(ctx: Ctx, trial: TrialRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now().toISOString();
    if (!(await repo.stampNotice(tx, trial.id, 'expiring_notified_at', trial.status, at))) return false;
    const [view] = await repo.hydrateTrials(tx, [trial], ctx.clock.now());
    await recordEvent(tx, at, { type: 'trial.expiring', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    const reseller = await resellerById(tx, trial.reseller_id);
    const mail = trialExpiring(ctx.branding, { organizationName: view!.organizationName, endsAt: trial.ends_at });
    for (const to of new Set([reseller.contact_email, ...view!.users.map((u) => u.email)])) await queueEmail(tx, at, to, mail, trial.id);
    return true;
  });
}

export function dueToExpire(ctx: Ctx, limit: number) {
  return repo.dueTrials(ctx.db, { statuses: TRIAL_EXPIRABLE, column: 'ends_at', cutoff: ctx.clock.now().toISOString(), limit });
}

export function expireTrial(ctx: Ctx, trial: TrialRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now().toISOString();
    const expired = await moveTrial(tx, trial, 'expired', { expired_at: at });
    if (!expired) return false;
    await revokeSessions(tx, trial.id);
    const [view] = await repo.hydrateTrials(tx, [expired], ctx.clock.now());
    await recordEvent(tx, at, { type: 'trial.expired', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return true;
  });
}

/** Expired trials within PURGE_WARNING_DAYS of their purge that have not been warned. */
export function duePurgeWarning(ctx: Ctx, limit: number) {
  const cutoff = addMonths(addDays(ctx.clock.now(), PURGE_WARNING_DAYS), -PURGE_AFTER_MONTHS).toISOString();
  return repo.dueTrials(ctx.db, { statuses: ['expired'], column: 'expired_at', cutoff, unstamped: 'purge_warned_at', limit });
}

export function warnPurge(ctx: Ctx, trial: TrialRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now().toISOString();
    if (!(await repo.stampNotice(tx, trial.id, 'purge_warned_at', 'expired', at))) return false;
    const purgeAt = addMonths(new Date(trial.expired_at!), PURGE_AFTER_MONTHS).toISOString();
    await recordEvent(tx, at, { type: 'trial.purge_scheduled', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgeAt }, trialId: trial.id });
    return true;
  });
}

/**
 * Six months after expiry, or 30 days after cancellation, the account's personal data is erased (purge/service.ts);
 * the trial row stays as a tombstone for the reseller's history.
 */
export function dueToPurge(ctx: Ctx, from: 'expired' | 'cancelled', limit: number) {
  const now = ctx.clock.now();
  const column = from === 'expired' ? 'expired_at' : 'cancelled_at';
  const cutoff = (from === 'expired' ? addMonths(now, -PURGE_AFTER_MONTHS) : addDays(now, -CANCELLED_PURGE_DAYS)).toISOString();
  return repo.dueTrials(ctx.db, { statuses: [from], column, cutoff, limit });
}

export function purgeTrial(ctx: Ctx, trial: TrialRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now().toISOString();
    if (!(await moveTrial(tx, trial, 'purged', { purged_at: at }))) return false;
    await erasePersonalData(tx, trial.id, { keepAgreements: false });
    await recordEvent(tx, at, { type: 'trial.purged', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgedAt: at }, trialId: trial.id });
    return true;
  });
}
