/** @module The account users' SQL: users, their invitations and sessions, and the state of the account they belong to. */
import type { Selectable } from 'kysely';
import { insertRows } from '../../db/insert-rows.js';
import type { TrialUserTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';
import { USER_VIEW_COLUMNS } from './model.js';

export type UserRow = Selectable<TrialUserTable>;
const VIEW = USER_VIEW_COLUMNS;

export async function insertUsers(tx: Tx, rows: UserRow[]): Promise<void> {
  await insertRows(tx, 'trial_users', rows);
}

export function usersOf(db: Tx, trialId: string) {
  return db.selectFrom('trial_users').select([...VIEW]).where('trial_id', '=', trialId).orderBy('id').execute();
}

export async function countUsers(db: Tx, trialId: string): Promise<number> {
  const row = await db.selectFrom('trial_users').select((eb) => eb.fn.countAll<number>().as('n')).where('trial_id', '=', trialId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasUser(db: Tx, trialId: string, email: string): Promise<boolean> {
  return !!(await db.selectFrom('trial_users').select('id').where('trial_id', '=', trialId).where('email', '=', email).executeTakeFirst());
}

export function findUser(db: Tx, trialId: string, userId: string) {
  return db.selectFrom('trial_users').select([...VIEW]).where('id', '=', userId).where('trial_id', '=', trialId).executeTakeFirst();
}

export async function setRole(tx: Tx, userId: string, role: string): Promise<void> {
  await tx.updateTable('trial_users').set({ role }).where('id', '=', userId).execute();
}

/** The user row, its sessions and its unused invitation go. */
export async function deleteUser(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('user_sessions').where('trial_user_id', '=', userId).execute();
  await tx.deleteFrom('trial_users').where('id', '=', userId).execute();
}

/** Ends every session of the account's users. */
export async function deleteSessionsOf(tx: Tx, trialId: string): Promise<void> {
  await tx
    .deleteFrom('user_sessions')
    .where('trial_user_id', 'in', (eb) => eb.selectFrom('trial_users').select('id').where('trial_id', '=', trialId))
    .execute();
}

export async function insertSession(db: Tx, row: { id: string; token_hash: string; trial_user_id: string; expires_at: string; created_at: string }): Promise<void> {
  await db.insertInto('user_sessions').values(row).execute();
}

/** The account's state: its trial's, and its customer's once converted. */
export function accountState(db: Tx, trialId: string) {
  return db
    .selectFrom('trials')
    .leftJoin('customers', 'customers.trial_id', 'trials.id')
    .select(['trials.status as trialStatus', 'customers.status as customerStatus'])
    .where('trials.id', '=', trialId)
    .executeTakeFirstOrThrow();
}

export function userByInvitation(db: Tx, invitationHash: string): Promise<UserRow | undefined> {
  return db.selectFrom('trial_users').selectAll().where('invitation_hash', '=', invitationHash).executeTakeFirst();
}

/**
 * Redeems the invitation: clearing the hash in a guarded update makes the link single-use even when redeemed twice
 * at once. False when another redemption came first.
 */
export async function redeemInvitation(db: Tx, user: UserRow, passwordHash: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('trial_users')
    .set({ invitation_hash: null, invitation_expires_at: null, password_hash: passwordHash, status: 'active', accepted_at: at, last_activity_at: at })
    .where('id', '=', user.id)
    .where('invitation_hash', '=', user.invitation_hash)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Users with this address that have set a password (one per account they belong to). */
export function loginCandidates(db: Tx, email: string): Promise<UserRow[]> {
  return db.selectFrom('trial_users').selectAll().where('email', '=', email).where('password_hash', 'is not', null).execute();
}

/** The session with its user and the account's state, by the token's digest. */
export function sessionByToken(db: Tx, tokenHash: string) {
  return db
    .selectFrom('user_sessions')
    .innerJoin('trial_users', 'trial_users.id', 'user_sessions.trial_user_id')
    .innerJoin('trials', 'trials.id', 'trial_users.trial_id')
    .leftJoin('customers', 'customers.trial_id', 'trials.id')
    .select([
      'trial_users.id as userId',
      'trial_users.email',
      'trial_users.role',
      'trial_users.last_activity_at as lastActivityAt',
      'trials.id as trialId',
      'trials.status',
      'customers.status as customerStatus',
      'trials.organization_id as organizationId',
      'trials.reseller_id as resellerId',
      'user_sessions.expires_at',
    ])
    .where('user_sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Moves the user's last activity to `at`; with `staleBefore`, only when it is older (a coalesced plan read). */
export async function touchActivity(db: Tx, userId: string, at: string, staleBefore?: string): Promise<void> {
  let q = db.updateTable('trial_users').set({ last_activity_at: at }).where('id', '=', userId);
  if (staleBefore) q = q.where((eb) => eb.or([eb('last_activity_at', 'is', null), eb('last_activity_at', '<', staleBefore)]));
  await q.execute();
}

export async function recordEdit(tx: Tx, userId: string, at: string): Promise<void> {
  await tx
    .updateTable('trial_users')
    .set((eb) => ({ plan_edits: eb('plan_edits', '+', 1), last_edit_at: at, last_activity_at: at }))
    .where('id', '=', userId)
    .execute();
}

/** A fresh invitation for a user still invited, unless one was resent since `notSince`; false when refused. */
export async function reissueInvitation(tx: Tx, userId: string, trialId: string, p: { hash: string; expiresAt: string; at: string; notSince: string }): Promise<boolean> {
  const res = await tx
    .updateTable('trial_users')
    .set({ invitation_hash: p.hash, invitation_expires_at: p.expiresAt, invitation_resent_at: p.at })
    .where('id', '=', userId)
    .where('trial_id', '=', trialId)
    .where('status', '=', 'invited')
    .where((eb) => eb.or([eb('invitation_resent_at', 'is', null), eb('invitation_resent_at', '<=', p.notSince)]))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export function findUserForResend(db: Tx, trialId: string, userId: string) {
  return db.selectFrom('trial_users').select(['email', 'status', 'invitation_resent_at']).where('id', '=', userId).where('trial_id', '=', trialId).executeTakeFirst();
}
