/**
 * @module Fetch-or-404 within a reseller's scope: a row of another reseller is indistinguishable from a missing one.
 * `scope` is the reseller's id, or null for the vendor, who sees every row.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { NotFoundError } from '../errors.js';
import type { Database } from './schema.js';

type ScopedTable = 'trials' | 'orders' | 'customers' | 'organizations' | 'webhook_endpoints';

export async function scopedRow<T extends ScopedTable>(db: Kysely<Database> | Transaction<Database>, table: T, id: string, scope: string | null, what: string): Promise<Selectable<Database[T]>> {
  let q = (db as Kysely<Database>).selectFrom(table as 'trials').selectAll().where('id', '=', id);
  if (scope) q = q.where('reseller_id', '=', scope);
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError(what, id);
  return row as unknown as Selectable<Database[T]>;
}
