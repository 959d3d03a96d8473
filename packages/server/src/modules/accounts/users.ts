/**
 * @module The users of an account: a trial, and the customer it became, share one set of users (`trial_users`).
 * Adding one sends a one-time invitation; removing one revokes access at once. Trials and customers call these after
 * checking, with `accountOpen`, that the account's users may be changed.
 */
import { addDays } from '../../clock.js';
import { ACCOUNT_USER_EMAIL, violates } from '../../db/constraints.js';
import { DEFAULT_ROLE, MAX_ACCOUNT_USERS, toTrialUser, type Role, type TrialUser } from './model.js';
import { tokenHash } from '../../auth/secrets.js';
import { ConflictError, NotFoundError, RateLimitedError, UnprocessableError } from '../../errors.js';
import { newId, newSecret } from '../../ids.js';
import { queueEmails } from '../../mail/outbox.js';
import type { MailMessage } from '../../mail/outbox.js';
import { type Branding } from '../../mail/render/index.js';
import type { Ctx, Tx } from '../../app/context.js';
import { refreshSearchText } from '../search/repo.js';
import * as repo from './repo.js';

export const INVITATION_VALID_DAYS = 14;
export { MAX_ACCOUNT_USERS };

/** The account users are invited to: its trial row's id and reseller, and the invitation mail it sends. */
export interface Account {
  trialId: string;
  resellerId: string;
  /** Drawn with the vendor's branding from configuration, which the account does not carry. */
  invitation: (brand: Branding, p: { link: string; role: Role }) => MailMessage;
}

export const normalizeEmail = (e: string) => e.trim().toLowerCase();

/** Adds the user rows and queues their invitation mails with one-time links: one statement each, however many users. */
export async function inviteUsers(ctx: Ctx, tx: Tx, account: Account, invitees: { email: string; role: Role }[]) {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const expires = addDays(now, INVITATION_VALID_DAYS).toISOString();
  const brand = ctx.branding;
  const rows = invitees.map(({ email, role }) => {
    const { hash, link } = newInvitation(ctx);
    const user = {
      id: newId('tu'),
      trial_id: account.trialId,
      reseller_id: account.resellerId,
      email,
      role,
      status: 'invited',
      invitation_hash: hash,
      invitation_expires_at: expires,
      password_hash: null,
      accepted_at: null,
      created_at: at,
      last_activity_at: null,
      last_edit_at: null,
      plan_edits: 0,
      invitation_resent_at: null,
    };
    return { user, mail: { to: email, msg: account.invitation(brand, { link, role }) } };
  });
  await repo.insertUsers(tx, rows.map((r) => r.user));
  await queueEmails(tx, at, rows.map((r) => r.mail), account.trialId);
  return rows.map((r) => r.user);
}

/** A one-time invitation: the token goes into the link, only its digest into the store. */
function newInvitation(ctx: Ctx) {
  const token = newSecret('inv_', 32);
  return { token, hash: tokenHash(token), link: `${ctx.config.PUBLIC_URL}/invitations/accept?token=${encodeURIComponent(token)}` };
}

/** An invitation is resent at most once in this period per user (issue 20): a reseller can nudge, not spam. */
export const RESEND_INTERVAL_MS = 86_400_000;

/**
 * Sends a never-accepted invitation again with a fresh link (the old one stops working) and a fresh validity. The
 * guarded update is the limit: two resends at once cannot both pass it.
 */
export async function resendInvitation(ctx: Ctx, tx: Tx, account: Account, userId: string): Promise<TrialUser> {
  const now = ctx.clock.now();
  const inv = newInvitation(ctx);
  const expires = addDays(now, INVITATION_VALID_DAYS).toISOString();
  const notSince = new Date(now.getTime() - RESEND_INTERVAL_MS).toISOString();
  if (!(await repo.reissueInvitation(tx, userId, account.trialId, { hash: inv.hash, expiresAt: expires, at: now.toISOString(), notSince }))) {
    const user = await repo.findUserForResend(tx, account.trialId, userId);
    if (!user) throw new NotFoundError('user', userId);
    if (user.status !== 'invited') throw new ConflictError(`${user.email} has already accepted the invitation.`, { code: 'invalid_state' });
    const retryAfter = Math.max(1, Math.ceil((Date.parse(user.invitation_resent_at!) + RESEND_INTERVAL_MS - now.getTime()) / 1000));
    throw new RateLimitedError(`The invitation to ${user.email} was already resent in the last 24 hours; try again in ${Math.ceil(retryAfter / 3600)} h.`, retryAfter);
  }
  const user = (await repo.findUser(tx, account.trialId, userId))!;
  await queueEmails(tx, now.toISOString(), [{ to: user.email, msg: account.invitation(ctx.branding, { link: inv.link, role: user.role as Role }) }], account.trialId);
  return toTrialUser(user);
}

export async function listAccountUsers(db: Tx, trialId: string): Promise<TrialUser[]> {
  return (await repo.usersOf(db, trialId)).map(toTrialUser);
}

export async function addAccountUser(ctx: Ctx, tx: Tx, account: Account, input: { email: string; role?: Role }): Promise<TrialUser> {
  const email = normalizeEmail(input.email);
  if ((await repo.countUsers(tx, account.trialId)) >= MAX_ACCOUNT_USERS) {
    throw new UnprocessableError(`An account has at most ${MAX_ACCOUNT_USERS} users.`, { code: 'too_many_users', issues: [{ path: ['email'], message: `at most ${MAX_ACCOUNT_USERS} users` }] });
  }
  if (await repo.hasUser(tx, account.trialId, email)) throw duplicateUser(email);
  const user = (await inviteUsers(ctx, tx, account, [{ email, role: input.role ?? DEFAULT_ROLE }]))[0]!;
  await refreshSearchText(tx, [account.trialId]);
  return toTrialUser(user);
}

/** The 409 for an address that is already a user, also when two requests add it at once (the unique index decides). */
export function duplicateUser(email: string): ConflictError {
  return new ConflictError(`${email} is already a user of this account.`, { code: 'user_exists', issues: [{ path: ['email'], message: 'already a user of this account' }] });
}

/** Runs `work`, turning a lost race on the unique (account, e-mail) into the same 409 as the check before it. */
export async function guardDuplicateUser<T>(email: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (violates(e, ACCOUNT_USER_EMAIL)) throw duplicateUser(normalizeEmail(email));
    throw e;
  }
}

export async function updateAccountUser(tx: Tx, trialId: string, userId: string, role: Role): Promise<TrialUser> {
  const user = await repo.findUser(tx, trialId, userId);
  if (!user) throw new NotFoundError('user', userId);
  await repo.setRole(tx, userId, role);
  return toTrialUser({ ...user, role });
}

/** Removing a user revokes access at once: the row, its sessions and its unused invitation go. */
export async function removeAccountUser(tx: Tx, trialId: string, userId: string): Promise<TrialUser> {
  const user = await repo.findUser(tx, trialId, userId);
  if (!user) throw new NotFoundError('user', userId);
  await repo.deleteUser(tx, userId);
  await refreshSearchText(tx, [trialId]);
  return toTrialUser(user);
}

/** Ends every session of the account's users: expiry, cancellation (trial or customer) and purge. */
export async function revokeSessions(tx: Tx, trialId: string) {
  await repo.deleteSessionsOf(tx, trialId);
}
