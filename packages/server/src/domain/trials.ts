/** @module Trial accounts: created for an organization with invited users, adjusted during the trial, extended or cancelled. */
import { cachedRead } from '../db/read-cache.js';
import { hydrateTrials, trialPage } from '../db/trial-reads.js';
import { toTrial, toTrialUser } from '../db/mappers.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import { newId, newSecret } from '../ids.js';
import { addDays } from '../clock.js';
import { tokenHash } from '../auth/secrets.js';
import { invitation } from '../mail/templates.js';
import { queueEmails } from '../mail/outbox.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from './context.js';
import { recordEvent } from './outbox.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageParams } from './pagination.js';
import { requireReseller } from './permissions.js';
import { assertTransition, TRIAL_OPEN } from './state-machines.js';
import type { CustomerType } from './vendor.js';
import { insertRows } from '../db/insert-rows.js';
import { compiledQuery } from '../db/compiled-query.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const DEFAULT_TRIAL_DAYS = 30;
/** The vendor's limit: a trial never runs longer than this in total, extensions included. */
export const MAX_TRIAL_DAYS = 90;
export const INVITATION_VALID_DAYS = 14;
export const MAX_TRIAL_USERS = 50;

export type Role = 'editor' | 'reader';
export interface NewTrial {
  organizationId: string;
  customerType: CustomerType;
  users: { email: string; role?: Role }[];
  durationDays?: number;
}

const normalizeEmail = (e: string) => e.trim().toLowerCase();

export async function createTrial(ctx: Ctx, actor: Actor, input: NewTrial) {
  const resellerId = requireReseller(actor);
  const emails = input.users.map((u) => normalizeEmail(u.email));
  const dup = emails.find((e, i) => emails.indexOf(e) !== i);
  if (dup) throw new UnprocessableError(`The e-mail address ${dup} is listed twice.`, [{ path: ['users'], message: `duplicate e-mail ${dup}` }]);
  const days = input.durationDays ?? DEFAULT_TRIAL_DAYS;
  if (days > MAX_TRIAL_DAYS) throw new UnprocessableError(`A trial may last at most ${MAX_TRIAL_DAYS} days.`, [{ path: ['durationDays'], message: `at most ${MAX_TRIAL_DAYS}` }]);

  return ctx.db.transaction().execute(async (tx) => {
    const org = await organizationWithHolding(tx, actor, input.organizationId);
    if (org.holding) throw new ConflictError(`The organization already has a trial or customer account (${org.holding}).`);
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
    };
    await insertRows(tx, 'trials', [trial]);
    const invited = await inviteUsers(ctx, tx, trial, org.name, emails.map((email, i) => ({ email, role: input.users[i]!.role ?? 'editor' })));
    // Everything the view shows is in hand: no need to read it back.
    const view = toTrial(trial, org.name, invited.map(toTrialUser).sort((a, b) => (a.id < b.id ? -1 : 1)));
    await recordEvent(tx, at, { type: 'trial.created', resellerId, data: view });
    return view;
  });
}

/**
 * The organization in the actor's scope, with the trial that already holds it (active, or converted into a customer
 * account) if there is one: one query on the hot path of trial creation instead of two.
 */
/** The organization, and the open trial or customer account already holding it: one statement, compiled once. */
const organizationQuery = (db: Kysely<Database>, organizationId: string) =>
  db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name'])
    .select((eb) => eb.selectFrom('trials as t').select('t.id').whereRef('t.organization_id', '=', 'o.id').where('t.status', 'in', ['active', 'converted']).limit(1).as('holding'))
    .where('o.id', '=', organizationId);
type OrganizationRow = { id: string; name: string; holding: string | null };
const anyOrganization = compiledQuery<{ organizationId: string }, OrganizationRow>(['organizationId'], (db, p) => organizationQuery(db, p.organizationId));
const organizationInScope = compiledQuery<{ organizationId: string; resellerId: string }, OrganizationRow>(['organizationId', 'resellerId'], (db, p) =>
  organizationQuery(db, p.organizationId).where('o.reseller_id', '=', p.resellerId),
);

async function organizationWithHolding(tx: Tx, actor: Actor, organizationId: string) {
  const scope = resellerScope(actor);
  const [row] = scope ? await organizationInScope(tx, { organizationId, resellerId: scope }) : await anyOrganization(tx, { organizationId });
  if (!row) throw new NotFoundError('organization', organizationId);
  return row;
}

