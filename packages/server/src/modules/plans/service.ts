/** @module Maintenance plans: read with totals, replace as a whole, import from a file all-or-nothing with its event. */
import type { Selectable } from 'kysely';
import type { PlanActionTable } from '../../db/schema.js';
import { InvalidRequestError, PermissionDeniedError, UnprocessableError, type Issue } from '../../errors.js';
import { newId } from '../../ids.js';
import { nowIso, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { getOrganizationRow } from '../organizations/service.js';
import { recordEvent } from '../../outbox/record.js';
import { canonicalCategory, canonicalStatus, canonicalUnit, DEFAULT_STATUS, PLAN_LIMITS, type PlanCategory, type PlanStatus, type PlanUnit } from './model.js';
import { fromMilli, lineTotal, parseScaledNumber } from './import/numbers.js';
import type { PlanUpload } from './import/read-upload.js';
import { MAX_ISSUES } from './import/validate-rows.js';

/** One action as the domain stores it: quantity in thousandths, unit price in öre. */
export interface PlanActionInput {
  property: string;
  building: string;
  category: PlanCategory;
  location: string;
  action: string;
  year: number;
  intervalYears: number | null;
  quantityMilli: number;
  unit: PlanUnit;
  unitPrice: number;
  status: PlanStatus;
  marking: string | null;
}

/** An action as the API receives it in `PUT .../plan` (already shape-checked by the contract). */
export interface PlanActionWire {
  id?: string;
  property: string;
  building: string;
  category: string;
  location: string;
  action: string;
  year: number;
  intervalYears?: number | null;
  quantity: number;
  unit: string;
  unitPrice: number;
  status?: string | null;
  marking?: string | null;
}

export function toPlanAction(r: Selectable<PlanActionTable>) {
  const quantityMilli = Number(r.quantity_milli);
  const unitPrice = Number(r.unit_price);
  return {
    id: r.id,
    property: r.property,
    building: r.building,
    category: r.category as PlanCategory,
    location: r.location,
    action: r.action,
    year: r.year,
    intervalYears: r.interval_years,
    quantity: fromMilli(quantityMilli),
    unit: r.unit as PlanUnit,
    unitPrice,
    total: lineTotal(quantityMilli, unitPrice),
    status: r.status as PlanStatus,
    marking: r.marking,
  };
}

export async function readPlan(db: Tx, organizationId: string) {
  const rows = await db.selectFrom('plan_actions').selectAll().where('organization_id', '=', organizationId).orderBy('position').orderBy('id').execute();
  const actions = rows.map(toPlanAction);
  return { organizationId, actions, totals: { cost: actions.reduce((sum, a) => sum + a.total, 0) } };
}

export async function getPlan(ctx: Ctx, actor: Actor, organizationId: string) {
  await getOrganizationRow(ctx, actor, organizationId);
  return readPlan(ctx.db, organizationId);
}

/** The plan becomes exactly `actions`, in that order; an item with the `id` of one of its actions keeps that id. */
export async function replacePlan(ctx: Ctx, actor: Actor, organizationId: string, actions: PlanActionWire[]) {
  const inputs = actions.map(fromWire);
  return ctx.db.transaction().execute(async (tx) => {
    const org = await getOrganizationRow({ db: tx }, actor, organizationId);
    return writePlan(tx, ctx, org.id, org.reseller_id, actions, inputs);
  });
}

/** A customer user's own plan: every user reads it, only an editor changes it. */
export async function replacePlanAsUser(ctx: Ctx, user: { role: string; organizationId: string; resellerId: string }, actions: PlanActionWire[]) {
  if (user.role !== 'editor') throw new PermissionDeniedError('Your account may read the plan but not change it (role reader).');
  const inputs = actions.map(fromWire);
  return ctx.db.transaction().execute((tx) => writePlan(tx, ctx, user.organizationId, user.resellerId, actions, inputs));
}

async function writePlan(tx: Tx, ctx: Ctx, organizationId: string, resellerId: string, wire: PlanActionWire[], inputs: PlanActionInput[]) {
  const existing = new Set((await tx.selectFrom('plan_actions').select('id').where('organization_id', '=', organizationId).execute()).map((r) => r.id));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  wire.forEach((a, i) => {
    if (a.id === undefined) return;
    if (!existing.has(a.id)) issues.push({ path: ['body', 'actions', i, 'id'], message: 'is not an action of this plan; leave it out to add a new action' });
    else if (seen.has(a.id)) issues.push({ path: ['body', 'actions', i, 'id'], message: 'appears twice' });
    seen.add(a.id);
  });
  if (issues.length) throw new InvalidRequestError(`Invalid body: ${issues.map((i) => `${i.path!.join('.')}: ${i.message}`).join('; ')}`, issues);
  await tx.deleteFrom('plan_actions').where('organization_id', '=', organizationId).execute();
  await insertActions(tx, ctx, organizationId, resellerId, inputs, 0, wire.map((a) => a.id));
  return readPlan(tx, organizationId);
}

/** Wire to domain: canonical names for category, unit and status; the quantity to exact thousandths. */
function fromWire(a: PlanActionWire, i: number): PlanActionInput {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push({ path: ['body', 'actions', i, field], message });
  const category = canonicalCategory(a.category);
  if (!category) bad('category', 'is not one of the plan categories');
  const unit = canonicalUnit(a.unit);
  if (!unit) bad('unit', 'is not one of the plan units');
  const status = a.status ? canonicalStatus(a.status) : DEFAULT_STATUS;
  if (!status) bad('status', 'is not one of the plan statuses');
  const q = parseScaledNumber(a.quantity, PLAN_LIMITS.quantityScale);
  if (!q.ok || q.value === 0 || q.value > PLAN_LIMITS.maxQuantity * 1000) bad('quantity', `must be greater than 0 and at most ${PLAN_LIMITS.maxQuantity}, with at most three decimals`);
  if (q.ok && lineTotal(q.value, a.unitPrice) > PLAN_LIMITS.maxTotal) bad('unitPrice', `quantity × unitPrice may be at most ${PLAN_LIMITS.maxTotal} öre`);
  if (issues.length) throw new InvalidRequestError(`Invalid body: ${issues.map((x) => `${x.path!.join('.')}: ${x.message}`).join('; ')}`, issues);
  return {
    property: a.property,
    building: a.building,
    category: category!,
    location: a.location,
    action: a.action,
    year: a.year,
    intervalYears: a.intervalYears ?? null,
    quantityMilli: q.ok ? q.value : 0,
    unit: unit!,
    unitPrice: a.unitPrice,
    status: status!,
    marking: a.marking || null,
  };
}

/** Inserts in batches that stay well under both stores' bound-parameter limits. */
async function insertActions(tx: Tx, ctx: Ctx, organizationId: string, resellerId: string, actions: PlanActionInput[], firstPosition: number, ids: (string | undefined)[] = []) {
  const at = nowIso(ctx);
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

export type ImportMode = 'append' | 'replace';

/**
 * Reads and validates every row off the event loop; a dry run answers with the preview and the problems, a real import
 * writes all rows and its `plan.imported` event in one transaction or, when any row is bad, nothing at all.
 */
export async function importPlan(ctx: Ctx, actor: Actor, organizationId: string, upload: PlanUpload, opts: { mode: ImportMode; dryRun: boolean }) {
  await getOrganizationRow(ctx, actor, organizationId);
  const { actions, issues, issueCount } = await ctx.planFiles.read(upload);
  if (opts.dryRun) {
    const preview = actions.map(({ row, action: { quantityMilli, ...a } }) => ({ row, ...a, quantity: fromMilli(quantityMilli), total: lineTotal(quantityMilli, a.unitPrice) }));
    return { dryRun: true as const, rows: preview, errors: issues };
  }
  if (issueCount > 0) {
    const more = issueCount > MAX_ISSUES ? ` (de första ${MAX_ISSUES} visas)` : '';
    throw new UnprocessableError(`Inget importerades: ${issueCount} fel i filen${more}. Rätta raderna och försök igen.`, issues);
  }
  return ctx.db.transaction().execute(async (tx) => {
    const org = await getOrganizationRow({ db: tx }, actor, organizationId);
    let first = 0;
    if (opts.mode === 'replace') await tx.deleteFrom('plan_actions').where('organization_id', '=', org.id).execute();
    else {
      const r = await tx.selectFrom('plan_actions').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('position').as('last')]).where('organization_id', '=', org.id).executeTakeFirstOrThrow();
      if (Number(r.n) + actions.length > PLAN_LIMITS.maxActions) {
        throw new UnprocessableError(`Planen får ha högst ${PLAN_LIMITS.maxActions.toLocaleString('sv-SE')} åtgärder; den har ${Number(r.n)} och filen ${actions.length}. Importera med mode=replace eller dela upp planen.`);
      }
      first = r.last === null ? 0 : Number(r.last) + 1;
    }
    await insertActions(tx, ctx, org.id, org.reseller_id, actions.map((a) => a.action), first);
    const plan = await readPlan(tx, org.id);
    await recordEvent(tx, nowIso(ctx), {
      type: 'plan.imported',
      resellerId: org.reseller_id,
      data: { organizationId: org.id, mode: opts.mode, imported: actions.length, actions: plan.actions.length, totals: plan.totals },
    });
    return { imported: actions.length, errors: [] as never[] };
  });
}
