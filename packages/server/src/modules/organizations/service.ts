/** @module Organizations: the reseller's working copy of a customer, holding its maintenance plan. */
import { toOrganization, type Holder } from './model.js';
import { NotFoundError } from '../../errors.js';
import { newId } from '../../ids.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import { page, type PageParams } from '../../db/pagination.js';
import { requireReseller } from '../access.js';
import type { TrialStatus } from '../../lifecycle/machines.js';

/** The holders of these organizations, in one statement. */
async function holders(db: Tx, organizationIds: string[]): Promise<Map<string, Holder>> {
  if (!organizationIds.length) return new Map();
  const rows = await db.selectFrom('trials').select(['id', 'organization_id', 'status']).where('organization_id', 'in', organizationIds).where('holds_organization', '=', 1).execute();
  return new Map(rows.map((r) => [r.organization_id, { trialId: r.id, status: r.status as TrialStatus }]));
}

async function withHolders<T extends { id: string }>(db: Tx, organizations: T[]): Promise<(T & { heldBy: Holder | null })[]> {
  const held = await holders(db, organizations.map((o) => o.id));
  return organizations.map((o) => ({ ...o, heldBy: held.get(o.id) ?? null }));
}

export async function createOrganization(ctx: Ctx, actor: Actor, input: { name: string; orgNumber?: string | null }) {
  const resellerId = requireReseller(actor);
  const at = nowIso(ctx);
  const row = { id: newId('org'), reseller_id: resellerId, name: input.name, org_number: input.orgNumber ?? null, created_at: at, updated_at: at };
  await ctx.db.insertInto('organizations').values(row).execute();
  return { ...toOrganization(row), heldBy: null };
}

/** Another reseller's organization is indistinguishable from a missing one. */
export async function getOrganizationRow(ctx: { db: Tx }, actor: Actor, id: string) {
  let q = ctx.db.selectFrom('organizations').selectAll().where('id', '=', id);
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('organization', id);
  return row;
}

export async function getOrganization(ctx: Ctx, actor: Actor, id: string) {
  const [organization] = await withHolders(ctx.db, [toOrganization(await getOrganizationRow(ctx, actor, id))]);
  return organization!;
}

export async function updateOrganization(ctx: Ctx, actor: Actor, id: string, patch: { name?: string; orgNumber?: string | null }) {
  const row = await getOrganizationRow(ctx, actor, id);
  const values = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.orgNumber !== undefined && { org_number: patch.orgNumber }),
    updated_at: nowIso(ctx),
  };
  await ctx.db.updateTable('organizations').set(values).where('id', '=', id).execute();
  const [organization] = await withHolders(ctx.db, [toOrganization({ ...row, ...values })]);
  return organization!;
}

export async function listOrganizations(ctx: Ctx, actor: Actor, p: PageParams) {
  let q = ctx.db.selectFrom('organizations').selectAll();
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  const organizations = await page(q, p, toOrganization);
  return { ...organizations, data: await withHolders(ctx.db, organizations.data) };
}