/** Adds the user rows and queues their invitation mails with one-time links: one statement each, however many users. */
async function inviteUsers(ctx: Ctx, tx: Tx, trial: { id: string; reseller_id: string; ends_at: string }, orgName: string, invitees: { email: string; role: Role }[]) {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const expires = addDays(now, INVITATION_VALID_DAYS).toISOString();
  const rows = invitees.map(({ email, role }) => {
    const token = newSecret('inv_', 32);
    const user = {
      id: newId('tu'),
      trial_id: trial.id,
      reseller_id: trial.reseller_id,
      email,
      role,
      status: 'invited',
      invitation_hash: tokenHash(token),
      invitation_expires_at: expires,
      password_hash: null,
      accepted_at: null,
      created_at: at,
    };
    const link = `${ctx.config.PUBLIC_URL}/invitations/accept?token=${encodeURIComponent(token)}`;
    return { user, mail: { to: email, msg: invitation({ organizationName: orgName, link, endsAt: trial.ends_at, role }) } };
  });
  await insertRows(tx, 'trial_users', rows.map((r) => r.user));
  await queueEmails(tx, at, rows.map((r) => r.mail));
  return rows.map((r) => r.user);
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

function assertOpen(trial: { status: string }, what: string) {
  if (!TRIAL_OPEN.includes(trial.status)) throw new ConflictError(`Cannot ${what}: the trial is ${trial.status}.`);
}

export async function addTrialUser(ctx: Ctx, actor: Actor, trialId: string, input: { email: string; role?: Role }) {
  const email = normalizeEmail(input.email);
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertOpen(trial, 'add a user');
    const count = await tx.selectFrom('trial_users').select((eb) => eb.fn.countAll<number>().as('n')).where('trial_id', '=', trial.id).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_TRIAL_USERS) throw new UnprocessableError(`A trial has at most ${MAX_TRIAL_USERS} users.`);
    const exists = await tx.selectFrom('trial_users').select('id').where('trial_id', '=', trial.id).where('email', '=', email).executeTakeFirst();
    if (exists) throw new ConflictError(`${email} is already a user of this trial.`);
    const org = await tx.selectFrom('organizations').select('name').where('id', '=', trial.organization_id).executeTakeFirstOrThrow();
    const user = (await inviteUsers(ctx, tx, trial, org.name, [{ email, role: input.role ?? 'editor' }]))[0]!;
    const view = { id: user.id, email, role: user.role as Role, status: 'invited' as const };
    await recordEvent(tx, user.created_at, { type: 'trial.user_added', resellerId: trial.reseller_id, data: { trialId: trial.id, user: view } });
    return view;
  });
}

export async function updateTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string, input: { role: Role }) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertOpen(trial, 'change a user');
    const user = await tx.selectFrom('trial_users').selectAll().where('id', '=', userId).where('trial_id', '=', trial.id).executeTakeFirst();
    if (!user) throw new NotFoundError('trial user', userId);
    await tx.updateTable('trial_users').set({ role: input.role }).where('id', '=', userId).execute();
    return { id: user.id, email: user.email, role: input.role, status: user.status as 'invited' | 'active' };
  });
}

/** Removing a user revokes access at once: the row, its sessions and its unused invitation go. */
export async function removeTrialUser(ctx: Ctx, actor: Actor, trialId: string, userId: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertOpen(trial, 'remove a user');
    const user = await tx.selectFrom('trial_users').select(['id', 'email', 'role', 'status']).where('id', '=', userId).where('trial_id', '=', trial.id).executeTakeFirst();
    if (!user) throw new NotFoundError('trial user', userId);
    await tx.deleteFrom('user_sessions').where('trial_user_id', '=', userId).execute();
    await tx.deleteFrom('trial_users').where('id', '=', userId).execute();
    await recordEvent(tx, nowIso(ctx), { type: 'trial.user_removed', resellerId: trial.reseller_id, data: { trialId: trial.id, user } });
  });
}

export async function extendTrial(ctx: Ctx, actor: Actor, trialId: string, input: { days: number }) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertOpen(trial, 'extend the trial');
    const endsAt = addDays(new Date(trial.ends_at), input.days);
    const limit = addDays(new Date(trial.created_at), MAX_TRIAL_DAYS);
    if (endsAt > limit) {
      throw new UnprocessableError(`A trial may last at most ${MAX_TRIAL_DAYS} days; it can end ${limit.toISOString().slice(0, 10)} at the latest.`, [
        { path: ['days'], message: `at most ${Math.floor((limit.getTime() - new Date(trial.ends_at).getTime()) / 86_400_000)} more days` },
      ]);
    }
    // A new end date earns a new expiry warning.
    await tx.updateTable('trials').set({ ends_at: endsAt.toISOString(), expiring_notified_at: null }).where('id', '=', trial.id).where('status', '=', 'active').execute();
    const [view] = await hydrateTrials(tx, [{ ...trial, ends_at: endsAt.toISOString() }]);
    await recordEvent(tx, nowIso(ctx), { type: 'trial.extended', resellerId: trial.reseller_id, data: view });
    return view!;
  });
}

export async function cancelTrial(ctx: Ctx, actor: Actor, trialId: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    assertTransition('trial', trial.status, 'cancelled', 'cancel the trial');
    const at = nowIso(ctx);
    const res = await tx.updateTable('trials').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', trial.id).where('status', '=', trial.status).executeTakeFirst();
    if (!res.numUpdatedRows) throw new ConflictError('The trial changed meanwhile; try again.');
    await revokeSessions(tx, trial.id);
    const [view] = await hydrateTrials(tx, [{ ...trial, status: 'cancelled', cancelled_at: at }]);
    await recordEvent(tx, at, { type: 'trial.cancelled', resellerId: trial.reseller_id, data: view });
    return view!;
  });
}

export async function revokeSessions(tx: Tx, trialId: string) {
  await tx
    .deleteFrom('user_sessions')
    .where('trial_user_id', 'in', (eb) => eb.selectFrom('trial_users').select('id').where('trial_id', '=', trialId))
    .execute();
}
