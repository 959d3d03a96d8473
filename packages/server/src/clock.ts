/** @module Time as a dependency: the service reads `now()` from an injected clock so expiry and renewals are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; tests and demos drive expiry and renewals with it. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string = new Date()) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * DAY_MS);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
}

export const DAY_MS = 86_400_000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Calendar arithmetic for licence years and the purge window (months vary in length). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export function addYears(at: Date, years: number): Date {
  return addMonths(at, years * 12);
}
