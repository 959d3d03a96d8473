/** @module The archived widget releases' SQL. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, WidgetReleaseTable } from '../../db/schema.js';

export function findRelease(db: Kysely<Database>, version: string) {
  return db.selectFrom('widget_releases').select('content').where('version', '=', version).executeTakeFirst();
}

/** Every chunk archived with `version`'s entry, keyed `<version>/chunks/<file>`. */
export function findReleaseChunks(db: Kysely<Database>, version: string) {
  return db.selectFrom('widget_releases').select(['version', 'content']).where('version', 'like', `${version}/chunks/%`).orderBy('version').execute();
}

/** A published version never changes: a second archive of it keeps the first. True when this call stored the row. */
export async function archiveRelease(db: Kysely<Database>, row: Insertable<WidgetReleaseTable>): Promise<boolean> {
  const result = await db.insertInto('widget_releases').values(row).onConflict((oc) => oc.column('version').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
