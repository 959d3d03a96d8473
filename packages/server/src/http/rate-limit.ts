/**
 * @module Abuse limits: a token bucket per credential (`RATE_LIMIT` a minute, a minute's burst) with `RateLimit-*`
 * headers, and a throttle on failed authentication per client address. Buckets live in this process's memory: with
 * N API instances a credential gets at most N × RATE_LIMIT (see docs/operations.md for why that trade-off).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.js';
import type { AppEnv } from './env.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Refills continuously at `perMinute / 60 s`, holds at most `perMinute` tokens (a minute's burst). */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Above this many keys, full buckets are dropped: an idle credential costs nothing. */
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  private refill(key: string): Bucket {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    return b;
  }

  /** Whether a token is there, without taking it. */
  has(key: string): boolean {
    return this.refill(key).tokens >= 1;
  }

  /** Takes a token if there is one; tells what is left and how long until the next token and a full bucket. */
  take(key: string): { ok: boolean; remaining: number; retryAfterSeconds: number; resetSeconds: number } {
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
      resetSeconds: Math.ceil((this.perMinute - b.tokens) / this.perMs / 1000),
    };
  }

  private prune() {
    for (const key of [...this.buckets.keys()]) if (this.refill(key).tokens >= this.perMinute) this.buckets.delete(key);
  }
}

/** Per-credential limit; must run after authentication. `perMinute` 0 turns it off. */
export function rateLimit(perMinute: number, now?: () => number): MiddlewareHandler<AppEnv> {
  if (perMinute <= 0) return (_c, next) => next();
  const buckets = new TokenBuckets(perMinute, now);
  return async (c, next) => {
    const r = buckets.take(c.get('actor').credentialId);
    c.header('RateLimit-Limit', String(perMinute));
    c.header('RateLimit-Remaining', String(r.remaining));
    c.header('RateLimit-Reset', String(r.resetSeconds));
    if (!r.ok) throw new RateLimitedError(`Too many requests for this credential: at most ${perMinute} a minute. Retry after ${r.retryAfterSeconds} s.`, r.retryAfterSeconds);
    await next();
  };
}

/**
 * The socket's peer address. Proxies are not trusted: behind a load balancer every client shares its address, so
 * set the limit with that in mind. In-process requests (tests via `app.request`) have no socket and are not throttled.
 */
export function clientAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return (env?.server ?? env)?.incoming?.socket?.remoteAddress ?? null;
}

/**
 * Failed-authentication throttle: every 401 from an address takes a token; when none is left, every credentialed
 * attempt from that address is refused with 429 before its credential is even looked at, so guessing stops.
 */
export function authFailureThrottle(perMinute: number, now?: () => number): MiddlewareHandler<AppEnv> {
  if (perMinute <= 0) return (_c, next) => next();
  const failures = new TokenBuckets(perMinute, now);
  return async (c, next) => {
    const address = clientAddress(c);
    if (!address) return next();
    if (!failures.has(address)) {
      const r = failures.take(address);
      throw new RateLimitedError('Too many failed authentication attempts from your address. Try again later.', r.retryAfterSeconds);
    }
    await next();
    if (c.res.status === 401) failures.take(address);
  };
}
