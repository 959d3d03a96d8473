/** @module Organizations: the reseller's working copy of a customer, holding its maintenance plan. */
import { toOrganization } from '../db/mappers.js';
import { NotFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from './context.js';
import { page, type PageParams } from './pagination.js';
import { requireReseller } from './permissions.js';

export async function createOrganization(ctx: Ctx, actor: Actor, input: { name: string; orgNumber?: string | null }) {
  const resellerId = requireReseller(actor);
  const at = nowIso(ctx);
  const row = { id: newId('org'), reseller_id: resellerId, name: input.name, org_number: input.orgNumber ?? null, created_at: at, updated_at: at };
  await ctx.db.insertInto('organizations').values(row).execute();
  return toOrganization(row);
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
  return toOrganization(await getOrganizationRow(ctx, actor, id));
}

export async function updateOrganization(ctx: Ctx, actor: Actor, id: string, patch: { name?: string; orgNumber?: string | null }) {
  const row = await getOrganizationRow(ctx, actor, id);
  const values = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.orgNumber !== undefined && { org_number: patch.orgNumber }),
    updated_at: nowIso(ctx),
  };
  await ctx.db.updateTable('organizations').set(values).where('id', '=', id).execute();
  return toOrganization({ ...row, ...values });
}

export async function listOrganizations(ctx: Ctx, actor: Actor, p: PageParams) {
  let q = ctx.db.selectFrom('organizations').selectAll();
  const scope = resellerScope(actor);
  if (scope) q = q.where('reseller_id', '=', scope);
  return page(q, p, toOrganization);
}
