/**
 * @module PostgreSQL's data version for the read cache (db/read-cache.ts): the snapshot a statement starting now would
 * take (`xmin:xmax:in-progress xids`). Which rows a statement sees is decided by its snapshot alone, so two equal
 * snapshots see the same data, and any commit (or abort) of a writing transaction anywhere on the server moves it. A
 * read-only statement takes no transaction id, so polling leaves it where it is. One round trip of a few bytes instead
 * of the query it spares; readers arriving together share one (sharedReads).
 */
import type pg from 'pg';
import { SharedLookup } from '../shared-lookup.js';

const SNAPSHOT = { text: 'select pg_current_snapshot()::text', rowMode: 'array' } as const;

export function pgDataVersion(pool: pg.Pool): () => Promise<string> {
  return sharedReads(async () => (await pool.query<[string]>(SNAPSHOT)).rows[0]![0]);
}

/** The one key of sharedReads' lookup. */
const ONLY = '';

/**
 * `read` shared by callers that arrive together. A read already in flight was sent before the caller asked, so it may
 * predate a commit the caller's client has already seen; the caller waits for the next read instead, which starts when
 * that one settles and is shared by everyone who asked meanwhile. Every caller thus gets a value read after it asked,
 * and 32 concurrent requests cost two statements rather than 32. A shared lookup of one key (../shared-lookup.ts).
 */
export function sharedReads<T>(read: () => Promise<T>): () => Promise<T> {
  const lookup = new SharedLookup<T>(async () => new Map([[ONLY, await read()]]));
  return () => lookup.get(ONLY) as Promise<T>;
}
