/**
 * @module Group flush: PostgreSQL's analogue of SQLite's group commit (db/sqlite/group-commit.ts). A transaction that
 * wrote only through the write-behind buffer (write-behind.ts) commits as one autocommit statement; when several reach
 * COMMIT at about the same time, their buffers go as ONE statement: one round trip, one WAL flush, one executor start-up
 * instead of one each. Under load that start-up (opening each table and its indexes for every data-modifying CTE) and
 * the commit are most of a trial creation's cost in the PostgreSQL backend.
 *
 * - Owned by the driver, shared by its connections. One statement is in flight at a time: a member that finds none is
 *   sent after the current turn of the event loop, with the members that came in that turn (at low load, a turn's
 *   wait); members that come while one is in flight queue, and when it completes they go together, up to MAX_MEMBERS
 *   and MAX_PARAMETERS, on the first one's connection. The batch grows with the load, like the round trip it waits for.
 *   The turn matters under load: a statement's answer releases its writers together, and their next commits come in
 *   one turn; sent at once, the first of them went alone and the rest queued behind it (groups of 1 and 7 for eight
 *   writers, each paying a round trip, a plan and a WAL flush).
 * - A statement still in flight after STALL_MS is waiting for a lock (another transaction's row, a unique key it also
 *   inserted) or a busy server: the queue then goes on without it, in a statement of its own. Otherwise every commit
 *   would wait for that lock's holder, and a holder that itself waits for one of the queued commits (a transaction
 *   that runs another inside it) would never get it: a deadlock neither PostgreSQL nor anyone else could see.
 * - Plain inserts (`insert into "t" (cols) values (…)`, as `insertRows` compiles them) of one table and columns become
 *   ONE multi-row insert over all members, so the table is opened once; the rest (an `insert … select`, the SELECTs of
 *   a NOTIFY) stay one CTE or select-list item each. A member has at most one insert a table (write-behind sends the
 *   buffer before a second), so its rows keep their order, and its serial numbers (events.seq) theirs.
 * - The statement is atomic: an error response means nothing of it committed. Then each member runs its own buffer,
 *   on its own connection, and gets exactly the answer it would have had alone (two trials for one organization: one
 *   commits, the other gets the unique violation). An error without SQLSTATE (the connection failed) leaves unknown
 *   whether the statement committed: every member fails with it and nothing is retried.
 * - An insert with RETURNING is answered: its rows go to the function its caller deferred it with (executeDeferred), once
 *   the statement that carried it has run, as a JSON column of the statement's one row (see combineBuffers).
 * - The texts vary with the members a batch holds; the driver names (prepares) a group's text only when it has seen it
 *   before and only up to a share of its names (see StatementNames), so one-off shapes do not use them up.
 */
import type { CompiledQuery } from 'kysely';

/** More members would make the first ones wait longer for their answer than the saving is worth. */
const MAX_MEMBERS = 64;
/** Parameters a group statement may carry (PostgreSQL's limit is 65 535 a statement). */
const MAX_PARAMETERS = 60_000;
/**
 * How long a statement may be in flight before the queue stops waiting for it. A group's statement takes a few
 * milliseconds; a timer also fires late when the event loop is busy, and counts that as stalling (then a group merely
 * goes in two statements), so this is far above both.
 */
const STALL_MS = 100;

/** Where a group statement is sent: a member's connection, its transaction not begun. */
export interface FlushConnection {
  /** Sends `sql` as one autocommit statement; `group` when it holds several members' buffers. */
  sendFlush(sql: string, parameters: readonly unknown[], group: boolean): Promise<{ rows: readonly unknown[] }>;
}

/** Told the rows a buffered insert's RETURNING gave, once the statement that carried it has run. */
export type Answer = (rows: Record<string, unknown>[]) => void;

/** A transaction's buffer: its statements in order, and for each the function its rows go to (if it returns any). */
export interface Buffer {
  queries: readonly CompiledQuery[];
  answers: readonly (Answer | undefined)[];
}

