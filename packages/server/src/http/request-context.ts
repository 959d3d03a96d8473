/** @module Per-request context (who acts, which request) carried by AsyncLocalStorage so the outbox can audit without new parameters. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../domain/context.js';
import type { AppEnv } from './env.js';

export interface RequestContext {
  requestId: string;
  /** Set by authentication; absent on public endpoints (a customer user accepting an invitation). */
  actor?: Actor;
  /** True once the request wrote an audit row inside a transaction; the fallback in the audit middleware then stays quiet. */
  audited: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, or undefined for background work (scheduler, workers, CLI). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

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
