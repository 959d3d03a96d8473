/** @module One delivery attempt: sign, send, then log the attempt and move the delivery (and maybe its endpoint) on, in one transaction. */
import { CompiledQuery, sql, type Selectable } from 'kysely';
import { getActiveSigningKey } from '../../auth/signing-keys.js';
import type { WebhookEndpointTable } from '../../db/schema.js';
import type { Ctx, Tx } from '../../app/context.js';
import { newId } from '../../ids.js';
import { insertRows } from '../../db/insert-rows.js';
import { compiledSqlOf } from '../../db/compiled-sql.js';
import { compiledQuery } from '../../db/sqlite/compiled-query.js';
import { executeCompiled } from '../../db/work-handle.js';
import { queueEmail } from '../../mail/outbox.js';
import type { Delivery } from './claim.js';
import { disablePendingDeliveries } from '../endpoints/repo.js';
import { endpointDisabled, type Branding } from '../../mail/render/index.js';
import { nextAttemptAt, parseRetryAfter } from './schedule.js';
import { signatureHeaders, webhookBody } from '../sign.js';
import type { SendResult, Transport } from './send.js';

/** An endpoint failing without a single success for this long is switched off. */
export const AUTO_DISABLE_MS = 5 * 86_400_000;

export type Endpoint = Selectable<WebhookEndpointTable>;
export interface EventRow {
  id: string;
  type: string;
  data: string;
  created_at: string;
}

export type Recorder = (d: Delivery, ep: Endpoint, r: SendResult) => Promise<void>;

/** `onSent` runs once the receiver has answered (or failed), before the outcome is stored: the endpoint's slot is free then. */
export async function attemptDelivery(ctx: Ctx, owner: string, transport: Transport, record: Recorder, d: Delivery, ep: Endpoint | undefined, ev: EventRow | undefined, onSent: () => void): Promise<void> {
  if (!ep || ep.enabled !== 1 || !ev) {
    onSent();
    // Disabled or deleted meanwhile: stop quietly; `recover` can queue it again.
    await ctx.db.updateTable('webhook_deliveries').set({ status: 'disabled', lease_until: null, lease_owner: null }).where('id', '=', d.id).where('lease_owner', '=', owner).execute();
    return;
  }
  const now = ctx.clock.now();
  const secrets = [ep.secret];
  if (ep.previous_secret && ep.previous_secret_expires_at && ep.previous_secret_expires_at > now.toISOString()) secrets.push(ep.previous_secret);
  const ed25519 = ep.signing === 'hmac+ed25519' ? (await getActiveSigningKey(ctx)).privateKey : undefined;
  const body = webhookBody(ev);
  const headers = signatureHeaders({ id: d.id, timestamp: Math.floor(now.getTime() / 1000), body, secrets, ed25519 });
  let result: SendResult;
  try {
    result = await transport.post(ep.url, headers, body);
  } finally {
    onSent();
  }
  await record(d, ep, result);
}

/**
 * On PostgreSQL a batch is written once it holds this many outcomes, or once its first has waited LINGER_MS: each
 * statement costs the server a parse, a plan and a commit (~0.35 ms) whatever its size, and a batch that only holds what
 * finished during the previous statement held four or five. The wait delays nothing a receiver or the worker's bounds
 * see: the receiver has its delivery, and the endpoint's slot was freed when it answered; the row stays leased meanwhile.
 */
const FULL_BATCH = 32;
const LINGER_MS = 3;

/**
 * Records outcomes in group commits: whatever finished while the previous transaction ran is written in the next one,
 * so a busy worker pays one commit per batch, not per delivery (on PostgreSQL, a batch also waits to fill; see
 * FULL_BATCH). A failed batch is retried item by item, so one bad row cannot hold back the others (its lease runs out
 * and it is sent again).
 */
