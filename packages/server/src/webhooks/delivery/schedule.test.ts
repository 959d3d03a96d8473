/** @module The retry schedule: jitter within 10 %, Retry-After in both forms, and the end of the schedule. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE } from '../../config.js';
import { nextAttemptAt, parseRetryAfter } from './schedule.js';

const now = new Date('2026-05-01T12:00:00.000Z');

describe('nextAttemptAt', () => {
  it('follows the schedule with up to 10 % jitter and ends after the last step', () => {
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, now, undefined, () => 0)!.getTime() - now.getTime()).toBe(5_000);
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, now, undefined, () => 0.999)!.getTime() - now.getTime()).toBe(5_500);
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 9, now, undefined, () => 0)!.getTime() - now.getTime()).toBe(86_400_000);
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 10, now)).toBeNull();
  });

  it('takes Retry-After instead of the schedule step', () => {
    expect(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, now, 120)!.toISOString()).toBe('2026-05-01T12:02:00.000Z');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['Fri, 01 May 2026 12:10:00 GMT', 600],
    ['0', undefined],
    ['Thu, 30 Apr 2026 12:00:00 GMT', undefined],
    ['soon', undefined],
    [null, undefined],
    ['999999', 86_400],
  ])('%s → %s', (header, seconds) => expect(parseRetryAfter(header, now)).toBe(seconds));
});
