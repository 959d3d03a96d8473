/**
 * @module Who acts in which request, carried by AsyncLocalStorage so the outbox can audit without new parameters.
 * Neutral ground: the HTTP layer fills it in, the domain reads it, neither imports the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './domain/context.js';

export interface RequestScope {
  requestId: string;
  /** Set by authentication; absent on public endpoints (a customer user accepting an invitation). */
  actor?: Actor;
  /** True once the request wrote an audit row inside a transaction; the fallback in the audit middleware then stays quiet. */
  audited: boolean;
}

export const requestScopeStorage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request being served, or undefined for background work (scheduler, workers, CLI). */
export function currentRequest(): RequestScope | undefined {
  return requestScopeStorage.getStore();
}
