/**
 * @module Abuse limits, each a set of token buckets behind the `Limiter` interface: requests per credential
 * (`RATE_LIMIT` a minute), refused credentials and failed logins per client address (`AUTH_FAILURE_LIMIT` a minute),
 * and password attempts per account and address (`LOGIN_ATTEMPT_LIMIT` per 15 minutes). The buckets live in this
 * process's memory: with N API instances a credential gets at most N × RATE_LIMIT (docs/operations.md says why); a
 * store shared by the instances can implement the same interface.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { RateLimitedError } from '../errors.js';
import type { AppEnv } from './env.js';

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

export function memoryLimits(config: Pick<Config, 'RATE_LIMIT' | 'AUTH_FAILURE_LIMIT' | 'LOGIN_ATTEMPT_LIMIT'>, now?: () => number): Limits {
  const limiter = (n: number, windowMs?: number) => (n > 0 ? new MemoryLimiter(n, { now, windowMs }) : null);
  return {
    requests: limiter(config.RATE_LIMIT),
    failuresByAddress: limiter(config.AUTH_FAILURE_LIMIT),
    passwordAttempts: limiter(config.LOGIN_ATTEMPT_LIMIT, PASSWORD_WINDOW_MS),
  };
}

/**
 * The client's address. With `trustProxy` hops, the hops-th entry from the right of X-Forwarded-For (each trusted proxy
 * appends the address it got the request from; anything further left is the client's own say and may be forged);
 * without, the socket's peer. In-process requests (tests via `app.request`) have neither and are not limited by address.
 */
export function clientAddress(c: Context, trustProxy: number): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  const peer = (env?.server ?? env)?.incoming?.socket?.remoteAddress ?? null;
  if (trustProxy === 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return peer;
  return forwarded[Math.max(0, forwarded.length - trustProxy)]!;
}

/** Sets the app's limits and the client's address on every request. */
export function limitContext(limits: Limits, trustProxy: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('limits', limits);
    c.set('clientAddress', clientAddress(c, trustProxy));
    await next();
  };
}

/**
 * Charges a request to its bucket, with `RateLimit-*` headers; over the limit, a 429 with Retry-After. `bucketOf`
 * names the bucket (null: not limited here).
 */
export function rateLimit(bucketOf: (c: Context<AppEnv>) => string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.get('limits').requests;
    const bucket = limiter && bucketOf(c);
    if (!limiter || !bucket) return next();
    const r = await limiter.take(bucket);
    c.header('RateLimit-Limit', String(limiter.capacity));
    c.header('RateLimit-Remaining', String(r.remaining));
    c.header('RateLimit-Reset', String(r.resetSeconds));
    if (!r.ok) throw new RateLimitedError(`Too many requests for this credential: at most ${limiter.capacity} a minute. Retry after ${r.retryAfterSeconds} s.`, r.retryAfterSeconds);
    await next();
  };
}
