/**
 * @module The abuse limits at the HTTP edge: the client's address, the app's limits on every request, and the
 * per-credential charge with its `RateLimit-*` headers. The buckets themselves are in limits/.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.js';
import type { Limits } from '../limits/limiter.js';
import type { AppEnv } from './env.js';

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
