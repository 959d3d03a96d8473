/** @module Customer users: redeem the one-time invitation, then log in while the account is open (`accountOpen`). */
import { addDays } from '../../clock.js';
import { AuthenticationError, PermissionDeniedError } from '../../errors.js';
import { newId, newSecret } from '../../ids.js';
import { hashPassword, tokenHash, verifyPassword } from '../../auth/secrets.js';
import type { Ctx } from '../../app/context.js';
import * as repo from './repo.js';
import { accountOpen } from '../../lifecycle/machines.js';
import { normalizeEmail } from './users.js';
import { recordLogin } from './activity.js';

export const SESSION_DAYS = 7;

async function openSession(ctx: Ctx, userId: string) {
  const token = newSecret('us_', 32);
  const now = ctx.clock.now();
  const expiresAt = addDays(now, SESSION_DAYS).toISOString();
  await repo.insertSession(ctx.db, { id: newId('ses'), token_hash: tokenHash(token), trial_user_id: userId, expires_at: expiresAt, created_at: now.toISOString() });
  return { token, expiresAt };
}

/** Logging in (and redeeming an invitation) is refused with a 403 once the account is shut. */
async function assertMayLogIn(ctx: Ctx, trialId: string) {
  const { trialStatus, customerStatus } = await repo.accountState(ctx.db, trialId);
  if (!accountOpen(trialStatus, customerStatus)) {
    const state = trialStatus === 'converted' ? `a ${customerStatus} customer` : `${trialStatus}`;
    throw new PermissionDeniedError(`The account is ${state}; logging in is no longer possible.`);
  }
}

export async function acceptInvitation(ctx: Ctx, token: string, password: string) {
  const now = ctx.clock.now().toISOString();
  const user = await repo.userByInvitation(ctx.db, tokenHash(token));
  if (!user || !user.invitation_expires_at || user.invitation_expires_at < now) throw new AuthenticationError('The invitation link is invalid, used or expired.');
  await assertMayLogIn(ctx, user.trial_id);
  const redeemed = await repo.redeemInvitation(ctx.db, user, await hashPassword(password), now);
  if (!redeemed) throw new AuthenticationError('The invitation link is invalid, used or expired.');
  const session = await openSession(ctx, user.id);
  return { user: { id: user.id, email: user.email, role: user.role, trialId: user.trial_id }, session };
}

export async function login(ctx: Ctx, email: string, password: string) {
  const users = await repo.loginCandidates(ctx.db, normalizeEmail(email));
  for (const user of users) {
    if (!(await verifyPassword(password, user.password_hash!))) continue;
    await assertMayLogIn(ctx, user.trial_id);
    const session = await openSession(ctx, user.id);
    await recordLogin(ctx, user.id);
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
  const row = await repo.sessionByToken(ctx.db, tokenHash(token));
  if (!row || row.expires_at < now || !accountOpen(row.status, row.customerStatus)) return null;
  return row;
}