export function groupRecorder(ctx: Ctx, owner: string): Recorder {
  type Item = { d: Delivery; ep: Endpoint; r: SendResult; done: () => void; fail: (e: unknown) => void };
  let queue: Item[] = [];
  let flushing = false;
  /** Ends the current wait for a batch to fill. */
  let filled: (() => void) | undefined;
  async function flush() {
    flushing = true;
    while (queue.length) {
      if (ctx.dialect === 'postgres' && queue.length < FULL_BATCH) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, LINGER_MS);
          function done() {
            clearTimeout(timer);
            filled = undefined;
            resolve();
          }
          filled = done;
        });
      }
      const batch = queue;
      queue = [];
      try {
        if (ctx.dialect === 'postgres' && batch.every((i) => isOk(i.r))) await recordSuccessesOnPostgres(ctx, owner, batch);
        else await ctx.db.transaction().execute((tx) => recordBatch(ctx, tx, owner, batch));
        for (const i of batch) i.done();
      } catch {
        for (const i of batch) await ctx.db.transaction().execute((tx) => recordAttempt(ctx, tx, owner, i.d, i.ep, i.r)).then(i.done, i.fail);
      }
    }
    flushing = false;
  }
  return (d, ep, r) =>
    new Promise<void>((done, fail) => {
      queue.push({ d, ep, r, done, fail });
      if (queue.length >= FULL_BATCH) filled?.();
      if (!flushing) void flush();
    });
}

/**
 * The success update's SQL for `n` ids, built once per count (its parameters: status, at, at, the ids, owner). Built
 * with Kysely each batch, it and the insert were ~4 % of the end-to-end bench's CPU.
 */
function succeededSql(tx: Tx, n: number): string {
  const build = () =>
    sql`update webhook_deliveries set status = 'succeeded', attempts = attempts + 1, last_status = ${0}, last_error = null,
      last_attempt_at = ${''}, succeeded_at = ${''}, lease_until = null, lease_owner = null
      where id in (${sql.join(Array.from({ length: n }, () => ''))}) and lease_owner = ${''}`.compile(tx).sql;
  return compiledSqlOf(tx)?.get(`webhook-succeeded|${n}`, build) ?? build();
}

const clearFailing = compiledQuery<{ id: string }, never>(['id'], (db, p) => db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', p.id).where('failing_since', 'is not', null));

const isOk = (r: SendResult) => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

/**
 * PostgreSQL: a batch of successes, the common case, as one statement, atomic on its own: the attempt rows, the
 * deliveries and the endpoints' failure clocks in data-modifying CTEs over arrays (one SQL text whatever the batch's
 * size or status codes). The transaction of `recordBatch` takes five round trips (BEGIN, three statements, COMMIT).
 * Parameters: the attempts' ids, delivery ids, endpoint ids, status codes, durations and bodies; at; owner; the endpoints.
 */
const SUCCEEDED_ON_POSTGRES = `with attempt as (
    insert into webhook_attempts (id, delivery_id, endpoint_id, status_code, duration_ms, response_body, error, at)
    select a.id, a.delivery_id, a.endpoint_id, a.status_code, a.duration_ms, a.response_body, null, $7
    from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) as a(id, delivery_id, endpoint_id, status_code, duration_ms, response_body)
  ), delivered as (
    update webhook_deliveries d set status = 'succeeded', attempts = d.attempts + 1, last_status = a.status_code, last_error = null,
      last_attempt_at = $7, succeeded_at = $7, lease_until = null, lease_owner = null
    from unnest($2::text[], $4::int[]) as a(delivery_id, status_code)
    where d.id = a.delivery_id and d.lease_owner = $8
  )
  update webhook_endpoints set failing_since = null where id = any($9::text[]) and failing_since is not null`;

async function recordSuccessesOnPostgres(ctx: Ctx, owner: string, batch: { d: Delivery; ep: Endpoint; r: SendResult }[]): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const params = [
    batch.map(() => newId('wha')),
    batch.map((i) => i.d.id),
    batch.map((i) => i.ep.id),
    batch.map((i) => i.r.statusCode),
    batch.map((i) => i.r.durationMs),
    batch.map((i) => i.r.body),
    at,
    owner,
    // Not only where the loaded row says so: another delivery may have started the failure clock since.
    [...new Set(batch.map((i) => i.ep.id))],
  ];
  await executeCompiled(ctx.db, CompiledQuery.raw(SUCCEEDED_ON_POSTGRES, params));
}

