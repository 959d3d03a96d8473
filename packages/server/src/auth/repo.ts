/**
 * @module Authentication's SQL: find a presented API key, note its use, check one still holds; the origins resellers
 * allow for their widget.
 */
import { sql, type Kysely } from 'kysely';
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

/** A reseller's allowedOrigins. */
export async function allowedOriginsOf(db: Kysely<Database>, resellerId: string): Promise<string[]> {
  const row = await db.selectFrom('resellers').select('allowed_origins').where('id', '=', resellerId).executeTakeFirstOrThrow();
  return JSON.parse(row.allowed_origins) as string[];
}

/** Whether any reseller allows `origin`. */
export async function someResellerAllows(db: Kysely<Database>, origin: string): Promise<boolean> {
  // allowed_origins is JSON text: narrow with LIKE on the quoted origin, then confirm by parsing.
  const pattern = `%${JSON.stringify(origin).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await db
    .selectFrom('resellers')
    .select('allowed_origins')
    .where(sql<boolean>`allowed_origins like ${pattern} escape '\\'`)
    .limit(20)
    .execute();
  return rows.some((r) => (JSON.parse(r.allowed_origins) as string[]).includes(origin));
}
