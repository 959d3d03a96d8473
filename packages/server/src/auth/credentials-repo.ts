/** @module The API keys' SQL as authentication needs it: find a presented key, note its use, check one still holds. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export function keyByHash(db: Kysely<Database>, hash: string) {
  return db.selectFrom('api_keys').select(['id', 'reseller_id', 'revoked_at', 'last_used_at']).where('key_hash', '=', hash).executeTakeFirst();
}

export async function touchKey(db: Kysely<Database>, keyId: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', keyId).execute();
}

export function keyStatus(db: Kysely<Database>, keyId: string) {
  return db.selectFrom('api_keys').select(['reseller_id', 'revoked_at']).where('id', '=', keyId).executeTakeFirst();
}
