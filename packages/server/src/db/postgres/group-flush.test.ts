import { CompiledQuery, sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { createTestStore, statementsSentDuring, testDialects } from '@resellerkit/dev-env/stores';
import { afterCommit } from '../commit-hooks.js';
import type { Database } from '../schema.js';
import { openStore } from '../connect.js';
import { executeDeferred, WorkDb } from '../work-handle.js';
import { combineBuffers, deliverAnswers, GroupFlush, type Buffer, type FlushConnection } from './group-flush.js';

/** Concurrent trial creations: on PostgreSQL their commits share statements (group-flush.ts), on SQLite a COMMIT. */
describe.each(testDialects)('trials created at once (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
    await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://hooks.example.com/gf' } });
  });
  afterAll(() => h.close());

  const tables = ['trials', 'trial_users', 'emails', 'events', 'webhook_deliveries', 'audit_log'] as const;
  const count = async (table: (typeof tables)[number]) =>
    Number((await h.services.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const organization = async (name: string) => (await h.call('POST', '/v1/organizations', { key: r.key, body: { name } })).body.id as string;
  const trial = (organizationId: string, user: string) => h.call('POST', '/v1/trials', { key: r.key, body: { organizationId, customerType: 'brf', users: [{ email: `${user}@grupp.test` }, { email: `${user}.2@grupp.test`, role: 'reader' }] } });

  it('commits every one of 20 with all its rows, in fewer write statements than trials', async () => {
    const orgs: string[] = [];
    for (let i = 0; i < 20; i++) orgs.push(await organization(`Brf Grupp ${i}`));
    const before = await Promise.all(tables.map(count));
    const { result, sent } = await statementsSentDuring(() => Promise.all(orgs.map((o, i) => trial(o, `u${i}`))));
    expect(result.map((c) => c.status)).toEqual(orgs.map(() => 201));
    const after = await Promise.all(tables.map(count));
    // Per trial: the trial, two users, their two invitation mails, one event, one delivery (one endpoint), one audit row.
    expect(after.map((n, i) => n - before[i]!)).toEqual([20, 40, 40, 20, 20, 20]);
    const ids = result.map((c) => c.body.id as string);
    expect(new Set((await h.services.ctx.db.selectFrom('trials').select('id').where('id', 'in', ids).execute()).map((t) => t.id))).toEqual(new Set(ids));
    if (dialect === 'postgres') {
      const writes = sent.filter((s) => /^with w0 as \(insert into "trials"/.test(s));
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.length).toBeLessThan(20);
      // Some statement carried several trials as one multi-row insert.
      expect(writes.some((s) => /^with w0 as \(insert into "trials" \([^)]*\) values \([^)]*\), \(/.test(s))).toBe(true);
      // Their organizations were read together too (db/shared-lookup.ts), not one statement each.
      const reads = sent.filter((s) => /^select "id", "name", "reseller_id" from "organizations"/.test(s));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.length).toBeLessThan(20);
    }
  });

  it('answers one 201 and one 409 to two trials for one organization at once, with no rows of the refused one', async () => {
    for (let round = 0; round < 3; round++) {
      const org = await organization(`Brf Dubbel ${round}`);
      const others = await Promise.all([0, 1, 2].map((i) => organization(`Brf Bredvid ${round}.${i}`)));
      const before = await Promise.all(tables.map(count));
      const answers = await Promise.all([trial(org, `a${round}`), trial(others[0]!, `x${round}`), trial(org, `b${round}`), trial(others[1]!, `y${round}`), trial(others[2]!, `z${round}`)]);
      const mine = [answers[0]!, answers[2]!];
      expect(mine.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(mine.find((a) => a.status === 409)!.body.error.code).toBe('organization_has_account');
      expect([answers[1]!, answers[3]!, answers[4]!].map((a) => a.status)).toEqual([201, 201, 201]);
      const after = await Promise.all(tables.map(count));
      expect(after.map((n, i) => n - before[i]!)).toEqual([4, 8, 8, 4, 4, 4]);
    }
  });
});

