import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../clock.js';
import { engagementLevel, InvalidEngagementFacts, isInactive, quietSince, type EngagementFacts, type EngagementLevel } from './engagement.js';

const now = new Date('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const SEVEN_DAYS = 7 * DAY_MS;

const base: EngagementFacts = { invited: 3, accepted: 0, activeUsers7d: 0, planEdits7dUsers: 0, lastActivityAt: null, now };

describe('engagementLevel', () => {
  const cases: [string, Partial<EngagementFacts>, EngagementLevel][] = [
    ['nobody invited', { invited: 0 }, 'none'],
    ['invited, nobody accepted', {}, 'none'],
    ['nobody accepted, whatever the counts say', { activeUsers7d: 2, planEdits7dUsers: 2, lastActivityAt: ago(1000) }, 'none'],
    ['accepted long ago, quiet since', { accepted: 1, lastActivityAt: ago(30 * DAY_MS) }, 'low'],
    ['accepted, no activity time recorded', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 2 }, 'low'],
    ['one user accepted just now', { accepted: 1, activeUsers7d: 1, lastActivityAt: ago(0) }, 'low'],
    ['one user reading daily', { accepted: 3, activeUsers7d: 1, lastActivityAt: ago(DAY_MS) }, 'low'],
    ['one user edited', { accepted: 1, activeUsers7d: 1, planEdits7dUsers: 1, lastActivityAt: ago(DAY_MS) }, 'medium'],
    ['two users active, none edited', { accepted: 2, activeUsers7d: 2, lastActivityAt: ago(DAY_MS) }, 'medium'],
    ['two users edited', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 2, lastActivityAt: ago(DAY_MS) }, 'high'],
    ['three users edited', { accepted: 3, activeUsers7d: 3, planEdits7dUsers: 3, lastActivityAt: ago(DAY_MS) }, 'high'],
    // The window's edge: activity exactly 7 days old is outside it, a millisecond younger is inside.
    ['two editors, last activity 7 days minus 1 ms ago', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 2, lastActivityAt: ago(SEVEN_DAYS - 1) }, 'high'],
    ['two editors, last activity exactly 7 days ago', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 2, lastActivityAt: ago(SEVEN_DAYS) }, 'low'],
    ['one editor, last activity exactly 7 days ago', { accepted: 1, activeUsers7d: 1, planEdits7dUsers: 1, lastActivityAt: ago(SEVEN_DAYS) }, 'low'],
    ['activity stamped a little ahead of this clock', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 1, lastActivityAt: ago(-5000) }, 'medium'],
    ['lastActivityAt as a Date', { accepted: 2, activeUsers7d: 2, planEdits7dUsers: 2, lastActivityAt: new Date(now.getTime() - DAY_MS) }, 'high'],
  ];
  it.each(cases)('%s → %s', (_name, facts, level) => {
    expect(engagementLevel({ ...base, ...facts })).toBe(level);
  });

  it.each([
    ['invited', -1],
    ['accepted', 1.5],
    ['activeUsers7d', Number.NaN],
    ['planEdits7dUsers', Number.POSITIVE_INFINITY],
  ] as const)('refuses %s = %s', (key, value) => {
    expect(() => engagementLevel({ ...base, [key]: value })).toThrow(InvalidEngagementFacts);
    expect(() => engagementLevel({ ...base, [key]: value })).toThrow(key);
  });

  it('refuses a time that is no time', () => {
    expect(() => engagementLevel({ ...base, accepted: 1, lastActivityAt: 'yesterday' })).toThrow(InvalidEngagementFacts);
  });
});

describe('isInactive and quietSince', () => {
  const startedAt = ago(20 * DAY_MS);
  const cases: [string, string | null, string, boolean][] = [
    ['used an hour ago', ago(3_600_000), startedAt, false],
    ['quiet 7 days minus 1 ms', ago(SEVEN_DAYS - 1), startedAt, false],
    ['quiet exactly 7 days', ago(SEVEN_DAYS), startedAt, true],
    ['quiet 12 days', ago(12 * DAY_MS), startedAt, true],
    ['never used, started 6 days ago', null, ago(6 * DAY_MS), false],
    ['never used, started exactly 7 days ago', null, ago(SEVEN_DAYS), true],
    ['never used, started 20 days ago', null, startedAt, true],
  ];
  it.each(cases)('%s → inactive %s', (_name, lastActivityAt, started, inactive) => {
    expect(isInactive({ lastActivityAt, startedAt: started, now })).toBe(inactive);
  });

  it('a spell starts at the last activity, or at the start when nobody has done anything', () => {
    expect(quietSince({ lastActivityAt: ago(9 * DAY_MS), startedAt }).toISOString()).toBe(ago(9 * DAY_MS));
    expect(quietSince({ lastActivityAt: null, startedAt }).toISOString()).toBe(startedAt);
    // Activity older than the trial (a user carried over) cannot start a spell before the trial existed.
    expect(quietSince({ lastActivityAt: ago(30 * DAY_MS), startedAt }).toISOString()).toBe(startedAt);
  });

  it('one quiet spell keeps one start however often the scheduler looks, and a new activity starts another', () => {
    const last = ago(8 * DAY_MS);
    const seen = [0, DAY_MS, 5 * DAY_MS].map((later) => ({
      inactive: isInactive({ lastActivityAt: last, startedAt, now: new Date(now.getTime() + later) }),
      since: quietSince({ lastActivityAt: last, startedAt }).toISOString(),
    }));
    expect(new Set(seen.map((s) => s.since)).size).toBe(1);
    expect(seen.every((s) => s.inactive)).toBe(true);
    const next = quietSince({ lastActivityAt: ago(0), startedAt }).toISOString();
    expect(next).not.toBe(seen[0]!.since);
    expect(isInactive({ lastActivityAt: next, startedAt, now })).toBe(false);
  });
});
