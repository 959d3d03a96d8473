/**
 * @module Who acts in which request, carried on the request's database handle so the outbox can audit without new
 * parameters: every transaction opened from the handle carries it too. Neutral ground: the HTTP layer fills it in,
 * the domain reads it, neither imports the other. (AsyncLocalStorage did this before; its promise hooks on every
 * await cost about a sixth of a write request's CPU.)
 */
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Actor, Tx } from './domain/context.js';
import type { Database } from './db/schema.js';

export interface RequestScope {
  requestId: string;
  /** Set by authentication; absent on public endpoints (a customer user accepting an invitation). */
  actor?: Actor;
  /** True once the request wrote an audit row inside a transaction; the fallback in the audit middleware then stays quiet. */
  audited: boolean;
}

/** A plugin only in name: it changes no query, it rides along with the executor into every transaction. */
class ScopeCarrier implements KyselyPlugin {
  constructor(readonly scope: RequestScope) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A handle on the same database whose queries and transactions belong to this request. */
export function scopedDb(db: Kysely<Database>, scope: RequestScope): Kysely<Database> {
  return db.withPlugin(new ScopeCarrier(scope));
}

/** The request a handle (or a transaction opened from it) serves; undefined for background work (scheduler, workers, CLI). */
export function requestScopeOf(db: Tx): RequestScope | undefined {
  for (const p of db.getExecutor().plugins) if (p instanceof ScopeCarrier) return p.scope;
  return undefined;
}
