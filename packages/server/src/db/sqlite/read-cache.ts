/**
 * @module A read cache for hot list endpoints on SQLite: an entry is served only while the database's data version is
 * the one it was read at, so any write anywhere (this process or another) invalidates everything. Reseller systems
 * poll lists far more often than anything changes; polling then costs a version check instead of a query.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { StoreMap } from '../../request-scope.js';

const MAX_ENTRIES = 2_000;
const caches = new StoreMap<Map<string, { version: string; value: unknown }>>();

export async function cachedRead<T>(db: Kysely<Database>, dataVersion: (() => string) | undefined, key: string, load: () => Promise<T>): Promise<T> {
  if (!dataVersion) return load();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  // Read the version before the data: whatever the load sees is at least this new, so an entry is never fresher-labelled than its content.
  const version = dataVersion();
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await load();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, value });
  return value;
}
