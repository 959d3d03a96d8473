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

/** The user columns every view of a user reads: who it is and what it has done (trials/engagement.ts counts them). */
export const USER_VIEW_COLUMNS = ['id', 'email', 'role', 'status', 'accepted_at', 'last_activity_at', 'last_edit_at', 'plan_edits'] as const;
type UserViewRow = Pick<Selectable<TrialUserTable>, (typeof USER_VIEW_COLUMNS)[number]>;

export function toTrialUser(u: UserViewRow) {
  return {
    id: u.id,
    email: u.email,
    role: u.role as Role,
    status: u.status as UserStatus,
    acceptedAt: u.accepted_at,
    lastActivityAt: u.last_activity_at,
    lastEditAt: u.last_edit_at,
    planEdits: Number(u.plan_edits),
  };
}
export type TrialUser = ReturnType<typeof toTrialUser>;