/** Buffers as one statement: combineBuffers, or a cache of its texts (combined-texts.ts). */
export type Combine = (buffers: readonly (readonly CompiledQuery[])[]) => { sql: string; parameters: unknown[] };

interface Member extends Buffer {
  connection: FlushConnection;
  parameters: number;
  resolve(): void;
  reject(e: unknown): void;
}

export class GroupFlush {
  /** Statements in flight that have not stalled: while there is one, members queue. */
  #active = 0;
  #queue: Member[] = [];
  /** A drain is due after this turn of the event loop. */
  #lingering = false;

  constructor(private readonly combine: Combine = combineBuffers) {}

  /** Commits `buffer` (a transaction's, not empty) as part of one statement; rejects with what it alone would have. */
  flush(connection: FlushConnection, buffer: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const parameters = buffer.queries.reduce((n, q) => n + q.parameters.length, 0);
      this.#queue.push({ connection, queries: buffer.queries, answers: buffer.answers, parameters, resolve, reject });
      if (this.#active === 0 && !this.#lingering) {
        // After this turn of the event loop: the transactions committing in it (the writers a statement's answer
        // released together) go with this one rather than queue behind it alone.
        this.#lingering = true;
        setImmediate(() => {
          this.#lingering = false;
          void this.#drain();
        });
      }
    });
  }

  /** Sends the queue, a batch at a time, while no other statement is in flight that has not stalled. */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && this.#active === 0) {
      this.#active++;
      let stalled = false;
      const timer = setTimeout(() => {
        stalled = true;
        this.#active--;
        if (this.#active === 0 && this.#queue.length > 0) void this.#drain();
      }, STALL_MS);
      await this.#send(this.#take());
      clearTimeout(timer);
      if (!stalled) this.#active--;
    }
  }

  #take(): Member[] {
    let parameters = 0;
    let n = 0;
    while (n < this.#queue.length && n < MAX_MEMBERS) {
      const next = this.#queue[n]!.parameters;
      if (n > 0 && parameters + next > MAX_PARAMETERS) break;
      parameters += next;
      n++;
    }
    return this.#queue.splice(0, n);
  }

  /** Never rejects: each member is settled. */
  async #send(batch: Member[]): Promise<void> {
    if (batch.length === 1) return this.#alone(batch[0]!);
    const statement = this.combine(batch.map((m) => m.queries));
    let rows: readonly unknown[];
    try {
      ({ rows } = await batch[0]!.connection.sendFlush(statement.sql, statement.parameters, true));
    } catch (e) {
      if (!isErrorResponse(e)) {
        for (const m of batch) m.reject(e);
        return;
      }
      // Nothing committed: each on its own, at once, to learn which of them failed and how.
      await Promise.all(batch.map((m) => this.#alone(m)));
      return;
    }
    deliverAnswers(rows, batch);
    for (const m of batch) m.resolve();
  }

  async #alone(m: Member): Promise<void> {
    const own = this.combine([m.queries]);
    let rows: readonly unknown[];
    try {
      ({ rows } = await m.connection.sendFlush(own.sql, own.parameters, false));
    } catch (e) {
      m.reject(e);
      return;
    }
    deliverAnswers(rows, [m]);
    m.resolve();
  }
}

/**
 * PostgreSQL answered with an error (it has a SQLSTATE and a severity): the statement did not commit. A failed
 * connection (ECONNRESET, a timeout of the client) has neither, and leaves that unknown.
 */
function isErrorResponse(e: unknown): boolean {
  const { code, severity } = (e ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string';
}

/** A plain insert as `insertRows` compiles it: its head (table and columns) and its tuples of placeholders. */
const PLAIN_INSERT = /^(insert into "[a-z_]+" \([^)]*\)) values (\(\$1[$0-9, ()]*\))$/;

/** The column of a combined statement's one row that carries its answered inserts' rows. */
const ANSWERS = 'rk_answers';
/** An insert whose rows its caller wants: `insert … returning …` (insertRows' plain inserts never return any). */
const returnsRows = (sql: string) => /^insert\b/i.test(sql) && /\breturning\b/i.test(sql);

