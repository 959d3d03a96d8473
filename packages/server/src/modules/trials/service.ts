/** @module Trial accounts: created for an organization with invited users, adjusted during the trial, extended or cancelled. */
import { cachedRead } from '../../db/read-cache.js';
import { hydrateTrials, trialPage } from './repo.js';
import { toTrialUser, type Role } from '../accounts/model.js';
import { DEFAULT_TRIAL_DAYS, MAX_TRIAL_DAYS, toTrial } from './model.js';
import { ORGANIZATION_HOLDER, violates } from '../../db/constraints.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import { newId } from '../../ids.js';
import { addDays } from '../../clock.js';
import { invitation } from '../../mail/templates.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../domain/context.js';
import { recordEvent } from '../../domain/outbox.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageParams } from '../../db/pagination.js';
import { requireReseller } from '../access.js';
import { accountOpen, assertTransition, holdsOrganization, sourcesOf } from '../../lifecycle/machines.js';
import type { CustomerType } from '../vendor/model.js';
import { insertRows } from '../../db/insert-rows.js';
import { compiledQuery } from '../../db/compiled-query.js';
import type { Kysely, Selectable } from 'kysely';
import type { Database, TrialTable } from '../../db/schema.js';
import {
  addAccountUser,
  guardDuplicateUser,
  inviteUsers,
  normalizeEmail,
  removeAccountUser,
  revokeSessions,
  updateAccountUser,
  type Account,
} from '../accounts/users.js';


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

  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const org = await organizationRow(tx, actor, input.organizationId);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const trial = {
        id: newId('trial'),
        reseller_id: resellerId,
        organization_id: org.id,
        customer_type: input.customerType,
        status: 'active',
        ends_at: addDays(now, days).toISOString(),
        expiring_notified_at: null,
        expired_at: null,
        purge_warned_at: null,
        purged_at: null,
        converted_at: null,
        cancelled_at: null,
        created_at: at,
        holds_organization: holdsOrganization('active'),
      };
      await insertRows(tx, 'trials', [trial]);
      const invited = await inviteUsers(ctx, tx, trialAccount(trial, org.name), emails.map((email, i) => ({ email, role: input.users[i]!.role ?? 'editor' })));
      // Everything the view shows is in hand: no need to read it back.
      const view = toTrial(trial, org.name, invited.map(toTrialUser).sort((a, b) => (a.id < b.id ? -1 : 1)));
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
  const holder = await ctx.db.selectFrom('trials').select(['id', 'status']).where('organization_id', '=', organizationId).where('holds_organization', '=', 1).executeTakeFirst();
  const which = holder ? ` (${holder.id}, ${holder.status === 'active' ? 'an active trial' : 'a customer'})` : '';
  const reason = `the organization already has an open trial or a customer account${which}`;
  const issues = what ? undefined : [{ path: ['organizationId'], message: `held by ${holder?.id ?? 'another account'}` }];
  return new ConflictError(what ? `Cannot ${what}: ${reason}.` : `The ${reason.slice(4)}.`, { code: 'organization_has_account', issues });
}

/** The organization in the actor's scope: one statement, compiled once. */
type OrganizationRow = { id: string; name: string };
const anyOrganization = compiledQuery<{ organizationId: string }, OrganizationRow>(['organizationId'], (db: Kysely<Database>, p) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', p.organizationId),
);
const organizationInScope = compiledQuery<{ organizationId: string; resellerId: string }, OrganizationRow>(['organizationId', 'resellerId'], (db: Kysely<Database>, p) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', p.organizationId).where('reseller_id', '=', p.resellerId),
);

async function organizationRow(tx: Tx, actor: Actor, organizationId: string) {
  const scope = resellerScope(actor);
  const [row] = scope ? await organizationInScope(tx, { organizationId, resellerId: scope }) : await anyOrganization(tx, { organizationId });
  if (!row) throw new NotFoundError('organization', organizationId);
  return row;
}

/** A trial as an account its users are invited to: the invitation names the trial's end. */
function trialAccount(trial: { id: string; reseller_id: string; ends_at: string }, organizationName: string): Account {
  return { trialId: trial.id, resellerId: trial.reseller_id, invitation: ({ link, role }) => invitation({ organizationName, link, endsAt: trial.ends_at, role }) };
}

export async function getTrialRow(db: Tx, actor: Actor, id: string) {
  let q = db.selectFrom('trials').selectAll().where('id', '=', id);
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('trial', id);
  return row;
}

export async function getTrial(ctx: Ctx, actor: Actor, id: string) {
  const [t] = await hydrateTrials(ctx.db, [await getTrialRow(ctx.db, actor, id)]);
  return t!;
}

