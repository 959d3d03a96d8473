/** @module Engagement where trials are shown and closed: on a page of trials, as the list's filter, and at close. */
import { DAY_MS } from '../../clock.js';
import type { Tx } from '../../app/context.js';
import { listAccountUsers } from '../accounts/users.js';
import { ENGAGEMENT_WINDOW_DAYS, type EngagementLevel } from './engagement.js';
import { engagementOf, type Engagement, type UserActivity } from './engagement-facts.js';
import type { EngagementFilter } from './engagement-filter.js';

/** The list's page comes from the read cache: the level is counted afresh, at `now`, for every answer. */
export function withEngagement<T extends { users: UserActivity[] }>(trials: T[], now: Date): (T & { engagement: Engagement })[] {
  return trials.map((t) => ({ ...t, engagement: engagementOf(t.users, now) }));
}

export function engagementFilter(levels: EngagementLevel[] | undefined, now: Date): EngagementFilter | undefined {
  if (!levels?.length) return undefined;
  return { levels: [...new Set(levels)].sort(), cutoff: new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS).toISOString() };
}

/** The level the trial had when it converted or expired, kept for the conversion statistics. */
export async function levelAtClose(tx: Tx, trialId: string, at: Date): Promise<EngagementLevel> {
  return engagementOf(await listAccountUsers(tx, trialId), at).level;
}
