/** @module The orders' SQL: rows, guarded status moves, and the signed agreement's bytes. */
import type { Selectable } from 'kysely';
import { page, type PageParams } from '../../db/pagination.js';
import { scopedRow } from '../../db/scoped.js';
import type { OrderTable } from '../../db/schema.js';
import type { Tx } from '../../app/context.js';
import { toOrder } from './model.js';

export type OrderRow = Selectable<OrderTable>;

/** The trial's order in one of `statuses`, if any. */
export function orderOfTrialIn(db: Tx, trialId: string, statuses: readonly string[]) {
  return db.selectFrom('orders').select(['id', 'status']).where('trial_id', '=', trialId).where('status', 'in', statuses).executeTakeFirst();
}

export function findOrder(db: Tx, id: string, scope: string | null): Promise<OrderRow> {
  return scopedRow(db, 'orders', id, scope, 'order');
}

export async function insertOrder(tx: Tx, row: OrderRow): Promise<void> {
  await tx.insertInto('orders').values(row).execute();
}

export function orderPage(db: Tx, scope: string | null, p: PageParams & { status?: string; trialId?: string }) {
  let q = db.selectFrom('orders').selectAll();
  if (scope) q = q.where('reseller_id', '=', scope);
  if (p.status) q = q.where('status', '=', p.status);
  if (p.trialId) q = q.where('trial_id', '=', p.trialId);
  return page(q, p, toOrder);
}

/** Updates the order only while its status is one of `statuses`; the row as stored, or null when it is not. */
export async function updateOrderIn(tx: Tx, id: string, statuses: readonly string[], values: Partial<OrderRow>): Promise<OrderRow | null> {
  const [row] = await tx.updateTable('orders').set(values).where('id', '=', id).where('status', 'in', statuses).returningAll().execute();
  return row ?? null;
}

export async function orderStatus(db: Tx, id: string): Promise<string> {
  return (await db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

export async function replaceAgreement(tx: Tx, orderId: string, content: Uint8Array): Promise<void> {
  await tx.deleteFrom('agreements').where('order_id', '=', orderId).execute();
  await tx.insertInto('agreements').values({ order_id: orderId, content }).execute();
}

export async function agreementContent(db: Tx, orderId: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom('agreements').select('content').where('order_id', '=', orderId).executeTakeFirst();
  return row ? new Uint8Array(row.content) : null;
}
