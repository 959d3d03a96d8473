/** @module The middlewares that open the request scope (see request-scope.ts) and record the authenticated actor in it. */
import type { MiddlewareHandler } from 'hono';
import { requestScopeStorage as storage } from '../request-scope.js';
import type { AppEnv } from './env.js';

export { currentRequest } from '../request-scope.js';

/** Runs the rest of the chain inside a fresh context; must sit after the request id middleware. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return (c, next) => storage.run({ requestId: c.get('requestId'), audited: false }, next);
}

/** Records the authenticated actor in the context (called right after authentication). */
export function bindActor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const store = storage.getStore();
    if (store) store.actor = c.get('actor');
    await next();
  };
}
