/** @module Webhook endpoints: a reseller's own, or the vendor's (reseller_id null) that receive every reseller's events. */
import type { Selectable } from 'kysely';
import { getActiveSigningKey, webhookPublicKey } from '../../auth/signing-keys.js';
import type { WebhookEndpointTable } from '../../db/schema.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { newId } from '../../ids.js';
import { deliveryView } from '../delivery/deliveries.js';
import { newWebhookSecret } from '../sign.js';
import { assertWebhookUrl } from '../ssrf.js';

/** How long the previous secret keeps signing after a rotation: receivers have a day to switch. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

export type Signing = 'hmac' | 'hmac+ed25519';

export interface EndpointInput {
  url: string;
  description?: string;
  enabledEvents?: string[];
  signing?: Signing;
}

export interface EndpointPatch {
  url?: string;
  description?: string;
  enabledEvents?: string[];
  enabled?: boolean;
}

type Row = Selectable<WebhookEndpointTable>;

async function toView(ctx: Ctx, r: Row) {
  const at = ctx.clock.now().toISOString();
  const ed = r.signing === 'hmac+ed25519';
  return {
    id: r.id,
    resellerId: r.reseller_id,
    url: r.url,
    description: r.description,
    enabledEvents: JSON.parse(r.enabled_events) as string[],
    enabled: r.enabled === 1,
    signing: r.signing as Signing,
    /** The Ed25519 key that verifies `v1a,` signatures (`whpk_`, base64 of the raw key); also at /.well-known/jwks.json. */
    publicKey: ed ? webhookPublicKey(await getActiveSigningKey(ctx)) : null,
    secretRotationEndsAt: r.previous_secret_expires_at && r.previous_secret_expires_at > at ? r.previous_secret_expires_at : null,
    failingSince: r.failing_since,
    disabledReason: r.disabled_reason as 'manual' | 'failing' | 'gone' | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type WebhookEndpoint = Awaited<ReturnType<typeof toView>>;

/** Another reseller's endpoint is a 404, like every other resource; the vendor admin reaches all. */
export async function endpointRow(db: Tx, actor: Actor, id: string): Promise<Row> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('webhook endpoint', id);
  return row;
}

export async function createEndpoint(ctx: Ctx, actor: Actor, input: EndpointInput) {
  const at = nowIso(ctx);
  const row: Row = {
    id: newId('we'),
    reseller_id: resellerScope(actor),
    url: assertWebhookUrl(input.url, ctx.config.WEBHOOK_ALLOW_PRIVATE),
    description: input.description ?? '',
    enabled_events: JSON.stringify([...new Set(input.enabledEvents ?? [])]),
    enabled: 1,
    secret: newWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    signing: input.signing ?? 'hmac',
    failing_since: null,
    disabled_reason: null,
    created_at: at,
    updated_at: at,
  };
  await ctx.db.insertInto('webhook_endpoints').values(row).execute();
  return { ...(await toView(ctx, row)), secret: row.secret };
}

export async function listEndpoints(ctx: Ctx, actor: Actor, p: PageParams) {
  let q = ctx.db.selectFrom('webhook_endpoints').selectAll();
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const rows = await pageRows(q, p);
  return { data: await Promise.all(rows.data.map((r) => toView(ctx, r))), nextCursor: rows.nextCursor };
}

export async function getEndpoint(ctx: Ctx, actor: Actor, id: string) {
  return toView(ctx, await endpointRow(ctx.db, actor, id));
}

export async function updateEndpoint(ctx: Ctx, actor: Actor, id: string, patch: EndpointPatch) {
  const row = await ctx.db.transaction().execute(async (tx) => {
    const current = await endpointRow(tx, actor, id);
    const at = nowIso(ctx);
    const set: Partial<Row> = { updated_at: at };
    if (patch.url !== undefined) set.url = assertWebhookUrl(patch.url, ctx.config.WEBHOOK_ALLOW_PRIVATE);
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.enabledEvents !== undefined) set.enabled_events = JSON.stringify([...new Set(patch.enabledEvents)]);
    if (patch.enabled === true && current.enabled === 0) Object.assign(set, { enabled: 1, failing_since: null, disabled_reason: null });
    if (patch.enabled === false && current.enabled === 1) {
      Object.assign(set, { enabled: 0, disabled_reason: 'manual' });
      await disablePending(tx, id);
    }
    await tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
    return { ...current, ...set } as Row;
  });
  return toView(ctx, row);
}

/** Pending deliveries of a disabled endpoint stop; `recover` sends them again once it is enabled. */
export async function disablePending(tx: Tx, endpointId: string) {
  await tx.updateTable('webhook_deliveries').set({ status: 'disabled', lease_until: null, lease_owner: null }).where('endpoint_id', '=', endpointId).where('status', '=', 'pending').execute();
}

export async function deleteEndpoint(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    await endpointRow(tx, actor, id);
    await tx.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
    await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  });
}

/** A new secret signs from now on; the old one keeps signing beside it for 24 h so receivers can switch without loss. */
export async function rotateSecret(ctx: Ctx, actor: Actor, id: string) {
  const row = await ctx.db.transaction().execute(async (tx) => {
    const current = await endpointRow(tx, actor, id);
    const now = ctx.clock.now();
    const set = { secret: newWebhookSecret(), previous_secret: current.secret, previous_secret_expires_at: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString(), updated_at: now.toISOString() };
    await tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
    return { ...current, ...set };
  });
  return { ...(await toView(ctx, row)), secret: row.secret };
}

/** A `webhook.test` event whose data is the endpoint itself; the fan-out sends it to this endpoint alone. */
export async function sendTestEvent(ctx: Ctx, actor: Actor, id: string) {
  const row = await endpointRow(ctx.db, actor, id);
  if (row.enabled !== 1) throw new ConflictError('The webhook endpoint is disabled; enable it before sending a test event.');
  const view = await toView(ctx, row);
  const eventId = await ctx.db.transaction().execute((tx) => recordEvent(tx, nowIso(ctx), { type: 'webhook.test', resellerId: row.reseller_id, data: view }));
  const delivery = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).where('endpoint_id', '=', id).executeTakeFirstOrThrow();
  return deliveryView(delivery, []);
}
