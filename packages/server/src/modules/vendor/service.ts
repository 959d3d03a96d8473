/** @module The vendor's catalogue and partners: resellers, their API keys, licences. */
import { inTransaction } from '../../db/transaction.js';
import type { PageParams } from '../../db/pagination.js';
import { toLicence, toReseller, type CustomerType } from './model.js';
import * as repo from './repo.js';
import { NotFoundError } from '../../errors.js';
import { newId, newSecret } from '../../ids.js';
import { tokenHash } from '../../auth/secrets.js';
import { recordAudit } from '../audit/service.js';
import { nowIso, type Ctx } from '../../app/context.js';

export interface NewReseller {
  name: string;
  orgNumber: string;
  contactEmail: string;
  discountPercent: number;
  allowedOrigins?: string[];
  /** Where the reseller runs its back office; `null` clears it. */
  portalUrl?: string | null;
}

export async function createReseller(ctx: Ctx, input: NewReseller) {
  const row = {
    id: newId('res'),
    name: input.name,
    org_number: input.orgNumber,
    contact_email: input.contactEmail,
    discount_bp: Math.round(input.discountPercent * 100),
    allowed_origins: JSON.stringify(input.allowedOrigins ?? []),
    created_at: nowIso(ctx),
    sie_accounts: null,
    portal_url: input.portalUrl ?? null,
  };
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertReseller(tx, row);
    await recordAudit(tx, row.created_at, { action: 'reseller.created', resourceId: row.id, resellerId: row.id });
  });
  return toReseller(row);
}

export async function updateReseller(ctx: Ctx, id: string, patch: Partial<NewReseller>) {
  const existing = await getResellerRow(ctx, id);
  const values = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.orgNumber !== undefined && { org_number: patch.orgNumber }),
    ...(patch.contactEmail !== undefined && { contact_email: patch.contactEmail }),
    ...(patch.discountPercent !== undefined && { discount_bp: Math.round(patch.discountPercent * 100) }),
    ...(patch.allowedOrigins !== undefined && { allowed_origins: JSON.stringify(patch.allowedOrigins) }),
    ...(patch.portalUrl !== undefined && { portal_url: patch.portalUrl }),
  };
  if (Object.keys(values).length) {
    await inTransaction(ctx.db, async (tx) => {
      await repo.updateResellerRow(tx, id, values);
      await recordAudit(tx, nowIso(ctx), { action: 'reseller.updated', resourceId: id, resellerId: id });
    });
  }
  return toReseller({ ...existing, ...values });
}

export async function getResellerRow(ctx: Pick<Ctx, 'db'>, id: string) {
  const row = await repo.findReseller(ctx.db, id);
  if (!row) throw new NotFoundError('reseller', id);
  return row;
}

export async function getReseller(ctx: Ctx, id: string) {
  return toReseller(await getResellerRow(ctx, id));
}

export async function listResellers(ctx: Ctx, p: PageParams) {
  return repo.resellerPage(ctx.db, p);
}

/** The key is returned once; only its digest is stored. */
export async function createApiKey(ctx: Ctx, resellerId: string, name: string) {
  await getResellerRow(ctx, resellerId);
  const key = newSecret('rk_live_');
  const row = { id: newId('key'), reseller_id: resellerId, name, key_hash: tokenHash(key), key_prefix: key.slice(0, 12), created_at: nowIso(ctx) };
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertApiKey(tx, row);
    await recordAudit(tx, row.created_at, { action: 'api_key.created', resourceId: row.id, resellerId });
  });
  return { id: row.id, name, key, prefix: row.key_prefix, createdAt: row.created_at };
}

export async function listApiKeys(ctx: Ctx, resellerId: string) {
  await getResellerRow(ctx, resellerId);
  const rows = await repo.apiKeysOf(ctx.db, resellerId);
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.key_prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(ctx: Ctx, resellerId: string, keyId: string) {
  await inTransaction(ctx.db, async (tx) => {
    const at = nowIso(ctx);
    if (!(await repo.revokeApiKeyRow(tx, resellerId, keyId, at))) throw new NotFoundError('API key', keyId);
    await recordAudit(tx, at, { action: 'api_key.revoked', resourceId: keyId, resellerId });
  });
  // At once in this process; other processes' caches let go within their TTL.
  ctx.caches.apiKeys.evict(keyId);
}

export interface NewLicence {
  name: string;
  customerType: CustomerType;
  annualPrice: { amount: number; currency: string };
}

export async function createLicence(ctx: Ctx, input: NewLicence) {
  const row = {
    id: newId('lic'),
    name: input.name,
    customer_type: input.customerType,
    price_amount: input.annualPrice.amount,
    currency: input.annualPrice.currency,
    created_at: nowIso(ctx),
  };
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertLicence(tx, row);
    await recordAudit(tx, row.created_at, { action: 'licence.created', resourceId: row.id });
  });
  return toLicence(row);
}

export async function listLicences(ctx: Ctx, p: PageParams) {
  return repo.licencePage(ctx.db, p);
}

export async function getLicenceRow(ctx: Pick<Ctx, 'db'>, id: string) {
  const row = await repo.findLicence(ctx.db, id);
  if (!row) throw new NotFoundError('licence', id);
  return row;
}
