/** @module An account's users as the API shows them: their roles and whether they have accepted their invitation. */
import type { Selectable } from 'kysely';
import type { TrialUserTable } from '../../db/schema.js';

/** An editor may change the plan; a reader only reads it. */
export const ROLES = ['editor', 'reader'] as const;
export type Role = (typeof ROLES)[number];
/** The role of a user invited without one (the API documents it as the default). */
export const DEFAULT_ROLE: Role = 'editor';

/** An account (a trial, and the customer it became) has at most this many users. */
export const MAX_ACCOUNT_USERS = 50;

/** A user is invited until the invitation is redeemed. */
export const USER_STATUSES = ['invited', 'active'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function toTrialUser(u: Pick<Selectable<TrialUserTable>, 'id' | 'email' | 'role' | 'status'>) {
  return { id: u.id, email: u.email, role: u.role as Role, status: u.status as UserStatus };
}
export type TrialUser = ReturnType<typeof toTrialUser>;
