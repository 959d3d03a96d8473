/** @module Maintenance plans: read with totals, replace as a whole, import from a file all-or-nothing with its event. */
import { inTransaction } from '../../db/transaction.js';
import { InvalidRequestError, PermissionDeniedError, UnprocessableError, type Issue } from '../../errors.js';
import { nowIso, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { getOrganizationRow } from '../organizations/service.js';
import { recordEvent } from '../../outbox/record.js';
import {
  canonicalCategory,
  canonicalStatus,
  canonicalUnit,
  DEFAULT_STATUS,
  MAX_ISSUES,
  PLAN_LIMITS,
  quantityInRange,
  totalInRange,
  type PlanActionInput,
  type PlanActionWire,
} from './model.js';
import { fromMilli, lineTotal, parseScaledNumber } from './import/numbers.js';
import type { PlanUpload } from './import/read-upload.js';
import * as repo from './repo.js';
import { recordPlanEdit, recordPlanRead } from '../accounts/activity.js';

export type { PlanActionInput, PlanActionWire };

export async function getPlan(ctx: Ctx, actor: Actor, organizationId: string) {
  await getOrganizationRow(ctx, actor, organizationId);
  return repo.readPlan(ctx.db, organizationId);
}

/** A customer user's own plan: that of the user's organization. The read counts as the user's activity. */
export async function readOwnPlan(ctx: Ctx, user: { userId: string; organizationId: string; lastActivityAt: string | null }) {
  const [plan] = await Promise.all([repo.readPlan(ctx.db, user.organizationId), recordPlanRead(ctx, user)]);
  return plan;
}

/** The plan becomes exactly `actions`, in that order; an item with the `id` of one of its actions keeps that id. */
export async function replacePlan(ctx: Ctx, actor: Actor, organizationId: string, actions: PlanActionWire[]) {
  const inputs = actions.map(fromWire);
  return inTransaction(ctx.db, async (tx) => {
    const org = await getOrganizationRow({ db: tx }, actor, organizationId);
    return writePlan(tx, ctx, org.id, org.reseller_id, actions, inputs);
  });
}

/** A customer user's own plan: every user reads it, only an editor changes it. */
export async function replacePlanAsUser(ctx: Ctx, user: { userId: string; role: string; organizationId: string; resellerId: string }, actions: PlanActionWire[]) {
  if (user.role !== 'editor') throw new PermissionDeniedError('Your account may read the plan but not change it (role reader).');
  const inputs = actions.map(fromWire);
  return inTransaction(ctx.db, async (tx) => {
    const plan = await writePlan(tx, ctx, user.organizationId, user.resellerId, actions, inputs);
    await recordPlanEdit(ctx, tx, user.userId);
    return plan;
  });
}

async function writePlan(tx: Tx, ctx: Ctx, organizationId: string, resellerId: string, wire: PlanActionWire[], inputs: PlanActionInput[]) {
  const existing = await repo.actionIds(tx, organizationId);
  const seen = new Set<string>();
  const issues: Issue[] = [];
  wire.forEach((a, i) => {
    if (a.id === undefined) return;
    if (!existing.has(a.id)) issues.push({ path: ['body', 'actions', i, 'id'], message: 'is not an action of this plan; leave it out to add a new action' });
    else if (seen.has(a.id)) issues.push({ path: ['body', 'actions', i, 'id'], message: 'appears twice' });
    seen.add(a.id);
  });
  if (issues.length) throw new InvalidRequestError(`Invalid body: ${issues.map((i) => `${i.path!.join('.')}: ${i.message}`).join('; ')}`, issues);
  await repo.deleteActions(tx, organizationId);
  await repo.insertActions(tx, nowIso(ctx), organizationId, resellerId, inputs, 0, wire.map((a) => a.id));
  return repo.readPlan(tx, organizationId);
}

/**
 * Wire to domain: canonical names for category, unit and status (the contract has refused any name the model does not
 * know), the quantity to exact thousandths. What the schema cannot say is checked here with the model's rules: at most
 * three decimals, and the line total.
 */
function fromWire(a: PlanActionWire, i: number): PlanActionInput {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push({ path: ['body', 'actions', i, field], message });
  const category = canonicalCategory(a.category);
  const unit = canonicalUnit(a.unit);
  const status = a.status ? canonicalStatus(a.status) : DEFAULT_STATUS;
  const q = parseScaledNumber(a.quantity, PLAN_LIMITS.quantityScale);
  if (!q.ok || !quantityInRange(q.value)) bad('quantity', `must be greater than 0 and at most ${PLAN_LIMITS.maxQuantity}, with at most three decimals`);
  if (q.ok && !totalInRange(q.value, a.unitPrice)) bad('unitPrice', `quantity × unitPrice may be at most ${PLAN_LIMITS.maxTotal} öre`);
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
  return inTransaction(ctx.db, async (tx) => {
    const org = await getOrganizationRow({ db: tx }, actor, organizationId);
    let first = 0;
    if (opts.mode === 'replace') await repo.deleteActions(tx, org.id);
    else {
      const size = await repo.planSize(tx, org.id);
      if (size.count + actions.length > PLAN_LIMITS.maxActions) {
        throw new UnprocessableError(`Planen får ha högst ${PLAN_LIMITS.maxActions.toLocaleString('sv-SE')} åtgärder; den har ${size.count} och filen ${actions.length}. Importera med mode=replace eller dela upp planen.`);
      }
      first = size.last === null ? 0 : size.last + 1;
    }
    await repo.insertActions(tx, nowIso(ctx), org.id, org.reseller_id, actions.map((a) => a.action), first);
    const plan = await repo.readPlan(tx, org.id);
    await recordEvent(tx, nowIso(ctx), {
      type: 'plan.imported',
      resellerId: org.reseller_id,
      data: { organizationId: org.id, mode: opts.mode, imported: actions.length, actions: plan.actions.length, totals: plan.totals },
    });
    return { imported: actions.length, errors: [] as never[] };
  });
}
