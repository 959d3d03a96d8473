/**
 * @module A short-lived, bounded cache of API-key lookups: the hot path skips a query per request. Revocation evicts the key
 * at once in this process; other processes stop accepting it within TTL_MS.
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

const caches = new StoreMap<Map<string, Entry>>();

function cacheFor(db: Kysely<Database>) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
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
}
