/** @module The one way services open a transaction: they name the work, repos run its statements on `tx`. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export function inTransaction<T>(db: Kysely<Database>, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
