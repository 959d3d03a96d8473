/** @module The plans' SQL: an organization's actions in their order, replaced or appended in bounded batches. */
import type { Tx } from '../../app/context.js';
import { newId } from '../../ids.js';
import { toPlanAction, type PlanActionInput } from './model.js';

export async function readPlan(db: Tx, organizationId: string) {
  const rows = await db.selectFrom('plan_actions').selectAll().where('organization_id', '=', organizationId).orderBy('position').orderBy('id').execute();
  const actions = rows.map(toPlanAction);
  return { organizationId, actions, totals: { cost: actions.reduce((sum, a) => sum + a.total, 0) } };
}

export async function actionIds(db: Tx, organizationId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('plan_actions').select('id').where('organization_id', '=', organizationId).execute()).map((r) => r.id));
}

export async function deleteActions(tx: Tx, organizationId: string): Promise<void> {
  await tx.deleteFrom('plan_actions').where('organization_id', '=', organizationId).execute();
}

/** How many actions the plan has, and the last position taken (null for an empty plan). */
export async function planSize(db: Tx, organizationId: string): Promise<{ count: number; last: number | null }> {
  const r = await db.selectFrom('plan_actions').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('position').as('last')]).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return { count: Number(r.n), last: r.last === null ? null : Number(r.last) };
}

/** Inserts in batches that stay well under both stores' bound-parameter limits. */
export async function insertActions(tx: Tx, at: string, organizationId: string, resellerId: string, actions: PlanActionInput[], firstPosition: number, ids: (string | undefined)[] = []) {
  const values = actions.map((a, i) => ({
    id: ids[i] ?? newId('act'),
    organization_id: organizationId,
    reseller_id: resellerId,
    position: firstPosition + i,
    property: a.property,
    building: a.building,
    category: a.category,
    location: a.location,
    action: a.action,
    year: a.year,
    interval_years: a.intervalYears,
    quantity_milli: a.quantityMilli,
    unit: a.unit,
    unit_price: a.unitPrice,
    status: a.status,
    marking: a.marking,
    created_at: at,
  }));
  for (let i = 0; i < values.length; i += 500) await tx.insertInto('plan_actions').values(values.slice(i, i + 500)).execute();
}
