/**
 * @module Who acts in which request, carried on the request's database handle so the outbox can audit without new
 * parameters: every transaction opened from the handle carries it too. Neutral ground: the HTTP layer fills it in,
 * the domain reads it, neither imports the other. (AsyncLocalStorage did this before; its promise hooks on every
 * await cost about a sixth of a write request's CPU.)
 */
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Actor, Tx } from './app/context.js';
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
  constructor(
    readonly scope: RequestScope,
    readonly store: Kysely<Database>,
  ) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A handle on the same database whose queries and transactions belong to this request. */
export function scopedDb(db: Kysely<Database>, scope: RequestScope): Kysely<Database> {
  return db.withPlugin(new ScopeCarrier(scope, storeOf(db)));
}

/**
 * The store's own handle behind a request's: what per-store caches key on (each request's handle is a new object, and
 * a cache keyed on it would miss every time).
 */
export function storeOf(db: Kysely<Database>): Kysely<Database> {
  return carrierOf(db)?.store ?? db;
}

function carrierOf(db: Tx): ScopeCarrier | undefined {
  for (const p of db.getExecutor().plugins) if (p instanceof ScopeCarrier) return p;
  return undefined;
}

/** The request a handle (or a transaction opened from it) serves; undefined for background work (scheduler, workers, CLI). */
export function requestScopeOf(db: Tx): RequestScope | undefined {
  return carrierOf(db)?.scope;
}

/** A WeakMap keyed by the store behind a handle, so per-store caches are shared by every request's handle. */
export class StoreMap<V> {
  private readonly map = new WeakMap<Kysely<Database>, V>();
  get(db: Kysely<Database>): V | undefined {
    return this.map.get(storeOf(db));
  }
  set(db: Kysely<Database>, value: V): void {
    this.map.set(storeOf(db), value);
  }
  delete(db: Kysely<Database>): void {
    this.map.delete(storeOf(db));
  }
}
