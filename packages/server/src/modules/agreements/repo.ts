/** @module The agreement template's row and the signature requests' SQL: the open request, its link, its single use. */
import type { Selectable } from 'kysely';
import type { Tx } from '../../app/context.js';
import type { SignatureRequestTable } from '../../db/schema.js';

export type SignatureRequestRow = Selectable<SignatureRequestTable>;

/** The vendor has one template; its row carries this id. */
const TEMPLATE_ID = 'default';

export async function storedTemplate(db: Tx): Promise<{ text: string; updated_at: string } | undefined> {
  return db.selectFrom('agreement_templates').select(['text', 'updated_at']).where('id', '=', TEMPLATE_ID).executeTakeFirst();
}

export async function saveTemplate(tx: Tx, text: string, at: string): Promise<void> {
  await tx
    .insertInto('agreement_templates')
    .values({ id: TEMPLATE_ID, text, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ text, updated_at: at }))
    .execute();
}

export async function insertSignatureRequest(tx: Tx, row: SignatureRequestRow): Promise<void> {
  await tx.insertInto('signature_requests').values(row).execute();
}

/**
 * Withdraws the order's open request, if any (a new link supersedes it, an uploaded PDF replaces it): its link then
 * opens the "no longer valid" page. The status leaves `sent`, so the one-open-per-order index admits the next one.
 */
export async function revokeOpenSignatureRequest(tx: Tx, orderId: string, at: string): Promise<boolean> {
  const [r] = await tx.updateTable('signature_requests').set({ status: 'expired', revoked_at: at }).where('order_id', '=', orderId).where('status', '=', 'sent').execute();
  return Number(r?.numUpdatedRows ?? 0) > 0;
}

/** The order's latest request, whatever became of it. */
export function latestSignatureRequest(db: Tx, orderId: string): Promise<SignatureRequestRow | undefined> {
  return db.selectFrom('signature_requests').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function requestByTokenHash(db: Tx, tokenHash: string): Promise<SignatureRequestRow | undefined> {
  return db.selectFrom('signature_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Uses the link once: only the first of any number of racing posts finds `used_at` null and `status` sent, and only
 * before it expires. The row as stored, or null when the link was no longer usable.
 */
export async function useSignatureRequest(tx: Tx, id: string, at: string, values: { status: 'signed' | 'declined'; decline_reason?: string | null }): Promise<SignatureRequestRow | null> {
  const [row] = await tx
    .updateTable('signature_requests')
    .set({ used_at: at, ...values })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('status', '=', 'sent')
    .where('expires_at', '>', at)
    .returningAll()
    .execute();
  return row ?? null;
}
