/** @module Cursor pagination over time-sortable ids: newest first, the cursor is the last id seen. */
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

export interface PageParams {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export async function page<TB extends keyof Database, Row extends { id: string }, T>(
  query: SelectQueryBuilder<Database, TB, Row>,
  p: PageParams,
  map: (row: Row) => T,
  idColumn = 'id',
): Promise<Page<T>> {
  const rows = await pageRows(query, p, idColumn);
  return { data: rows.data.map(map), nextCursor: rows.nextCursor };
}

export async function pageRows<TB extends keyof Database, Row extends { id: string }>(
  query: SelectQueryBuilder<Database, TB, Row>,
  p: PageParams,
  idColumn = 'id',
): Promise<Page<Row>> {
  const limit = Math.min(p.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  let q = query as SelectQueryBuilder<any, any, Row>;
  if (p.cursor) q = q.where(idColumn, '<', p.cursor);
  const rows = await q.orderBy(idColumn, 'desc').limit(limit + 1).execute();
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}
