/** @module Organizations: the reseller's working copy of a customer, holding its maintenance plan. */
import { nowIso, resellerScope, type Actor, type Ctx, type Tx } from '../../app/context.js';
import type { PageParams } from '../../db/pagination.js';
import { newId } from '../../ids.js';
import { requireReseller } from '../access.js';
import { toOrganization, type Holder } from './model.js';
import { inTransaction } from '../../db/transaction.js';
import { refreshOrganizationSearchText } from '../search/repo.js';
import * as repo from './repo.js';
import type { OrganizationRow } from './repo.js';

async function withHolders<T extends { id: string }>(db: Tx, organizations: T[]): Promise<(T & { heldBy: Holder | null })[]> {
  const held = await repo.holders(db, organizations.map((o) => o.id));
  return organizations.map((o) => ({ ...o, heldBy: held.get(o.id) ?? null }));
}

export async function createOrganization(ctx: Ctx, actor: Actor, input: { name: string; orgNumber?: string | null }) {
  const resellerId = requireReseller(actor);
  const at = nowIso(ctx);
  const row: OrganizationRow = { id: newId('org'), reseller_id: resellerId, name: input.name, org_number: input.orgNumber ?? null, created_at: at, updated_at: at };
  await repo.insertOrganization(ctx.db, row);
  return { ...toOrganization(row), heldBy: null };
}

/** Another reseller's organization is indistinguishable from a missing one. */
export function getOrganizationRow(ctx: { db: Tx }, actor: Actor, id: string): Promise<OrganizationRow> {
  return repo.findOrganization(ctx.db, id, resellerScope(actor));
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
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateOrganizationRow(tx, id, values);
    // The name is what trials and customers are searched by.
    if (patch.name !== undefined && patch.name !== row.name) await refreshOrganizationSearchText(tx, id);
  });
  const [organization] = await withHolders(ctx.db, [toOrganization({ ...row, ...values })]);
  return organization!;
}

export async function listOrganizations(ctx: Ctx, actor: Actor, p: PageParams) {
  const organizations = await repo.organizationPage(ctx.db, resellerScope(actor), p);
  return { ...organizations, data: await withHolders(ctx.db, organizations.data) };
}