export async function listTrials(ctx: Ctx, actor: Actor, p: PageParams & { status?: string; organizationId?: string }) {
  const limit = Math.min(p.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const filter = { resellerId: resellerScope(actor), status: p.status, organizationId: p.organizationId, cursor: p.cursor, limit };
  const page = await cachedRead(ctx.db, ctx.dataVersion, `trials:${JSON.stringify(filter)}`, () => trialPage(ctx.db, ctx.dialect, filter));
  return { data: page.data, nextCursor: page.more ? page.data[page.data.length - 1]!.id : null };
}

/** The trial's users are changed through the trial while it is a trial; once converted, through its customer. */
function assertTrialUsersOpen(trial: { status: string }, what: string) {
  if (!accountOpen(trial.status, null)) throw new ConflictError(`Cannot ${what}: the trial is ${trial.status}.`, { code: 'trial_not_open' });
}

async function organizationName(tx: Tx, organizationId: string) {
  return (await tx.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirstOrThrow()).name;
}

export async function addTrialUser(ctx: Ctx, actor: Actor, trialId: string, input: { email: string; role?: Role }) {
  return guardDuplicateUser(input.email, () =>
    ctx.db.transaction().execute(async (tx) => {
      const trial = await getTrialRow(tx, actor, trialId);
      assertTrialUsersOpen(trial, 'add a user');
      const view = await addAccountUser(ctx, tx, trialAccount(trial, await organizationName(tx, trial.organization_id)), input);
      await recordEvent(tx, nowIso(ctx), { type: 'trial.user_added', resellerId: trial.reseller_id, data: { trialId: trial.id, user: view }, trialId: trial.id });
      return view;
    }),
  );
}

export async function updateTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string, input: { role: Role }) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTrialUsersOpen(trial, 'change a user');
    return updateAccountUser(tx, trial.id, userId, input.role);
  });
}

export async function removeTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string) {
  await ctx.db.transaction().execute(async (tx) => {
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
  return ctx.db.transaction().execute(async (tx) => {
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
    // A new end date earns a new expiry warning.
    const res = await tx
      .updateTable('trials')
      .set({ ends_at: endsAt.toISOString(), expiring_notified_at: null })
      .where('id', '=', trial.id)
      .where('status', '=', 'active')
      .where('ends_at', '=', trial.ends_at)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new ConflictError('The trial changed meanwhile (it expired, was converted, cancelled or extended); read it again.', { code: 'changed_meanwhile' });
    const [view] = await hydrateTrials(tx, [{ ...trial, ends_at: endsAt.toISOString() }]);
    await recordEvent(tx, nowIso(ctx), { type: 'trial.extended', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return view!;
  });
}

export async function cancelTrial(ctx: Ctx, actor: Actor, trialId: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTransition('trial', trial.status, 'cancelled', 'cancel the trial');
    const at = nowIso(ctx);
    const moved = await moveTrial(tx, trial, 'cancelled', { cancelled_at: at });
    if (!moved) throw new ConflictError('The trial changed meanwhile; try again.', { code: 'changed_meanwhile' });
    await revokeSessions(tx, trial.id);
    const [view] = await hydrateTrials(tx, [moved]);
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
  trial: Selectable<TrialTable>,
  to: 'expired' | 'converted' | 'cancelled' | 'purged',
  stamps: Partial<Pick<Selectable<TrialTable>, 'expired_at' | 'converted_at' | 'cancelled_at' | 'purged_at'>>,
): Promise<Selectable<TrialTable> | null> {
  // A trial converts into a live customer: the customer is created in the same transaction.
  const holds = holdsOrganization(to, to === 'converted' ? 'active' : null);
  const res = await tx
    .updateTable('trials')
    .set({ status: to, holds_organization: holds, ...stamps })
    .where('id', '=', trial.id)
    .where('status', '=', trial.status)
    .where('status', 'in', sourcesOf('trial', to))
    .executeTakeFirst();
  return res.numUpdatedRows ? { ...trial, status: to, holds_organization: holds, ...stamps } : null;
}

/**
 * The trial's row, locked on PostgreSQL (SQLite runs one write transaction at a time): `update` to change the customer
 * type, `share` to submit an order against it, so an order is never submitted for a customer type that is changing.
 */
export async function lockTrialRow(ctx: Ctx, tx: Tx, id: string, mode: 'update' | 'share') {
  const q = tx.selectFrom('trials').selectAll().where('id', '=', id);
  if (ctx.dialect === 'sqlite') return q.executeTakeFirstOrThrow();
  return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirstOrThrow();
}

/** Order statuses after which the trial's customer type is settled: the vendor reviews or has approved the licence. */
const SETTLED_ORDER: readonly string[] = ['submitted', 'approved'];

/**
 * Corrects the customer type of an open trial (e.g. a municipality needs the public-sector licence), until an order
 * for it is submitted. A draft or rejected order keeps its licence; submitting it checks the licence against the new type.
 */
export async function updateTrial(ctx: Ctx, actor: Actor, trialId: string, input: { customerType: CustomerType }) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await lockTrialRow(ctx, tx, (await getTrialRow(tx, actor, trialId)).id, 'update');
    assertTrialUsersOpen(trial, 'change the trial');
    const settled = await tx.selectFrom('orders').select(['id', 'status']).where('trial_id', '=', trial.id).where('status', 'in', SETTLED_ORDER).executeTakeFirst();
    if (settled) {
      throw new ConflictError(`The customer type cannot change: order ${settled.id} is ${settled.status}.`, {
        code: 'trial_has_submitted_order',
        issues: [{ path: ['customerType'], message: `order ${settled.id} is ${settled.status}` }],
      });
    }
    // Nothing changes, so nothing is announced.
    if (trial.customer_type === input.customerType) return (await hydrateTrials(tx, [trial]))[0]!;
    await tx.updateTable('trials').set({ customer_type: input.customerType }).where('id', '=', trial.id).execute();
    const [view] = await hydrateTrials(tx, [{ ...trial, customer_type: input.customerType }]);
    await recordEvent(tx, nowIso(ctx), { type: 'trial.updated', resellerId: trial.reseller_id, data: view, trialId: trial.id });
    return view!;
  });
}
