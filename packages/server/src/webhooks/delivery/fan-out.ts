/**
 * @module Fan-out: in the transaction that records an event, one delivery row per enabled endpoint that wants it. The
 * rows this app's worker has room for are written leased to it and handed over at COMMIT (handoff.ts); the rest are
 * claimed from the table, by a worker woken by NOTIFY (PostgreSQL) or by this app's (SQLite).
 */
import { sql } from 'kysely';
import type { Tx } from '../../app/context.js';
import type { DialectName } from '../../db/connect.js';
import { newId } from '../../ids.js';
import { insertRows } from '../../db/insert-rows.js';
import { compiledQuery } from '../../db/sqlite/compiled-query.js';
import { afterCommit } from '../../db/commit-hooks.js';
import { executeDeferred } from '../../db/work-handle.js';
import type { Endpoint } from './attempt.js';
import type { DeliveryHandoff, HandedDelivery } from './handoff.js';
import { WEBHOOK_CHANNEL } from './listen.js';
import type { EventSubscriber } from '../../outbox/record.js';


export interface FanOutEvent {
  id: string;
  type: string;
  resellerId: string | null;
  data: unknown;
  /** `data` as the event row stores it, when the caller has it already. */
  json?: string;
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
    .selectAll()
    .where('enabled', '=', 1)
    .where((w) => w.or([w('reseller_id', '=', p.resellerId), w('reseller_id', 'is', null)])),
);
const vendorEndpoints = compiledQuery<Record<string, never>, Endpoint>([], (db) => db.selectFrom('webhook_endpoints').selectAll().where('enabled', '=', 1).where('reseller_id', 'is', null));

/** The outbox subscriber that writes an event's deliveries in its transaction: an event is never recorded without them. */
export function webhookFanOut(dialect: DialectName, handoff: DeliveryHandoff): EventSubscriber {
  // No async wrapper of its own: one promise less per event.
  return (tx, e) => fanOutEvent(tx, e.at, e, dialect, handoff);
}

async function fanOutEvent(tx: Tx, at: string, e: FanOutEvent, dialect: DialectName, handoff: DeliveryHandoff): Promise<number> {
  const endpoints = e.resellerId ? await resellerAndVendorEndpoints(tx, { resellerId: e.resellerId }) : await vendorEndpoints(tx, {});
  const targets = endpoints.filter((ep) => wantsEvent(ep, e));
  if (targets.length === 0) return 0;
  // A worker of this app takes what its lines have room for, leased to it from the start.
  const taker = handoff.taker;
  const handed: HandedDelivery[] = [];
  const hooked = taker ? await afterCommit(tx, (committed) => taker.settle(committed, handed)) : false;
  const leaseUntil = taker ? new Date(Date.parse(at) + taker.leaseMs).toISOString() : null;
  const event = { id: e.id, type: e.type, data: e.json ?? JSON.stringify(e.data), created_at: at };
  const rows = targets.map((ep) => {
    const leased = hooked && taker!.reserve(ep.id);
    const row = { id: newId('msg'), endpoint_id: ep.id, event_id: e.id, event_type: e.type, status: 'pending', retrying: 0, attempts: 0, next_attempt_at: at, lease_until: leased ? leaseUntil : null, lease_owner: leased ? taker!.owner : null, created_at: at };
    if (leased) handed.push({ delivery: { ...row, last_status: null, last_error: null, last_attempt_at: null, succeeded_at: null }, endpoint: ep, event });
    return row;
  });
  await insertRows(tx, 'webhook_deliveries', rows);
  // Only rows left to a claim need a worker woken: a NOTIFY for handed rows would send every listening worker to claim
  // nothing. Delivered at COMMIT anyway, it goes with the transaction's buffered writes (db/postgres/write-behind.ts).
  if (handed.length === rows.length) return targets.length;
  if (dialect === 'postgres') await executeDeferred(tx, sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`.compile(tx));
  else handoff.queued(rows.filter((r) => r.lease_owner === null).map((r) => r.endpoint_id));
  return targets.length;
}
