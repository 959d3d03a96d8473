/**
 * @module Abuse limits, each a set of token buckets behind the `Limiter` interface: requests per credential
 * (`RATE_LIMIT` a minute), refused credentials and failed logins per client address (`AUTH_FAILURE_LIMIT` a minute),
 * and password attempts per account and address (`LOGIN_ATTEMPT_LIMIT` per 15 minutes). This file holds the buckets
 * in this process's memory (SQLite: one process serves); PostgreSQL keeps them in the database, shared by every
 * instance (store-limiter.ts). `createLimits` picks by dialect.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DialectName } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { StoreLimiter } from './store-limiter.js';

interface Bucket {
  tokens: number;
  at: number;
}

export interface LimitResult {
  ok: boolean;
  remaining: number;
  /** Seconds until the next token (when refused). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

/** Token buckets by key. `take` is atomic: of two concurrent takes, only one gets the last token. */
export interface Limiter {
  readonly capacity: number;
  /** Takes a token if one is there; a reservation is taken before the attempt it pays for, never after. */
  take(key: string): Promise<LimitResult>;
  /** Gives back a token taken by `take` (the attempt turned out not to count, such as a successful login). */
  refund(key: string): Promise<void>;
}

/** Refills continuously at `capacity / windowMs`, holds at most `capacity` tokens (a window's burst). */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    private readonly now: () => number = Date.now,
    /** Above this many keys, full buckets are dropped: an idle credential costs nothing. */
    private readonly maxKeys = 10_000,
    windowMs = 60_000,
  ) {
    this.perMs = capacity / windowMs;
  }

  private refill(key: string): Bucket {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    return b;
  }

  /** Takes a token if there is one; tells what is left and how long until the next token and a full bucket. */
  take(key: string): LimitResult {
    const b = this.refill(key);
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.prune();
      this.buckets.set(key, b);
    }
    return {
      ok,
      remaining: Math.floor(b.tokens),
      retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)),
      resetSeconds: Math.ceil((this.capacity - b.tokens) / this.perMs / 1000),
    };
  }

  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.capacity, this.refill(key).tokens + 1);
  }

  private prune() {
    for (const key of [...this.buckets.keys()]) if (this.refill(key).tokens >= this.capacity) this.buckets.delete(key);
  }
}

/** A `Limiter` over this process's `TokenBuckets`. */
export class MemoryLimiter implements Limiter {
  private readonly buckets: TokenBuckets;
  constructor(
    readonly capacity: number,
    opts: { windowMs?: number; now?: () => number } = {},
  ) {
    this.buckets = new TokenBuckets(capacity, opts.now, undefined, opts.windowMs);
  }
  async take(key: string) {
    return this.buckets.take(key);
  }
  async refund(key: string) {
    this.buckets.refund(key);
  }
}

/** Every limit of one app; a limit that is off (its setting 0) is null. */
export interface Limits {
  /** Requests per credential, per user session, and per address on the public endpoints. */
  requests: Limiter | null;
  /** Refused credentials and failed logins per client address. */
  failuresByAddress: Limiter | null;
  /** Password attempts per customer account and client address. */
  passwordAttempts: Limiter | null;
}

export const PASSWORD_WINDOW_MS = 15 * 60_000;

/** The longest window of any limit: a bucket untouched this long is full, the same as absent (retention prunes it). */
export const LONGEST_WINDOW_MS = PASSWORD_WINDOW_MS;

type LimitSettings = Pick<Config, 'RATE_LIMIT' | 'AUTH_FAILURE_LIMIT' | 'LOGIN_ATTEMPT_LIMIT'>;

/** The limits from the configuration, each built by `make` (null when its setting is 0). */
function limitsOf(config: LimitSettings, make: (name: string, capacity: number, windowMs: number) => Limiter): Limits {
  const limiter = (name: string, n: number, windowMs = 60_000) => (n > 0 ? make(name, n, windowMs) : null);
  return {
    requests: limiter('requests', config.RATE_LIMIT),
    failuresByAddress: limiter('failures', config.AUTH_FAILURE_LIMIT),
    passwordAttempts: limiter('passwords', config.LOGIN_ATTEMPT_LIMIT, PASSWORD_WINDOW_MS),
  };
}

/** The limits in this process's memory. */
function memoryLimits(config: LimitSettings, now?: () => number): Limits {
  return limitsOf(config, (_name, n, windowMs) => new MemoryLimiter(n, { now, windowMs }));
}

/**
 * The limits of an app by its store: on PostgreSQL in the database, so every instance draws on the same buckets; on
 * SQLite (one serving process) in memory. `now` is the wall clock: a rate is real time, not the scheduler's clock.
 */
export function createLimits(store: { db: Kysely<Database>; dialect: DialectName }, config: LimitSettings, now: () => number = Date.now): Limits {
  if (store.dialect !== 'postgres') return memoryLimits(config, now);
  return limitsOf(config, (name, n, windowMs) => new StoreLimiter(store.db, name, n, { windowMs, now }));
}
