/** @module A trial as the API shows it, and the bounds of its duration. */
import type { Selectable } from 'kysely';
import type { TrialTable } from '../../db/schema.js';
import type { TrialStatus } from '../../lifecycle/machines.js';
import { MAX_ACCOUNT_USERS, type TrialUser } from '../accounts/model.js';
import type { CustomerType } from '../vendor/model.js';
import { engagementOf } from './engagement-facts.js';

export { ENGAGEMENT_LEVELS, type EngagementLevel } from './engagement.js';

export const DEFAULT_TRIAL_DAYS = 30;
/** The vendor's limit: a trial never runs longer than this in total, extensions included. */
export const MAX_TRIAL_DAYS = 90;
export const MAX_TRIAL_USERS = MAX_ACCOUNT_USERS;

/** Days before the end at which the trial's users and reseller are warned. */
export const EXPIRING_NOTICE_DAYS = 3;
/** An expired trial's data is kept this long, so the customer can still order, then purged. */
export const PURGE_AFTER_MONTHS = 6;
export const PURGE_WARNING_DAYS = 14;
/**
 * A cancelled trial can never be used or ordered again: its personal data goes after this grace period (time for the
 * reseller to look back at it), without a warning, since there is nothing the customer could do about it.
 */
export const CANCELLED_PURGE_DAYS = 30;
/** A cancelled customer's personal data is kept as long as an expired trial's, then purged; the accounts stay. */
export const CANCELLED_CUSTOMER_PURGE_MONTHS = PURGE_AFTER_MONTHS;

/** `now` decides the engagement's 7-day window. */
export function toTrial(t: Pick<Selectable<TrialTable>, 'id' | 'organization_id' | 'customer_type' | 'status' | 'ends_at' | 'expired_at' | 'created_at'>, organizationName: string, users: TrialUser[], now: Date) {
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
    engagement: engagementOf(users, now),
  };
}
export type Trial = ReturnType<typeof toTrial>;
