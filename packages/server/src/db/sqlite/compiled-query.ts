/**
 * @module Queries on the hot paths with their SQL compiled once per dialect, like `insertRows` for inserts. Kysely
 * builds and compiles a fresh operation tree on every call (10–15 µs for a select with a subquery); here the builder
 * runs once with placeholder values, and each call binds its own values where the placeholders were.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { compiledSqlOf } from '../compiled-sql.js';
import { executeCompiled } from '../work-handle.js';
import type { Database } from '../schema.js';

/** Stands in for a named value while the query is compiled; found again by identity among the compiled parameters. */
class Placeholder {
  constructor(readonly name: string) {}
}

/**
 * `build` receives placeholders for the named values; it must use each as a plain value (compared, inserted), not
 * inspect it or branch on it: what it builds is compiled once and reused for every call. Arrays (`in` lists) change the
 * SQL with their length and are not accepted as values.
 */
export function compiledQuery<P extends Record<string, string | number | null>, R>(names: readonly (keyof P & string)[], build: (db: Kysely<Database>, values: P) => Compilable<R>) {
  const placeholders = Object.fromEntries(names.map((n) => [n, new Placeholder(n)])) as unknown as P;
  /** This query's key in an app's compiled SQL. */
  const key = Symbol('compiledQuery');
  const compile = (db: Kysely<Database>) => {
    const compiled = build(db, placeholders).compile();
    const found = new Set(compiled.parameters.filter((p) => p instanceof Placeholder).map((p) => (p as Placeholder).name));
    const missing = names.filter((n) => !found.has(n));
    if (missing.length) throw new Error(`compiledQuery: ${missing.join(', ')} did not reach the SQL as a value`);
    return compiled;
  };
  return async (db: Kysely<Database>, values: P): Promise<R[]> => {
    const compiled = compiledSqlOf(db)?.get(key, () => compile(db)) ?? compile(db);
    const parameters = compiled.parameters.map((p) => (p instanceof Placeholder ? values[p.name] : p));
    const { rows } = await executeCompiled<R>(db, CompiledQuery.raw(compiled.sql, parameters));
    return rows;
  };
}