describe.runIf(testDialects.includes('postgres'))('group flush on PostgreSQL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function open() {
    const test = await createTestStore('postgres');
    cleanup.push(() => test.drop());
    const store = openStore(test.url, { poolSize: 6 });
    cleanup.push(() => store.destroy());
    // As services hold it: transactions know their connection, so writes can wait in its buffer (executeDeferred).
    const db: Kysely<Database> = new WorkDb(store.db, undefined);
    // Every connection opened now: a member that had to open one (a new server process) could miss the group it is
    // meant to join, on a slow machine.
    await Promise.all(Array.from({ length: 6 }, () => sql`select pg_sleep(0.05)`.execute(db)));
    await sql`create table item (name text primary key, n int not null)`.execute(db);
    await sql`create table tag (name text not null)`.execute(db);
    const names = async () => (await sql<{ name: string }>`select name from item order by name`.execute(db)).rows.map((row) => row.name);
    const tags = async () => (await sql<{ name: string }>`select name from tag order by name`.execute(db)).rows.map((row) => row.name);
    return { db, names, tags };
  }
  const insert = (tx: Kysely<Database>, name: string, n = 1) => executeDeferred(tx, CompiledQuery.raw('insert into "item" ("name", "n") values ($1, $2)', [name, n]));

  it('keeps the others when a member rolls back or fails, and tells each one\'s hooks how it ended', async () => {
    const { db, names, tags } = await open();
    await sql`insert into item values ('taken', 1)`.execute(db);
    const told: string[] = [];
    const member = (name: string, how: 'commit' | 'throw' | 'conflict') =>
      db.transaction().execute(async (tx) => {
        await insert(tx, how === 'conflict' ? 'taken' : name);
        await executeDeferred(tx, CompiledQuery.raw('insert into "tag" ("name") values ($1)', [name]));
        await afterCommit(tx, (ok) => told.push(`${name}: ${ok}`));
        if (how === 'throw') throw new Error(`${name} refused`);
      });
    const { result, sent } = await statementsSentDuring(async (sending) => {
      // A slow first flush (alone: nothing else is in flight) makes the others queue and go as one group.
      const slow = db.transaction().execute(async (tx) => {
        await insert(tx, 'slow');
        await executeDeferred(tx, CompiledQuery.raw('select pg_sleep($1)', [0.3]));
      });
      await expect.poll(() => sending.some((s) => /pg_sleep/.test(s))).toBe(true);
      return Promise.allSettled([slow, member('a', 'commit'), member('b', 'throw'), member('c', 'conflict'), member('d', 'commit'), member('e', 'commit'), member('f', 'commit')]);
    });
    result.shift();
    // The group (a, c, d, e, f) failed on c's insert, and each then went on its own.
    expect(sent.filter((s) => /^with w0 as \(insert into "item" \("name", "n"\) values \(\$1, \$2\), \(\$\d+, \$\d+\), \(\$\d+, \$\d+\), \(\$\d+, \$\d+\), \(\$\d+, \$\d+\)\) insert into "tag"/.test(s))).toHaveLength(1);
    expect(sent.filter((s) => s === 'with w0 as (insert into "item" ("name", "n") values ($1, $2)) insert into "tag" ("name") values ($3)')).toHaveLength(5);
    expect(result.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(((result[1] as PromiseRejectedResult).reason as Error).message).toBe('b refused');
    expect((result[2] as PromiseRejectedResult).reason).toMatchObject({ code: '23505', constraint: 'item_pkey' });
    expect(await names()).toEqual(['a', 'd', 'e', 'f', 'slow', 'taken']);
    expect(await tags()).toEqual(['a', 'd', 'e', 'f']);
    await expect.poll(() => told.length).toBe(6);
    expect(told.sort()).toEqual(['a: true', 'b: false', 'c: false', 'd: true', 'e: true', 'f: true']);
    expect(sent.filter((s) => s === 'begin')).toHaveLength(0); // none of them began: each commits in a flush
  });

  it('lets the queue go on while a statement waits for a lock, so the lock\'s holder can commit another transaction inside it', async () => {
    const { db, names } = await open();
    const waiting = async () => Number((await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n);
    let blocked: Promise<unknown> | undefined;
    await db.transaction().execute(async (outer) => {
      await sql`insert into item values ('held', 1)`.execute(outer); // begins: the key is outer's until it commits
      blocked = db.transaction().execute((tx) => insert(tx, 'held')).then(() => 'committed', (e: { code?: string }) => e.code);
      await expect.poll(waiting).toBe(1); // its flush is in flight, waiting for outer
      // Queued behind the waiting statement this would wait for outer, which waits for it.
      await db.transaction().execute((tx) => insert(tx, 'inner'));
    });
    expect(await blocked).toBe('23505');
    expect(await names()).toEqual(['held', 'inner']);
  });

  it('answers each insert with RETURNING with its own rows: from a group, from each alone after a failed group, before a read', async () => {
    const { db } = await open();
    await sql`insert into item values ('taken', 1)`.execute(db);
    const answered = new Map<string, unknown[]>();
    /** `rows` tags named after the member, returned; `conflict`: an item the group cannot insert. */
    const member = (name: string, rows: number, conflict = false) =>
      db.transaction().execute(async (tx) => {
        const tags = CompiledQuery.raw('insert into "tag" ("name") select $1 || n from generate_series(1, $2::int) n returning name', [name, rows]);
        await executeDeferred(tx, tags, (answer) => answered.set(name, answer));
        if (conflict) await insert(tx, 'taken');
      });
    const round = (names: string[], conflict?: string) =>
      statementsSentDuring(async (sending) => {
        const slow = db.transaction().execute(async (tx) => {
          await insert(tx, `slow ${names[0]}`);
          await executeDeferred(tx, CompiledQuery.raw('select pg_sleep($1)', [0.3]));
        });
        await expect.poll(() => sending.some((s) => /pg_sleep/.test(s))).toBe(true);
        return Promise.allSettled([slow, ...names.map((n, i) => member(n, i + 1, n === conflict))]);
      });
    const grouped = await round(['a', 'b', 'c']);
    expect(grouped.result.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(grouped.sent.filter((s) => /^with w0 as \(insert into "tag".* as rk_answers$/.test(s) && /w2 as \(insert into "tag"/.test(s))).toHaveLength(1);
    expect(Object.fromEntries(answered)).toEqual({ a: [{ name: 'a1' }], b: [{ name: 'b1' }, { name: 'b2' }], c: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }] });
    answered.clear();
    const failed = await round(['d', 'x', 'e'], 'x');
    expect(failed.result.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(Object.fromEntries(answered)).toEqual({ d: [{ name: 'd1' }], e: [{ name: 'e1' }, { name: 'e2' }, { name: 'e3' }] });
    // A read that could see the buffer sends it first (the transaction begins): answered then, before COMMIT.
    await db.transaction().execute(async (tx) => {
      await executeDeferred(tx, CompiledQuery.raw('insert into "tag" ("name") values ($1) returning name', ['read']), (answer) => answered.set('read', answer));
      expect(answered.has('read')).toBe(false);
      await sql`select count(*) from tag`.execute(tx);
      expect(answered.get('read')).toEqual([{ name: 'read' }]);
    });
  });

  it('sends transactions that began, or ask for an isolation level, as they were', async () => {
    const { db, names } = await open();
    const { sent } = await statementsSentDuring(() =>
      Promise.all([
        db.transaction().setIsolationLevel('serializable').execute((tx) => insert(tx, 's')),
        db.transaction().execute(async (tx) => {
          await insert(tx, 'o');
          await sql`select 1 from item for update`.execute(tx); // a locking read begins and sends the buffer
        }),
        db.transaction().execute((tx) => insert(tx, 'p')),
      ]),
    );
    expect(await names()).toEqual(['o', 'p', 's']);
    expect(sent.filter((s) => /^start transaction isolation level serializable$|^begin$/.test(s))).toHaveLength(2);
    expect(sent.filter((s) => s === 'commit')).toHaveLength(2);
  });
});

/** The batcher on its own, with connections that record what they are sent and answer as told. */
describe('group flush', () => {
  const q = (table: string, ...values: unknown[]) => CompiledQuery.raw(`insert into "${table}" ("x") values ${values.map((_, i) => `($${i + 1})`).join(', ')}`, values);

  function connection(answer: (sql: string, parameters: readonly unknown[]) => Promise<{ rows: readonly unknown[] }>) {
    const sent: { sql: string; parameters: readonly unknown[]; group: boolean }[] = [];
    const c: FlushConnection & { sent: typeof sent } = {
      sent,
      sendFlush: (sql, parameters, group) => {
        sent.push({ sql, parameters, group });
        return answer(sql, parameters);
      },
    };
    return c;
  }
  const NO_ROWS = { rows: [] };
  /** The end of this turn of the event loop, when a member that found no statement in flight is sent. */
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** A transaction's buffer of these statements, none of them answered. */
  const buffer = (...queries: CompiledQuery[]): Buffer => ({ queries, answers: [] });
  /** An answer that waits for `release` (so later members queue behind it). */
  function held() {
    let release!: () => void;
    const gate = new Promise<typeof NO_ROWS>((resolve) => (release = () => resolve(NO_ROWS)));
    return { gate, release };
  }

  it('sends the first member after its turn of the event loop, alone, and those that came meanwhile as one statement on one of their connections', async () => {
    const first = held();
    const a = connection(() => first.gate);
    const b = connection(async () => NO_ROWS);
    const c = connection(async () => NO_ROWS);
    const flush = new GroupFlush();
    const pa = flush.flush(a, buffer(q('t', 1)));
    expect(a.sent).toHaveLength(0);
    await turn();
    expect(a.sent).toHaveLength(1);
    const pb = flush.flush(b, buffer(q('t', 2), CompiledQuery.raw('select pg_notify($1, $2)', ['ch', ''])));
    const pc = flush.flush(c, buffer(q('t', 3, 4), q('u', 5)));
    expect(b.sent.length + c.sent.length).toBe(0);
    first.release();
    await Promise.all([pa, pb, pc]);
    expect(a.sent).toEqual([{ sql: 'insert into "t" ("x") values ($1)', parameters: [1], group: false }]);
    expect(c.sent).toEqual([]);
    expect(b.sent).toEqual([
      { sql: 'with w0 as (insert into "t" ("x") values ($1), ($4), ($5)), w1 as (insert into "u" ("x") values ($6)) select (select pg_notify($2, $3))', parameters: [2, 'ch', '', 3, 4, 5], group: true },
    ]);
  });

  it('sends the members that commit in one turn of the event loop together, though none was in flight', async () => {
    const a = connection(async () => NO_ROWS);
    const b = connection(async () => NO_ROWS);
    const flush = new GroupFlush();
    await Promise.all([flush.flush(a, buffer(q('t', 1))), flush.flush(b, buffer(q('t', 2)))]);
    expect(a.sent).toEqual([{ sql: 'insert into "t" ("x") values ($1), ($2)', parameters: [1, 2], group: true }]);
    expect(b.sent).toEqual([]);
  });

  it('on an error response sends each member on its own, so each gets its own answer', async () => {
    const first = held();
    const conflict = Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR', constraint: 't_pkey' });
    const answer = async (sql: string, parameters: readonly unknown[]) => {
      if (parameters.includes('dup')) throw conflict;
      return NO_ROWS;
    };
    const a = connection(() => first.gate);
    const b = connection(answer);
    const c = connection(answer);
    const flush = new GroupFlush();
    const pa = flush.flush(a, buffer(q('t', 1)));
    await turn();
    const pb = flush.flush(b, buffer(q('t', 2)));
    const pc = flush.flush(c, buffer(q('t', 'dup')));
    first.release();
    const settled = await Promise.allSettled([pa, pb, pc]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason).toBe(conflict);
    expect(b.sent.map((s) => s.group)).toEqual([true, false]);
    expect(c.sent).toEqual([{ sql: 'insert into "t" ("x") values ($1)', parameters: ['dup'], group: false }]);
  });

  it('fails every member with an error that has no SQLSTATE, and sends nothing again', async () => {
    const first = held();
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const a = connection(() => first.gate);
    const b = connection(async () => {
      throw lost;
    });
    const c = connection(async () => NO_ROWS);
    const flush = new GroupFlush();
    const pa = flush.flush(a, buffer(q('t', 1)));
    await turn();
    const pb = flush.flush(b, buffer(q('t', 2)));
    const pc = flush.flush(c, buffer(q('t', 3)));
    first.release();
    const settled = await Promise.allSettled([pa, pb, pc]);
    expect(settled.map((s) => (s.status === 'rejected' ? s.reason : 'ok'))).toEqual(['ok', lost, lost]);
    expect(b.sent).toHaveLength(1);
    expect(c.sent).toHaveLength(0);
    // The batcher is free again: the next member goes after its turn, with nothing in flight to wait for.
    await flush.flush(c, buffer(q('t', 4)));
    expect(c.sent).toHaveLength(1);
  });

  it('ends the statement with the rows of every insert with RETURNING, each by its place among all the statements', () => {
    const returning = (table: string, value: unknown) => CompiledQuery.raw(`insert into "${table}" ("x") select $1 returning x`, [value]);
    const first = [q('a', 1), returning('r', 'one')];
    const second = [returning('r', 'two'), CompiledQuery.raw('select pg_notify($1, $2)', ['ch', ''])];
    expect(combineBuffers([first, second]).sql).toBe(
      `with w0 as (insert into "a" ("x") values ($1)), w1 as (insert into "r" ("x") select $2 returning x), w2 as (insert into "r" ("x") select $3 returning x) select (select pg_notify($4, $5)), (select coalesce(json_agg(a), '[]') from (select 1 as m, row_to_json(w1) as r from w1 union all select 2 as m, row_to_json(w2) as r from w2) a) as rk_answers`,
    );
    // Alone too, so its rows come back the same way.
    expect(combineBuffers([[returning('r', 'alone')]]).sql).toBe(`with w0 as (insert into "r" ("x") select $1 returning x) select (select coalesce(json_agg(a), '[]') from (select 0 as m, row_to_json(w0) as r from w0) a) as rk_answers`);
    const got: unknown[] = [];
    const rows = [{ rk_answers: [{ m: 2, r: { x: 'two' } }, { m: 1, r: { x: 'one' } }, { m: 1, r: { x: 'uno' } }] }];
    deliverAnswers(rows, [
      { queries: first, answers: [undefined, (r) => got.push(['first', r])] },
      { queries: second, answers: [(r) => got.push(['second', r])] },
    ]);
    expect(got).toEqual([
      ['first', [{ x: 'one' }, { x: 'uno' }]],
      ['second', [{ x: 'two' }]],
    ]);
  });

  it('keeps one buffer as it was combined: its statements in its order', () => {
    const buffer = [q('a', 1), CompiledQuery.raw('insert into "w" ("x") select $1 from "e"', ['s']), q('b', 2)];
    expect(combineBuffers([buffer]).sql).toBe('with w0 as (insert into "a" ("x") values ($1)), w1 as (insert into "w" ("x") select $2 from "e") insert into "b" ("x") values ($3)');
  });
});
