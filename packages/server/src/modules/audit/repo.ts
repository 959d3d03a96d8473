/** @module The audit log's SQL. */
import type { Insertable, Kysely } from 'kysely';
import { insertRows } from '../../db/insert-rows.js';
import { pageRows, type PageParams } from '../../db/pagination.js';
import type { AuditLogTable, Database } from '../../db/schema.js';

export function insertAuditRow(db: Kysely<Database>, row: Insertable<AuditLogTable>): Promise<void> {
  return insertRows(db, 'audit_log', [row]);
}

export function auditPage(db: Kysely<Database>, p: PageParams & { resourceId?: string }) {
  let q = db.selectFrom('audit_log').selectAll();
  if (p.resourceId) q = q.where('resource_id', '=', p.resourceId);
  return pageRows(q, p);
}