/**
 * Buffers (each a transaction's, in its order) as one statement: the plain inserts of one head as one multi-row
 * insert, placed where the first of them came; every other insert a data-modifying CTE; the SELECTs one select list,
 * the main statement (else the last insert is). Every sub-statement runs: PostgreSQL executes data-modifying CTEs
 * whether or not the main query reads them, and checks foreign keys at the statement's end, after all of them. Each
 * statement's placeholders are numbered after the ones before it. One buffer comes out as it was combined before
 * groups existed: its statements in its order.
 * Inserts with RETURNING stay CTEs, and the select list (then always the main statement) ends with `rk_answers`: a JSON
 * array of `{ m, r }`, each row `r` of the statement at position `m` (counted over all buffers' statements in order).
 */
export function combineBuffers(buffers: readonly (readonly CompiledQuery[])[]): { sql: string; parameters: unknown[] } {
  if (buffers.length === 1 && buffers[0]!.length === 1 && !returnsRows(buffers[0]![0]!.sql)) return { sql: buffers[0]![0]!.sql, parameters: [...buffers[0]![0]!.parameters] };
  const parameters: unknown[] = [];
  const renumbered = (text: string, q: CompiledQuery) => {
    const offset = parameters.length;
    parameters.push(...q.parameters);
    return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  /** Inserts in order; a plain one's entry collects the tuples of every insert with its head. */
  const inserts: { head?: string; tuples: string[] }[] = [];
  const plain = new Map<string, string[]>();
  const selects: string[] = [];
  /** Answered inserts: their CTE's position among the inserts, and their own among all statements. */
  const answered: { cte: number; m: number }[] = [];
  let position = 0;
  for (const buffer of buffers) {
    for (const q of buffer) {
      const m = PLAIN_INSERT.exec(q.sql);
      if (!m && returnsRows(q.sql)) answered.push({ cte: inserts.length, m: position });
      position++;
      if (m) {
        const tuples = plain.get(m[1]!);
        if (tuples) tuples.push(renumbered(m[2]!, q));
        else {
          const entry = { head: m[1]!, tuples: [renumbered(m[2]!, q)] };
          plain.set(m[1]!, entry.tuples);
          inserts.push(entry);
        }
      } else if (/^insert\b/i.test(q.sql)) inserts.push({ tuples: [renumbered(q.sql, q)] });
      else selects.push(renumbered(q.sql, q));
    }
  }
  const texts = inserts.map((i) => (i.head === undefined ? i.tuples[0]! : `${i.head} values ${i.tuples.join(', ')}`));
  const list = selects.map((s) => `(${s})`);
  if (answered.length) {
    const rows = answered.map((a) => `select ${a.m} as m, row_to_json(w${a.cte}) as r from w${a.cte}`).join(' union all ');
    list.push(`(select coalesce(json_agg(a), '[]') from (${rows}) a) as ${ANSWERS}`);
  }
  const main = list.length ? `select ${list.join(', ')}` : texts.pop()!;
  return { sql: texts.length ? `with ${texts.map((s, i) => `w${i} as (${s})`).join(', ')} ${main}` : main, parameters };
}

/** Hands each answered statement of `buffers` (combined in this order) its rows, from the combined statement's result. */
export function deliverAnswers(result: readonly unknown[], buffers: readonly Buffer[]): void {
  if (!buffers.some((b) => b.answers.length > 0)) return;
  const byPosition = new Map<number, Record<string, unknown>[]>();
  for (const { m, r } of (result[0] as { [ANSWERS]?: { m: number; r: Record<string, unknown> }[] } | undefined)?.[ANSWERS] ?? []) {
    const rows = byPosition.get(m);
    if (rows) rows.push(r);
    else byPosition.set(m, [r]);
  }
  let position = 0;
  for (const { queries, answers } of buffers) {
    for (let i = 0; i < queries.length; i++, position++) answers[i]?.(byPosition.get(position) ?? []);
  }
}
