/** @module A trial's engagement as the API shows it: counted from its users' activity, levelled by engagement.ts. */
import { DAY_MS } from '../../clock.js';
import { ENGAGEMENT_WINDOW_DAYS, engagementLevel, type EngagementLevel } from './engagement.js';

/** What each user row says about its activity (accounts/model.ts `toTrialUser`). */
export interface UserActivity {
  acceptedAt: string | null;
  lastActivityAt: string | null;
  lastEditAt: string | null;
  planEdits: number;
}

export interface Engagement {
  invited: number;
  accepted: number;
  activeUsers7d: number;
  lastActivityAt: string | null;
  planEdits: number;
  level: EngagementLevel;
}

export function engagementOf(users: readonly UserActivity[], now: Date): Engagement {
  const inWindow = (at: string | null) => at !== null && now.getTime() - Date.parse(at) < ENGAGEMENT_WINDOW_DAYS * DAY_MS;
  const lastActivityAt = users.reduce<string | null>((last, u) => (u.lastActivityAt !== null && (last === null || u.lastActivityAt > last) ? u.lastActivityAt : last), null);
  const facts = {
    invited: users.length,
    accepted: users.filter((u) => u.acceptedAt !== null).length,
    activeUsers7d: users.filter((u) => inWindow(u.lastActivityAt)).length,
    planEdits7dUsers: users.filter((u) => inWindow(u.lastEditAt)).length,
    lastActivityAt,
    now,
  };
  const { planEdits7dUsers: _, now: __, ...shown } = facts;
  return { ...shown, planEdits: users.reduce((n, u) => n + u.planEdits, 0), level: engagementLevel(facts) };
}
