/**
 * @module A read cache for hot list endpoints on SQLite: an entry is served only while the database's data version is
 * the one it was read at, so any write anywhere (this process or another) invalidates everything. Reseller systems
 * poll lists far more often than anything changes; polling then costs a version check instead of a query.
 */

const MAX_ENTRIES = 2_000;

export class ReadCache {
  readonly #entries = new Map<string, { version: string; value: unknown }>();

  /** `dataVersion` is the store's (SQLite); without one (PostgreSQL has no cheap equivalent) every read loads. */
  constructor(private readonly dataVersion: (() => string) | undefined) {}

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.dataVersion) return load();
    // Read the version before the data: whatever the load sees is at least this new, so an entry is never fresher-labelled than its content.
    const version = this.dataVersion();
    const hit = this.#entries.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = await load();
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { version, value });
    return value;
  }
}
