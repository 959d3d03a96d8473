/**
 * @module How much a trial's people use it, as a level a reseller can act on (issue 20). Pure: the caller counts the
 * activity and passes the clock's `now`; docs/engagement.md states the same rules for resellers.
 *
 * Rules, in order, first match wins (the window is the 7 days before `now`; activity at `t` is in it when
 * `now - t < 7 days`):
 *   none    nobody has accepted an invitation;
 *   low     nothing happened in the window (`lastActivityAt` outside it: the clock decides, whatever the counts say);
 *   high    two or more people edited the plan in the window;
 *   medium  one person edited the plan in the window, or two or more people were active in it;
 *   low     otherwise: one person was active in the window without editing.
 * A trial is inactive once 7 days have passed since its last activity (or since it started, if nobody has done
 * anything yet): exactly the trials whose window is empty, so `trial.inactive` and `low` agree at the boundary.
 */
import { DAY_MS } from '../../clock.js';

export const ENGAGEMENT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

/** The window the recent counts cover, and the quiet spell that makes a trial inactive: one constant, so they agree. */
export const ENGAGEMENT_WINDOW_DAYS = 7;
const WINDOW_MS = ENGAGEMENT_WINDOW_DAYS * DAY_MS;

export interface EngagementFacts {
  /** Users invited to the trial (still on it). */
  invited: number;
  /** Of those, users who accepted their invitation. */
  accepted: number;
  /** Distinct users with any activity (accept, login, plan read or edit) in the window. */
  activeUsers7d: number;
  /** Distinct users who edited the plan (save or import) in the window. */
  planEdits7dUsers: number;
  /** The trial's latest activity by anyone, or null when there has been none. */
  lastActivityAt: Date | string | null;
  now: Date;
}

/** A count that is no count (negative, fractional) or a time that is no time: a caller's bug. */
export class InvalidEngagementFacts extends Error {
  override readonly name = 'InvalidEngagementFacts';
}

export function engagementLevel(facts: EngagementFacts): EngagementLevel {
  check(facts);
  if (facts.accepted === 0) return 'none';
  if (!withinWindow(facts.lastActivityAt, facts.now)) return 'low';
  if (facts.planEdits7dUsers >= 2) return 'high';
  if (facts.planEdits7dUsers === 1 || facts.activeUsers7d >= 2) return 'medium';
  return 'low';
}

/**
 * When the trial's current quiet spell began: its last activity, or its start when nobody has done anything yet. A
 * nudge keyed by the trial and this instant goes out once per spell, however many scheduler runs see it.
 */
export function quietSince(p: { lastActivityAt: Date | string | null; startedAt: Date | string }): Date {
  const started = toDate(p.startedAt);
  if (p.lastActivityAt === null) return started;
  const last = toDate(p.lastActivityAt);
  return last > started ? last : started;
}

/** No activity for 7 days (counted from the start for a trial nobody has used yet). */
export function isInactive(p: { lastActivityAt: Date | string | null; startedAt: Date | string; now: Date }): boolean {
  return p.now.getTime() - quietSince(p).getTime() >= WINDOW_MS;
}

function withinWindow(at: Date | string | null, now: Date): boolean {
  return at !== null && now.getTime() - toDate(at).getTime() < WINDOW_MS;
}

function toDate(at: Date | string): Date {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new InvalidEngagementFacts(`not a time: ${String(at)}`);
  return d;
}

/**
 * Only the counts' shape is checked: their relations (an editor is also active, a removed user's activity may still
 * be counted) are the caller's to define.
 */
function check(f: EngagementFacts): void {
  for (const key of ['invited', 'accepted', 'activeUsers7d', 'planEdits7dUsers'] as const) {
    if (!Number.isInteger(f[key]) || f[key] < 0) throw new InvalidEngagementFacts(`${key} must be a whole number ≥ 0, got ${f[key]}`);
  }
}
