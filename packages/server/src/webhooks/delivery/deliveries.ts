/** @module Deliveries as their owners see them: the attempt log, a manual retry, and recovery of everything failed since a time. */
import type { Selectable } from 'kysely';
import type { WebhookAttemptTable, WebhookDeliveryTable } from '../../db/schema.js';
import { nowIso, resellerScope, type Actor, type Ctx } from '../../app/context.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { findEndpoint } from '../endpoints/repo.js';

/** Attempts shown per delivery in a listing: the newest ones. */
const ATTEMPTS_SHOWN = 20;

export function deliveryView(d: Selectable<WebhookDeliveryTable>, attempts: Selectable<WebhookAttemptTable>[]) {
  return {
    id: d.id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status as 'pending' | 'succeeded' | 'failed' | 'disabled',
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
    lastStatus: d.last_status,
    lastError: d.last_error,
    lastAttemptAt: d.last_attempt_at,
    succeededAt: d.succeeded_at,
    createdAt: d.created_at,
    attemptLog: attempts.map((a) => ({ at: a.at, statusCode: a.status_code, durationMs: a.duration_ms, responseBody: a.response_body, error: a.error })),
  };
}

export async function listDeliveries(ctx: Ctx, actor: Actor, endpointId: string, p: PageParams & { status?: string }) {
  await findEndpoint(ctx.db, endpointId, resellerScope(actor));
  let q = ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (p.status) q = q.where('status', '=', p.status);
  const rows = await pageRows(q, p);
  const ids = rows.data.map((d) => d.id);
  const attempts = ids.length ? await ctx.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('at', 'desc').orderBy('id', 'desc').execute() : [];
  const byDelivery = new Map<string, Selectable<WebhookAttemptTable>[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    if (list.length < ATTEMPTS_SHOWN) list.push(a);
    byDelivery.set(a.delivery_id, list);
  }
  return { data: rows.data.map((d) => deliveryView(d, byDelivery.get(d.id) ?? [])), nextCursor: rows.nextCursor };
}

/** Sends one delivery again now, whatever its state; it keeps its webhook-id so receivers can de-duplicate. */
export async function retryDelivery(ctx: Ctx, actor: Actor, id: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d) throw new NotFoundError('webhook delivery', id);
    const scope = resellerScope(actor);
    const ep = await tx.selectFrom('webhook_endpoints').select(['reseller_id', 'enabled']).where('id', '=', d.endpoint_id).executeTakeFirst();
    if (!ep || (scope && ep.reseller_id !== scope)) throw new NotFoundError('webhook delivery', id);
    if (ep.enabled !== 1) throw new ConflictError('The webhook endpoint is disabled; enable it before retrying.');
    const set = { status: 'pending', retrying: 0, next_attempt_at: nowIso(ctx), lease_until: null, lease_owner: null };
    await tx.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
    return deliveryView({ ...d, ...set }, []);
  });
}

/** Queues again every failed (or stopped by a disable) delivery created since `since`; the endpoint must be enabled. */
export async function recoverDeliveries(ctx: Ctx, actor: Actor, endpointId: string, since: string) {
  const ep = await findEndpoint(ctx.db, endpointId, resellerScope(actor));
  if (ep.enabled !== 1) throw new ConflictError('The webhook endpoint is disabled; enable it before recovering deliveries.');
  const res = await ctx.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', retrying: 0, next_attempt_at: nowIso(ctx), lease_until: null, lease_owner: null })
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['failed', 'disabled'])
    .where('created_at', '>=', new Date(since).toISOString())
    .executeTakeFirst();
  return { recovered: Number(res.numUpdatedRows) };
}
