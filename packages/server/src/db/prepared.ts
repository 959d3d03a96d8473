/**
 * @module Hot statements that PostgreSQL keeps prepared on each connection. Unnamed, a statement is parsed, analysed and
 * planned at every call: for the worker's claim that was a quarter of the server's CPU per delivery sent (bench
 * /webhooks-cpu.ts on PostgreSQL, worker alone: 240–260 µs, 190 µs prepared). A text marked here
 * is named on each connection instead (the write-behind driver sees the mark), so the server does that once and
 * node-postgres reads its result description once.
 *
 * Only for fixed texts (one text whatever the arguments: arrays, not lists of placeholders) whose result columns are
 * listed, never `*`: a migration that adds a column while the process runs changes what `*` means, and a prepared
 * statement whose result changes fails. After five calls PostgreSQL may keep one generic plan for every argument, so
 * mark a statement only when the bench says so: marking the record of successes made the end-to-end row slower
 * (0.11–0.12 of the raw loop against 0.16–0.17). Its generic plan, made while the deliveries' table was small, found the
 * rows to update by a sequential scan, and kept doing so as the table grew (auto_explain). SQLite ignores the mark (a
 * comment).
 */
import { sql } from 'kysely';

/** At the end of the text, where the checks that read a statement's first word (is it a plain SELECT?) do not see it. */
const MARK = ' /* prepared */';

/** The mark at the end of a `sql` template: sql`select …${PREPARE}`. */
export const PREPARE = sql.raw(MARK);

/** `text` marked to be prepared. */
export function prepared(text: string): string {
  return text + MARK;
}

/** Whether `text` was marked by `prepared`. */
export function isPrepared(text: string): boolean {
  return text.endsWith(MARK);
}
