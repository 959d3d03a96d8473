/** @module Webhook endpoints: a reseller's own, or the vendor's (reseller_id null) that receive every reseller's events. */
import { getActiveSigningKey, webhookPublicKey } from '../../auth/signing-keys.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import type { PageParams } from '../../db/pagination.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, UnprocessableError } from '../../errors.js';
import { newId } from '../../ids.js';
import { deliveryView } from '../delivery/deliveries.js';
import { newWebhookSecret } from '../sign.js';
import { assertWebhookUrl } from '../ssrf.js';
import { MAX_ENDPOINTS, ROTATION_GRACE_MS, type EndpointInput, type EndpointPatch, type Signing } from './model.js';
import * as repo from './repo.js';

type Row = repo.EndpointRow;

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
export function endpointRow(db: Tx, actor: Actor, id: string): Promise<Row> {
  return repo.findEndpoint(db, id, resellerScope(actor));
}

export async function createEndpoint(ctx: Ctx, actor: Actor, input: EndpointInput) {
  const owner = resellerScope(actor);
  if ((await repo.countOwnedEndpoints(ctx.db, owner)) >= MAX_ENDPOINTS) {
    throw new UnprocessableError(`At most ${MAX_ENDPOINTS} webhook endpoints${owner ? ' per reseller' : ' for the vendor'}: delete one you no longer use, or subscribe one endpoint to more event types.`);
  }
  const at = nowIso(ctx);
  const row: Row = {
    id: newId('we'),
    reseller_id: owner,
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
  await repo.insertEndpoint(ctx.db, row);
  return { ...(await toView(ctx, row)), secret: row.secret };
}

export async function listEndpoints(ctx: Ctx, actor: Actor, p: PageParams) {
  const rows = await repo.endpointPage(ctx.db, resellerScope(actor), p);
  return { data: await Promise.all(rows.data.map((r) => toView(ctx, r))), nextCursor: rows.nextCursor };
}

export async function getEndpoint(ctx: Ctx, actor: Actor, id: string) {
  return toView(ctx, await endpointRow(ctx.db, actor, id));
}

export async function updateEndpoint(ctx: Ctx, actor: Actor, id: string, patch: EndpointPatch) {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = await endpointRow(tx, actor, id);
    const at = nowIso(ctx);
    const set: Partial<Row> = { updated_at: at };
    if (patch.url !== undefined) set.url = assertWebhookUrl(patch.url, ctx.config.WEBHOOK_ALLOW_PRIVATE);
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.enabledEvents !== undefined) set.enabled_events = JSON.stringify([...new Set(patch.enabledEvents)]);
    if (patch.enabled === true && current.enabled === 0) Object.assign(set, { enabled: 1, failing_since: null, disabled_reason: null });
    if (patch.enabled === false && current.enabled === 1) {
      Object.assign(set, { enabled: 0, disabled_reason: 'manual' });
      // Its pending deliveries stop; `recover` sends them again once it is enabled.
      await repo.disablePendingDeliveries(tx, id);
    }
    await repo.updateEndpointRow(tx, id, set);
    return { ...current, ...set } as Row;
  });
  return toView(ctx, row);
}

export async function deleteEndpoint(ctx: Ctx, actor: Actor, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    await endpointRow(tx, actor, id);
    await repo.deleteEndpointRows(tx, id);
  });
}

/** A new secret signs from now on; the old one keeps signing beside it for 24 h so receivers can switch without loss. */
export async function rotateSecret(ctx: Ctx, actor: Actor, id: string) {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = await endpointRow(tx, actor, id);
    const now = ctx.clock.now();
    const set = { secret: newWebhookSecret(), previous_secret: current.secret, previous_secret_expires_at: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString(), updated_at: now.toISOString() };
    await repo.updateEndpointRow(tx, id, set);
    return { ...current, ...set };
  });
  return { ...(await toView(ctx, row)), secret: row.secret };
}

/** A `webhook.test` event whose data is the endpoint itself; the fan-out sends it to this endpoint alone. */
export async function sendTestEvent(ctx: Ctx, actor: Actor, id: string) {
  const row = await endpointRow(ctx.db, actor, id);
  if (row.enabled !== 1) throw new ConflictError('The webhook endpoint is disabled; enable it before sending a test event.');
  const view = await toView(ctx, row);
  const eventId = await inTransaction(ctx.db, (tx) => recordEvent(tx, nowIso(ctx), { type: 'webhook.test', resellerId: row.reseller_id, data: view }));
  const delivery = await repo.deliveryOf(ctx.db, eventId, id);
  return deliveryView(delivery, []);
}
