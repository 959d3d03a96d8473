/** @module The middlewares that open the request's scope and record the authenticated actor in it. */
import type { MiddlewareHandler } from 'hono';
import type { Ctx, RequestScope, Work } from '../app/context.js';
import { WorkDb } from '../db/work-handle.js';
import type { AppEnv } from './env.js';

/**
 * Gives the request its own scope and a context whose handle carries it (with the app's work), so whatever the request
 * writes through it knows who acts; after the request id.
 */
export function requestContext(ctx: Ctx): MiddlewareHandler<AppEnv> {
  const db = ctx.db;
  if (!(db instanceof WorkDb)) throw new Error("The app needs the AppContext's handle (app/services.ts) as ctx.db.");
  const work = db.work as Work;
  return async (c, next) => {
    const scope: RequestScope = { requestId: c.get('requestId'), audited: false };
    c.set('scope', scope);
    c.set('ctx', { ...ctx, db: db.withWork<Work>({ ...work, request: scope }) });
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