/** Successes, the common case, in a few set-wise statements; failures one by one (they may disable an endpoint). */
async function recordBatch(ctx: Ctx, tx: Tx, owner: string, batch: { d: Delivery; ep: Endpoint; r: SendResult }[]): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const ok = batch.filter((i) => isOk(i.r));
  if (ok.length) {
    await insertRows(
      tx,
      'webhook_attempts',
      ok.map(({ d, ep, r }) => ({ id: newId('wha'), delivery_id: d.id, endpoint_id: ep.id, status_code: r.statusCode, duration_ms: r.durationMs, response_body: r.body, error: null, at })),
    );
    for (const status of new Set(ok.map((i) => i.r.statusCode!))) {
      const ids = ok.filter((i) => i.r.statusCode === status).map((i) => i.d.id);
      await executeCompiled(tx, CompiledQuery.raw(succeededSql(tx, ids.length), [status, at, at, ...ids, owner]));
    }
    // Not only where the loaded row says so: another delivery may have started the failure clock since.
    for (const id of new Set(ok.map((i) => i.ep.id))) await clearFailing(tx, { id });
  }
  for (const i of batch) if (!isOk(i.r)) await recordAttempt(ctx, tx, owner, i.d, i.ep, i.r);
}

async function recordAttempt(ctx: Ctx, tx: Tx, owner: string, d: Delivery, ep: Endpoint, r: SendResult): Promise<void> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
  const attempts = d.attempts + 1;
  const error = r.error ?? (ok ? null : `HTTP ${r.statusCode}`);
  await tx
    .insertInto('webhook_attempts')
    .values({ id: newId('wha'), delivery_id: d.id, endpoint_id: ep.id, status_code: r.statusCode, duration_ms: r.durationMs, response_body: r.body, error: r.error, at })
    .execute();
  const mine = tx.updateTable('webhook_deliveries').where('id', '=', d.id).where('lease_owner', '=', owner);
  const common = { attempts, last_status: r.statusCode, last_error: error, last_attempt_at: at, lease_until: null, lease_owner: null };
  if (ok) {
    await mine.set({ ...common, status: 'succeeded', succeeded_at: at }).execute();
    // Not only when the loaded row says so: another delivery may have started the failure clock since.
    await tx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', ep.id).where('failing_since', 'is not', null).execute();
    return;
  }
  if (r.statusCode === 410) {
    await mine.set({ ...common, status: 'failed' }).execute();
    await disableEndpoint(tx, ep, at, 'gone', ctx.branding);
    return;
  }
  const next = nextAttemptAt(ctx.config.WEBHOOK_RETRY_SCHEDULE, attempts, now, parseRetryAfter(r.retryAfter, now));
  await mine.set(next ? { ...common, status: 'pending', retrying: 1, next_attempt_at: next.toISOString() } : { ...common, status: 'failed' }).execute();
  const since = ep.failing_since ?? at;
  if (!ep.failing_since) await tx.updateTable('webhook_endpoints').set({ failing_since: at }).where('id', '=', ep.id).where('failing_since', 'is', null).execute();
  else if (now.getTime() - Date.parse(since) >= AUTO_DISABLE_MS) await disableEndpoint(tx, ep, at, 'failing', ctx.branding);
}

/** Switches the endpoint off once (the guard on `enabled` makes racing workers send one e-mail), stops its pending deliveries, tells its owner. */
async function disableEndpoint(tx: Tx, ep: Endpoint, at: string, reason: 'failing' | 'gone', brand: Branding): Promise<void> {
  const res = await tx.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: reason, updated_at: at }).where('id', '=', ep.id).where('enabled', '=', 1).executeTakeFirst();
  if (!res.numUpdatedRows) return;
  await disablePendingDeliveries(tx, ep.id);
  // Vendor endpoints have no owner address in the store; their state shows in the API (disabledReason).
  if (!ep.reseller_id) return;
  const reseller = await tx.selectFrom('resellers').select('contact_email').where('id', '=', ep.reseller_id).executeTakeFirst();
  if (reseller) await queueEmail(tx, at, reseller.contact_email, endpointDisabled(brand, { url: ep.url, reason, since: ep.failing_since }));
}
