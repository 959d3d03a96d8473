/**
 * @module The SQL an app compiled once and reuses (insert shapes, compiled queries), kept in its context and reached
 * through the handle's work. One app has one dialect, so a statement's SQL is the same for every call.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { workOf } from './work-handle.js';

const MAX_ENTRIES = 500;

export class CompiledSql {
  readonly #entries = new Map<unknown, unknown>();

  /** What `compile` returned for `key`, compiled on first use; bounded, the oldest entry leaves first. */
  get<T>(key: unknown, compile: () => T): T {
    if (this.#entries.has(key)) return this.#entries.get(key) as T;
    const value = compile();
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value);
    this.#entries.set(key, value);
    return value;
  }
}

/** What a handle's work carries for compiled SQL to be reused (the AppContext's handles do). */
export interface CompiledSqlWork {
  compiledSql: CompiledSql;
}

/** The app's compiled SQL behind `db`; undefined for a bare store handle (which then compiles every time). */
export function compiledSqlOf(db: Kysely<Database>): CompiledSql | undefined {
  return workOf<CompiledSqlWork>(db)?.compiledSql;
}
