/** @module Fan-out: in the transaction that records an event, one delivery row per enabled endpoint that wants it. */
import { EventEmitter } from 'node:events';
import { sql, PostgresAdapter } from 'kysely';
import type { Tx } from '../domain/context.js';
import { newId } from '../ids.js';
import { insertRows } from '../db/insert-rows.js';
import { compiledQuery } from '../db/compiled-query.js';

/** The PostgreSQL channel workers LISTEN on; NOTIFY inside the transaction fires only at commit. */
export const WEBHOOK_CHANNEL = 'resellerkit_webhooks';

/**
 * SQLite's stand-in for NOTIFY, for workers in this process: emits `queued` with the endpoint ids. It fires before the
 * commit, which is safe: SQLite has one connection per process, the worker claims after the current event-loop turn,
 * and its claim (a transaction of its own) returns no rows before the COMMIT that also commits this write.
 */
export const deliveriesQueued = new EventEmitter<{ queued: [endpointIds: string[]] }>().setMaxListeners(0);

export interface FanOutEvent {
  id: string;
  type: string;
  resellerId: string | null;
  data: unknown;
}

/** Wants the event: an empty filter means every type; `webhook.test` goes only to the endpoint under test. */
export function wantsEvent(endpoint: { id: string; enabled_events: string }, e: Pick<FanOutEvent, 'type' | 'data'>): boolean {
  if (e.type === 'webhook.test') return (e.data as { id?: string } | null)?.id === endpoint.id;
  const filter = JSON.parse(endpoint.enabled_events) as string[];
  return filter.length === 0 || filter.includes(e.type);
}

/** The event's own reseller's endpoints and the vendor's (reseller_id null), which see every reseller's events. */
const resellerAndVendorEndpoints = compiledQuery<{ resellerId: string }, Endpoint>(['resellerId'], (db, p) =>
  db
    .selectFrom('webhook_endpoints')
    .select(['id', 'enabled_events'])
    .where('enabled', '=', 1)
    .where((w) => w.or([w('reseller_id', '=', p.resellerId), w('reseller_id', 'is', null)])),
);
const vendorEndpoints = compiledQuery<Record<string, never>, Endpoint>([], (db) => db.selectFrom('webhook_endpoints').select(['id', 'enabled_events']).where('enabled', '=', 1).where('reseller_id', 'is', null));
type Endpoint = { id: string; enabled_events: string };

export async function fanOutEvent(tx: Tx, at: string, e: FanOutEvent): Promise<number> {
  const endpoints = e.resellerId ? await resellerAndVendorEndpoints(tx, { resellerId: e.resellerId }) : await vendorEndpoints(tx, {});
  const targets = endpoints.filter((ep) => wantsEvent(ep, e));
  if (targets.length === 0) return 0;
  await insertRows(
    tx,
    'webhook_deliveries',
    targets.map((ep) => ({ id: newId('msg'), endpoint_id: ep.id, event_id: e.id, event_type: e.type, status: 'pending', retrying: 0, attempts: 0, next_attempt_at: at, created_at: at })),
  );
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`.execute(tx);
  else deliveriesQueued.emit('queued', targets.map((ep) => ep.id));
  return targets.length;
}
