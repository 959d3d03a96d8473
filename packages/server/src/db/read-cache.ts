/**
 * @module A read cache for hot list endpoints: an entry is served only while the store's data version is the one it
 * was read at, so any committed write anywhere (this process or another) invalidates everything. Reseller systems poll
 * lists far more often than anything changes; polling then costs a version check instead of a query. The version is
 * the store's (db/connect.ts): on SQLite `PRAGMA data_version` with this process's writes, on PostgreSQL the snapshot
 * a statement would see.
 */

const MAX_ENTRIES = 2_000;

interface Entry {
  version: string;
  /** The load itself: readers arriving at the same version while it runs wait for it instead of loading again. */
  value: Promise<unknown>;
}

export class ReadCache {
  readonly #entries = new Map<string, Entry>();

  /** `dataVersion` is the store's; without one every read loads. */
  constructor(private readonly dataVersion: (() => string | Promise<string>) | undefined) {}

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.dataVersion) return load();
    // Read the version before the data: whatever the load sees is at least this new, so an entry is never
    // fresher-labelled than its content. (SQLite's version is synchronous: no await, no extra turn.)
    const v = this.dataVersion();
    const version = typeof v === 'string' ? v : await v;
    const hit = this.#entries.get(key);
    if (hit && hit.version === version) return hit.value as Promise<T>;
    const entry: Entry = { version, value: load() };
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, entry);
    try {
      return (await entry.value) as T;
    } catch (err) {
      // A failed load is not an answer: the next reader loads again.
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw err;
    }
  }
}
