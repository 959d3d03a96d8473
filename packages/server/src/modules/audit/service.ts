/** @module The audit log: who changed what, in which request; written inside the transaction of the change it records. */
import { requestScopeOf } from '../../request-scope.js';
import { newId } from '../../ids.js';
import type { Ctx, Tx } from '../../app/context.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import { insertRows } from '../../db/insert-rows.js';

export interface AuditEntry {
  action: string;
  resourceId: string | null;
  resellerId?: string | null;
}

/**
 * Writes one audit row. The actor and request come from the request scope the handle carries; outside a request (scheduler, worker,
 * CLI) the actor is `system`. A request without a credential (a customer user accepting an invitation) is `public`.
 */
export async function recordAudit(tx: Tx, at: string, e: AuditEntry): Promise<void> {
  const req = requestScopeOf(tx);
  const actor = req?.actor;
  await insertRows(tx, 'audit_log', [
    {
      id: newId('aud'),
      actor_kind: actor?.kind ?? (req ? 'public' : 'system'),
      credential_id: actor?.credentialId ?? null,
      reseller_id: e.resellerId ?? (actor?.kind === 'reseller' ? actor.resellerId : null),
      request_id: req?.requestId ?? null,
      action: e.action,
      resource_id: e.resourceId,
      at,
    },
  ]);
  if (req) req.audited = true;
}

/** The resource an event is about: its own id, or the trial/order/organization it names. */
export function resourceIdOf(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  for (const k of ['id', 'trialId', 'orderId', 'customerId', 'organizationId']) if (typeof d[k] === 'string') return d[k] as string;
  return null;
}

export async function listAudit(ctx: Ctx, p: PageParams & { resourceId?: string }) {
  let q = ctx.db.selectFrom('audit_log').selectAll();
  if (p.resourceId) q = q.where('resource_id', '=', p.resourceId);
  const rows = await pageRows(q, p);
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
