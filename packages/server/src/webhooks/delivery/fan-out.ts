/**
 * @module Fan-out: in the transaction that records an event, one delivery row per enabled endpoint that wants it. The
 * rows this app's worker has room for are written leased to it and handed over at COMMIT (handoff.ts); the rest are
 * claimed from the table, by a worker woken by NOTIFY (PostgreSQL) or by this app's (SQLite). SQLite reads the
 * endpoints and writes the rows it chose; PostgreSQL chooses them in the INSERT itself, which goes with the
 * transaction's other writes as one statement (db/postgres/write-behind.ts).
 */
import { CompiledQuery, sql } from 'kysely';
import type { Tx } from '../../app/context.js';
import type { DialectName } from '../../db/connect.js';
import { ID_ALPHABET, newId, newIdStem } from '../../ids.js';
import { insertRows } from '../../db/insert-rows.js';
import { compiledQuery } from '../../db/sqlite/compiled-query.js';
import { afterCommit } from '../../db/commit-hooks.js';
import { executeDeferred } from '../../db/work-handle.js';
import type { Endpoint } from './attempt.js';
import { DELIVERY_COLUMNS, type Delivery } from './claim.js';
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

/**
 * Wants the event: an empty filter means every type; `webhook.test` goes only to the endpoint under test. PostgreSQL
 * applies the same rule in SQL (`wantingEndpoints` below); webhooks-fan-out.test.ts holds the two to the same choice.
 */
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

async function fanOutEvent(tx: Tx, at: string, e: FanOutEvent, dialect: DialectName, handoff: DeliveryHandoff): Promise<unknown> {
  // PostgreSQL picks the endpoints in the write itself, one statement that goes with the transaction's other writes,
  // not a read before them; the rows leased to a worker of this app come back from that write.
  if (dialect === 'postgres' && e.type !== 'webhook.test') return fanOutInSql(tx, at, e, handoff);
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

/**
 * The endpoints that want an event of type $n, as `enabled = 1` and `wantsEvent` choose them (webhook.test aside): the
 * event's reseller's and the vendor's, with an empty filter or one that names the type. `$r` the reseller (or null).
 */
const wantingEndpoints = (r: string, n: string) =>
  `"webhook_endpoints" where enabled = 1 and (reseller_id = ${r} or reseller_id is null) and (jsonb_array_length(enabled_events::jsonb) = 0 or enabled_events::jsonb ? ${n})`;
/** Row numbers as id characters: three number 32 768 endpoints, far more than an event's (MAX_ENDPOINTS per owner). */
const ID_SUFFIX = 3;
const BASE = ID_ALPHABET.length;
/**
 * One delivery per wanting endpoint, each id the stem ($1) completed with the row's number in the id alphabet ($2),
 * leased to this app's worker when $8 names it. No literals: write-behind declines SQL with a quoted `$` before a
 * placeholder.
 */
const INSERT_WANTED = `insert into "webhook_deliveries" ("id", "endpoint_id", "event_id", "event_type", "status", "retrying", "attempts", "next_attempt_at", "created_at", "lease_owner", "lease_until") select $1 || substr($2, n / ${BASE * BASE} % ${BASE} + 1, 1) || substr($2, n / ${BASE} % ${BASE} + 1, 1) || substr($2, n % ${BASE} + 1, 1), id, $3, $4, $5, 0, 0, $6, $6, $8, $9 from (select id, (row_number() over (order by id) - 1)::int as n from ${wantingEndpoints('$7', '$4')}) targets`;
/**
 * INSERT_WANTED for rows leased to this app's worker: they come back, each with its endpoint as the write saw it, when
 * the statement that carries the insert has run (executeDeferred), so the worker starts them at COMMIT without reading
 * them back.
 */
const INSERT_WANTED_RETURNING = `${INSERT_WANTED} returning ${DELIVERY_COLUMNS.join(', ')}, (select to_json(ep) from "webhook_endpoints" ep where ep.id = "webhook_deliveries".endpoint_id) as endpoint`;
/** Wakes the workers when the event has a delivery at all (NOTIFY fires at COMMIT). */
const NOTIFY_IF_WANTED = `select pg_notify($1, $2) where exists (select 1 from ${wantingEndpoints('$3', '$4')})`;

async function fanOutInSql(tx: Tx, at: string, e: FanOutEvent, handoff: DeliveryHandoff): Promise<void> {
  const resellerId = e.resellerId ?? null;
  const taker = handoff.taker?.accepting() ? handoff.taker : undefined;
  const event = { id: e.id, type: e.type, data: e.json ?? JSON.stringify(e.data), created_at: at };
  const handed: HandedDelivery[] = [];
  const leased = taker ? await afterCommit(tx, (committed) => committed && taker.take(handed)) : false;
  const lease = leased ? [taker!.owner, new Date(Date.parse(at) + taker!.leaseMs).toISOString()] : [null, null];
  const parameters = [newIdStem('msg', ID_SUFFIX), ID_ALPHABET, e.id, e.type, 'pending', at, resellerId, ...lease];
  if (leased) {
    // Rows leased to this app's worker need no other worker woken.
    await executeDeferred(tx, CompiledQuery.raw(INSERT_WANTED_RETURNING, parameters), (rows) => {
      for (const { endpoint, ...delivery } of rows) handed.push({ delivery: delivery as unknown as Delivery, endpoint: endpoint as Endpoint, event });
    });
    return;
  }
  await executeDeferred(tx, CompiledQuery.raw(INSERT_WANTED, parameters));
  await executeDeferred(tx, CompiledQuery.raw(NOTIFY_IF_WANTED, [WEBHOOK_CHANNEL, '', resellerId, e.type]));
}
