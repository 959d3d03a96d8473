/** @module A trial as the API shows it, and the bounds of its duration. */
import type { Selectable } from 'kysely';
import type { TrialTable } from '../../db/schema.js';
import type { TrialStatus } from '../../lifecycle/machines.js';
import { MAX_ACCOUNT_USERS, type TrialUser } from '../accounts/model.js';
import type { CustomerType } from '../vendor/model.js';

export const DEFAULT_TRIAL_DAYS = 30;
/** The vendor's limit: a trial never runs longer than this in total, extensions included. */
export const MAX_TRIAL_DAYS = 90;
export const MAX_TRIAL_USERS = MAX_ACCOUNT_USERS;

export function toTrial(t: Selectable<TrialTable>, organizationName: string, users: TrialUser[]) {
  return {
    id: t.id,
    organizationId: t.organization_id,
    organizationName,
    customerType: t.customer_type as CustomerType,
    status: t.status as TrialStatus,
    endsAt: t.ends_at,
    expiredAt: t.expired_at,
    createdAt: t.created_at,
    users,
  };
}
export type Trial = ReturnType<typeof toTrial>;
