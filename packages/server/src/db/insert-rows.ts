/**
 * @module Inserts on the hot write paths with their SQL built once per shape. Kysely builds and compiles a fresh,
 * frozen operation tree on every call, a sizeable part of a write request's CPU (a trial creation makes six inserts);
 * the SQL of an insert of plain values depends only on the table, the columns and the number of rows. Here Kysely
 * compiles it the first time and it is reused with the new values in the order Kysely binds them (row by row, column
 * by column). The SQL is kept in the app's context (compiled-sql.ts).
 */
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { compiledSqlOf } from './compiled-sql.js';
import { executeDeferred } from './work-handle.js';

const plain = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function' && v !== undefined) || v instanceof Uint8Array;

function sameColumns(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function insertRows<T extends keyof Database & string>(db: Kysely<Database> | Transaction<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  // Anything but rows of plain values under the first row's columns gets Kysely's own handling: it leaves out
  // undefined values, fills missing columns with DEFAULT and compiles expressions.
  const uniform = rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i] && plain((r as Record<string, unknown>)[k]));
  });
  const compiled = compiledSqlOf(db);
  if (!uniform || !compiled) {
    await db.insertInto(table).values(rows).execute();
    return;
  }
  // Keyed by table and row count, the columns checked against the entry's: building and hashing a key string of every
  // column name on each insert cost more than the comparison. A table inserted with other columns keys on them too.
  const shape = `insert|${table}|${rows.length}`;
  let entry = compiled.get(shape, () => ({ columns, sql: db.insertInto(table).values(rows).compile().sql }));
  if (!sameColumns(entry.columns, columns)) entry = compiled.get(`${shape}|${columns.join(',')}`, () => ({ columns, sql: db.insertInto(table).values(rows).compile().sql }));
  const text = entry.sql;
  const parameters: unknown[] = [];
  for (const r of rows) for (const c of columns) parameters.push((r as Record<string, unknown>)[c]);
  // Nothing is read back: on PostgreSQL it may go with the transaction's next statement (executeDeferred).
  await executeDeferred(db, CompiledQuery.raw(text, parameters));
}
