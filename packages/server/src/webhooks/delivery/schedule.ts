/** @module When to try a failed delivery again: the configured schedule with jitter, or the receiver's Retry-After. */

/** The longest wait a receiver's Retry-After may ask for. */
const MAX_RETRY_AFTER_S = 24 * 3600;

/** Seconds from `Retry-After` (delta-seconds or an HTTP date), or undefined when absent or unusable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let s: number;
  if (/^\d+$/.test(v)) s = Number(v);
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    s = Math.ceil((at - now.getTime()) / 1000);
  }
  return s > 0 ? Math.min(s, MAX_RETRY_AFTER_S) : undefined;
}

/**
 * The next attempt after `attempts` failed ones, or null when the schedule is spent. Jitter adds up to 10 % so that
 * receivers coming back from an outage are not hit by every retry in the same second.
 */
export function nextAttemptAt(schedule: number[], attempts: number, now: Date, retryAfterS?: number, random = Math.random): Date | null {
  const base = schedule[attempts - 1];
  if (base === undefined) return null;
  const seconds = retryAfterS ?? base * (1 + 0.1 * random());
  return new Date(now.getTime() + Math.round(seconds * 1000));
}
