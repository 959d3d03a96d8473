/** @module The vendor's SQL: resellers, their API keys, licences. */
import type { Selectable } from 'kysely';
import type { ApiKeyTable, LicenceTable, ResellerTable } from '../../db/schema.js';
import { page, type PageParams } from '../../db/pagination.js';
import type { Tx } from '../../app/context.js';
import { toLicence, toReseller } from './model.js';

export function findReseller(db: Tx, id: string): Promise<Selectable<ResellerTable> | undefined> {
  return db.selectFrom('resellers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function resellerById(db: Tx, id: string): Promise<Selectable<ResellerTable>> {
  return db.selectFrom('resellers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function insertReseller(tx: Tx, row: Selectable<ResellerTable>): Promise<void> {
  await tx.insertInto('resellers').values(row).execute();
}

export async function updateResellerRow(tx: Tx, id: string, values: Partial<Selectable<ResellerTable>>): Promise<void> {
  await tx.updateTable('resellers').set(values).where('id', '=', id).execute();
}

export function resellerPage(db: Tx, p: PageParams) {
  return page(db.selectFrom('resellers').selectAll(), p, toReseller);
}

export async function insertApiKey(tx: Tx, row: Omit<Selectable<ApiKeyTable>, 'last_used_at' | 'revoked_at'>): Promise<void> {
  await tx.insertInto('api_keys').values(row).execute();
}

export function apiKeysOf(db: Tx, resellerId: string) {
  return db.selectFrom('api_keys').selectAll().where('reseller_id', '=', resellerId).orderBy('id', 'desc').execute();
}

/** Revokes a live key of the reseller; false when there is none. */
export async function revokeApiKeyRow(tx: Tx, resellerId: string, keyId: string, at: string): Promise<boolean> {
  const res = await tx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', keyId).where('reseller_id', '=', resellerId).where('revoked_at', 'is', null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export async function insertLicence(tx: Tx, row: Selectable<LicenceTable>): Promise<void> {
  await tx.insertInto('licences').values(row).execute();
}

export function licencePage(db: Tx, p: PageParams) {
  return page(db.selectFrom('licences').selectAll(), p, toLicence);
}

export function findLicence(db: Tx, id: string): Promise<Selectable<LicenceTable> | undefined> {
  return db.selectFrom('licences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The catalogue in the order resellers see it: by customer type, cheapest first. */
export function catalogue(db: Tx) {
  return db.selectFrom('licences').selectAll().orderBy('customer_type').orderBy('price_amount').execute();
}
