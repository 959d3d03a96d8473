/** @module The middlewares that open the request scope (see request-scope.ts) and record the authenticated actor in it. */
import type { MiddlewareHandler } from 'hono';
import type { Ctx } from '../app/context.js';
import { scopedDb } from '../request-scope.js';
import type { AppEnv } from './env.js';

/** Gives the request its own scope and a domain context whose database handle carries it; after the request id. */
export function requestContext(ctx: Ctx): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const scope = { requestId: c.get('requestId'), audited: false };
    c.set('scope', scope);
    c.set('ctx', { ...ctx, db: scopedDb(ctx.db, scope) });
    await next();
  };
}

/** Records the authenticated actor in the scope (called right after authentication). */
export function bindActor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.get('scope').actor = c.get('actor');
    await next();
  };
}
