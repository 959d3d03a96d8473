/** @module Customer users: redeem the one-time invitation, then log in while the account is open (`accountOpen`). */
import { addDays } from '../../clock.js';
import { AuthenticationError, PermissionDeniedError } from '../../errors.js';
import { newId, newSecret } from '../../ids.js';
import { hashPassword, tokenHash, verifyPassword } from '../../auth/secrets.js';
import type { Ctx } from '../../app/context.js';
import { accountOpen } from '../../lifecycle/machines.js';

export const SESSION_DAYS = 7;

async function openSession(ctx: Ctx, userId: string) {
  const token = newSecret('us_', 32);
  const now = ctx.clock.now();
  const expiresAt = addDays(now, SESSION_DAYS).toISOString();
  await ctx.db.insertInto('user_sessions').values({ id: newId('ses'), token_hash: tokenHash(token), trial_user_id: userId, expires_at: expiresAt, created_at: now.toISOString() }).execute();
  return { token, expiresAt };
}

/** The account's state: its trial's, and its customer's once converted. */
async function accountState(ctx: Ctx, trialId: string) {
  return ctx.db
    .selectFrom('trials')
    .leftJoin('customers', 'customers.trial_id', 'trials.id')
    .select(['trials.status as trialStatus', 'customers.status as customerStatus'])
    .where('trials.id', '=', trialId)
    .executeTakeFirstOrThrow();
}

/** Logging in (and redeeming an invitation) is refused with a 403 once the account is shut. */
async function assertMayLogIn(ctx: Ctx, trialId: string) {
  const { trialStatus, customerStatus } = await accountState(ctx, trialId);
  if (!accountOpen(trialStatus, customerStatus)) {
    const state = trialStatus === 'converted' ? `a ${customerStatus} customer` : `${trialStatus}`;
    throw new PermissionDeniedError(`The account is ${state}; logging in is no longer possible.`);
  }
}

export async function acceptInvitation(ctx: Ctx, token: string, password: string) {
  const now = ctx.clock.now().toISOString();
  const user = await ctx.db.selectFrom('trial_users').selectAll().where('invitation_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!user || !user.invitation_expires_at || user.invitation_expires_at < now) throw new AuthenticationError('The invitation link is invalid, used or expired.');
  await assertMayLogIn(ctx, user.trial_id);
  // Clearing the hash in a guarded update makes the link single-use even when redeemed twice at once.
  const res = await ctx.db
    .updateTable('trial_users')
    .set({ invitation_hash: null, invitation_expires_at: null, password_hash: await hashPassword(password), status: 'active', accepted_at: now })
    .where('id', '=', user.id)
    .where('invitation_hash', '=', user.invitation_hash)
    .executeTakeFirst();
  if (!res.numUpdatedRows) throw new AuthenticationError('The invitation link is invalid, used or expired.');
  const session = await openSession(ctx, user.id);
  return { user: { id: user.id, email: user.email, role: user.role, trialId: user.trial_id }, session };
}

export async function login(ctx: Ctx, email: string, password: string) {
  const users = await ctx.db.selectFrom('trial_users').selectAll().where('email', '=', email.trim().toLowerCase()).where('password_hash', 'is not', null).execute();
  for (const user of users) {
    if (!(await verifyPassword(password, user.password_hash!))) continue;
    await assertMayLogIn(ctx, user.trial_id);
    const session = await openSession(ctx, user.id);
    return { user: { id: user.id, email: user.email, role: user.role, trialId: user.trial_id }, session };
  }
  throw new AuthenticationError('Wrong e-mail address or password.');
}

/**
 * Resolves a user session; sessions die with expiry, removal, and with the account: expiry, cancellation or purge of
 * the trial, cancellation of the customer. The account's state is checked on every request, not only at login.
 */
export async function resolveUserSession(ctx: Ctx, token: string) {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .selectFrom('user_sessions')
    .innerJoin('trial_users', 'trial_users.id', 'user_sessions.trial_user_id')
    .innerJoin('trials', 'trials.id', 'trial_users.trial_id')
    .leftJoin('customers', 'customers.trial_id', 'trials.id')
    .select([
      'trial_users.id as userId',
      'trial_users.email',
      'trial_users.role',
      'trials.id as trialId',
      'trials.status',
      'customers.status as customerStatus',
      'trials.organization_id as organizationId',
      'trials.reseller_id as resellerId',
      'user_sessions.expires_at',
    ])
    .where('user_sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now || !accountOpen(row.status, row.customerStatus)) return null;
  return row;
}
