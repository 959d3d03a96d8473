/**
 * @module A short-lived, bounded cache of API-key lookups: the hot path skips a query per request. Revocation evicts the key
 * at once in this process; other processes stop accepting it (and the widget sessions it minted) within TTL_MS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { StoreMap } from '../request-scope.js';

export const TTL_MS = 10_000;
const MAX = 10_000;

interface Entry {
  keyId: string;
  resellerId: string;
  expires: number;
}

/** By key hash (a presented key) and by key id (the key that minted a widget session): whether it still holds. */
interface KeyStatus {
  resellerId: string;
  active: boolean;
  expires: number;
}

const caches = new StoreMap<Map<string, Entry>>();
const statuses = new StoreMap<Map<string, KeyStatus>>();

function cacheFor(db: Kysely<Database>) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

function statusesFor(db: Kysely<Database>) {
  let c = statuses.get(db);
  if (!c) statuses.set(db, (c = new Map()));
  return c;
}

/** Whether the API key `keyId` of `resellerId` exists and is not revoked; read from the store at most every TTL_MS. */
export async function apiKeyActive(db: Kysely<Database>, keyId: string, resellerId: string): Promise<boolean> {
  const c = statusesFor(db);
  let status = c.get(keyId);
  if (!status || status.expires <= performance.now()) {
    const row = await db.selectFrom('api_keys').select(['reseller_id', 'revoked_at']).where('id', '=', keyId).executeTakeFirst();
    if (c.size >= MAX) c.delete(c.keys().next().value!);
    status = { resellerId: row?.reseller_id ?? '', active: !!row && !row.revoked_at, expires: performance.now() + TTL_MS };
    c.set(keyId, status);
  }
  return status.active && status.resellerId === resellerId;
}

export function cachedKey(db: Kysely<Database>, hash: string): Entry | undefined {
  const c = cacheFor(db);
  const e = c.get(hash);
  if (e && e.expires > performance.now()) return e;
  if (e) c.delete(hash);
  return undefined;
}

export function rememberKey(db: Kysely<Database>, hash: string, keyId: string, resellerId: string): void {
  const c = cacheFor(db);
  if (c.size >= MAX) c.delete(c.keys().next().value!);
  c.set(hash, { keyId, resellerId, expires: performance.now() + TTL_MS });
}

export function evictKey(db: Kysely<Database>, keyId: string): void {
  const c = cacheFor(db);
  for (const [hash, e] of c) if (e.keyId === keyId) c.delete(hash);
  statusesFor(db).delete(keyId);
}
