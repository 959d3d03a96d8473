/** @module The audit log: who changed what, in which request; written inside the transaction of the change it records. */
import { newId } from '../../ids.js';
import type { Ctx, Tx, Work } from '../../app/context.js';
import type { PageParams } from '../../db/pagination.js';
import { workOf } from '../../db/work-handle.js';
import type { EventSubscriber } from '../../outbox/record.js';
import { auditPage, insertAuditRow } from './repo.js';

export interface AuditEntry {
  action: string;
  resourceId: string | null;
  resellerId?: string | null;
}

/**
 * Writes one audit row. The actor and request are the ones of the work the handle carries (the request's, set by
 * authentication); outside a request (scheduler, worker, CLI) the actor is `system`. A request without a credential (a
 * customer user accepting an invitation) is `public`.
 */
export async function recordAudit(tx: Tx, at: string, e: AuditEntry): Promise<void> {
  const req = workOf<Work>(tx)?.request;
  const actor = req?.actor;
  await insertAuditRow(tx, {
    id: newId('aud'),
    actor_kind: actor?.kind ?? (req ? 'public' : 'system'),
    credential_id: actor?.credentialId ?? null,
    reseller_id: e.resellerId ?? (actor?.kind === 'reseller' ? actor.resellerId : null),
    request_id: req?.requestId ?? null,
    action: e.action,
    resource_id: e.resourceId,
    at,
  });
  if (req) req.audited = true;
}

/** The outbox subscriber: every recorded event is audited in its own transaction, so a change never commits without who made it. */
export const auditEvents: EventSubscriber = (tx, e) => recordAudit(tx, e.at, { action: e.type, resourceId: resourceIdOf(e.data), resellerId: e.resellerId });

/** The resource an event is about: its own id, or the trial/order/organization it names. */
export function resourceIdOf(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  for (const k of ['id', 'trialId', 'orderId', 'customerId', 'organizationId']) if (typeof d[k] === 'string') return d[k] as string;
  return null;
}

export async function listAudit(ctx: Ctx, p: PageParams & { resourceId?: string }) {
  const rows = await auditPage(ctx.db, p);
  return {
    data: rows.data.map((r) => ({
      id: r.id,
      at: r.at,
      actorKind: r.actor_kind,
      credentialId: r.credential_id,
      resellerId: r.reseller_id,
      requestId: r.request_id,
      action: r.action,
      resourceId: r.resource_id,
    })),
    nextCursor: rows.nextCursor,
  };
}
