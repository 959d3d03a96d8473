/** @module The webhook endpoints' SQL: rows in the caller's scope, and what goes with an endpoint when it is disabled or deleted. */
import type { Selectable } from 'kysely';
import type { Tx } from '../../app/context.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import { scopedRow } from '../../db/scoped.js';
import type { WebhookEndpointTable } from '../../db/schema.js';

export type EndpointRow = Selectable<WebhookEndpointTable>;

export function findEndpoint(db: Tx, id: string, scope: string | null): Promise<EndpointRow> {
  return scopedRow(db, 'webhook_endpoints', id, scope, 'webhook endpoint');
}

/** The endpoints `owner` has (a reseller's id, or null for the vendor's own). */
export async function countOwnedEndpoints(db: Tx, owner: string | null): Promise<number> {
  const { n } = await db
    .selectFrom('webhook_endpoints')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('reseller_id', owner === null ? 'is' : '=', owner)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function insertEndpoint(db: Tx, row: EndpointRow): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export function endpointPage(db: Tx, scope: string | null, p: PageParams) {
  let q = db.selectFrom('webhook_endpoints').selectAll();
  if (scope) q = q.where('reseller_id', '=', scope);
  return pageRows(q, p);
}

export async function updateEndpointRow(tx: Tx, id: string, set: Partial<EndpointRow>): Promise<void> {
  await tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
}

/** Parks the endpoint's pending deliveries as `disabled`, their leases released. */
export async function disablePendingDeliveries(tx: Tx, endpointId: string): Promise<void> {
  await tx.updateTable('webhook_deliveries').set({ status: 'disabled', lease_until: null, lease_owner: null }).where('endpoint_id', '=', endpointId).where('status', '=', 'pending').execute();
}

/** The endpoint with its deliveries and their attempts. */
export async function deleteEndpointRows(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
  await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

export function deliveryOf(db: Tx, eventId: string, endpointId: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).where('endpoint_id', '=', endpointId).executeTakeFirstOrThrow();
}
