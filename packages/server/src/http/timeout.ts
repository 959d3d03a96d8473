/** @module Request timeout: a request that has not answered in time gets a 503 in our error shape instead of hanging. */
import type { MiddlewareHandler } from 'hono';
import { ServiceUnavailableError } from '../errors.js';
import type { AppEnv } from './env.js';

/**
 * Races the rest of the chain against a timer. The handler is not cancelled (a transaction in flight still commits or
 * rolls back as a whole); clients retry with the same `Idempotency-Key` to learn the outcome. 0 turns it off.
 */
export function requestTimeout(ms: number): MiddlewareHandler<AppEnv> {
  if (ms <= 0) return (_c, next) => next();
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ServiceUnavailableError(`The request took longer than ${Math.round(ms / 1000)} s and was abandoned. Retry it with the same Idempotency-Key.`)), ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
