import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../connect.js';
import { migrate } from '../migrate.js';
import { afterCommit } from './group-commit.js';

describe('group commit on SQLite', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** The store under test, and a second connection that sees only what is committed (and counts commits). */
  async function open() {
    const dir = mkdtempSync(join(tmpdir(), 'rk-group-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'store.db');
    const store: Store = openStore(file);
    cleanup.push(() => store.destroy());
    const db = store.db as unknown as Kysely<any>;
    await sql`create table item (id integer primary key, name text not null unique)`.execute(db);
    await sql`create table parent (id integer primary key)`.execute(db);
    await sql`create table child (id integer primary key, parent_id integer not null references parent (id) deferrable initially deferred)`.execute(db);
    const other = new SQLite(file, { readonly: true });
    cleanup.push(() => other.close());
    const names = () => (other.prepare('select name from item order by name').all() as { name: string }[]).map((r) => r.name);
    const commits = (() => {
      const version = other.prepare('pragma data_version').pluck();
      const start = version.get() as number;
      return () => (version.get() as number) - start;
    })();
    const insert = (name: string) => db.transaction().execute((tx) => tx.insertInto('item').values({ name }).execute());
    return { db, names, commits, insert };
  }

  it('commits transactions that queue up together once, and answers none of them before the COMMIT', async () => {
    const { names, commits, insert } = await open();
    const seen: string[][] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => insert(`item ${i}`).then(() => seen.push(names()))));
    expect(commits()).toBe(1);
    // Each caller, on hearing "done", could already read its row (and all the others) from another connection.
    expect(seen.every((s) => s.length === 10)).toBe(true);
    await insert('later');
    expect(commits()).toBe(2);
  });

  it('waits a turn more, so a write arriving in the next turn of the event loop shares the COMMIT', async () => {
    const { names, insert } = await open();
    // Like a webhook receiver's answer, whose outcome is recorded one turn after the write that sent the delivery.
    const nextTurn = new Promise<void>((resolve) => setImmediate(() => setImmediate(() => void insert('next turn').then(() => resolve()))));
    let seenByNow: string[] = [];
    await Promise.all([insert('now').then(() => (seenByNow = names())), nextTurn]);
    // One COMMIT carried both: when the first write heard "done", the second was already visible to other connections.
    expect(seenByNow).toEqual(['next turn', 'now']);
  });

  it('rolls back only the member that failed', async () => {
    const { names, insert, db } = await open();
    const results = await Promise.allSettled([
      insert('first'),
      db.transaction().execute(async (tx) => {
        await tx.insertInto('item').values({ name: 'doomed' }).execute();
        throw new Error('changed my mind');
      }),
      insert('first'), // unique violation: fails on its own
      insert('third'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(names()).toEqual(['first', 'third']);
  });

  it('undoes a member of many pages, its savepoint journal kept in memory rather than spilled to a temporary file', async () => {
    const { names, insert, db } = await open();
    // Past SQLite's 64 KiB of statement journal held in memory before it spills: a trial creation touches ~34 pages,
    // and each member's savepoint journal is to stay off the file system.
    const tempStore = async (on: Kysely<any>) => (await sql<{ temp_store: number }>`pragma temp_store`.execute(on)).rows[0]!.temp_store;
    expect(await tempStore(db)).toBe(2);
    // Migrations sort on files (an index over a large table), and give the memory setting back.
    const dir = mkdtempSync(join(tmpdir(), 'rk-group-migrate-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const migrated = openStore(join(dir, 'store.db'));
    cleanup.push(() => migrated.destroy());
    await migrate(migrated);
    expect(await tempStore(migrated.db)).toBe(2);
    const results = await Promise.allSettled([
      insert('kept'),
      db.transaction().execute(async (tx) => {
        for (let i = 0; i < 400; i++) await tx.insertInto('item').values({ name: `${'x'.repeat(900)}${i}` }).execute();
        throw new Error('changed my mind');
      }),
      insert('also kept'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(names()).toEqual(['also kept', 'kept']);
  });

  it('fails every member when the shared COMMIT fails, and keeps none of their writes', async () => {
    const { names, insert, db } = await open();
    const results = await Promise.allSettled([
      insert('innocent'),
      // A deferred foreign key is checked at COMMIT: this member breaks the group's commit.
      db.transaction().execute((tx) => tx.insertInto('child').values({ parent_id: 42 }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(names()).toEqual([]);
    await insert('afterwards');
    expect(names()).toEqual(['afterwards']);
  });

  it('tells afterCommit hooks whether their transaction committed: at the COMMIT, on rollback, on a failed COMMIT', async () => {
    const { db, names } = await open();
    const told: string[] = [];
    const hooked = (name: string, fail?: 'throw' | 'orphan') =>
      db.transaction().execute(async (tx) => {
        if (fail === 'orphan') await tx.insertInto('child').values({ parent_id: 42 }).execute();
        else await tx.insertInto('item').values({ name }).execute();
        expect(await afterCommit(tx, (committed) => told.push(`${name}: ${committed} (visible: ${names().includes(name)})`))).toBe(true);
        if (fail === 'throw') throw new Error('changed my mind');
      });
    await Promise.allSettled([hooked('kept'), hooked('undone', 'throw')]);
    await Promise.allSettled([hooked('innocent'), hooked('orphan', 'orphan')]);
    expect(told.sort()).toEqual(['innocent: false (visible: false)', 'kept: true (visible: true)', 'orphan: false (visible: false)', 'undone: false (visible: false)']);
    // Outside a transaction there is nothing to hook.
    expect(await afterCommit(db, () => told.push('never'))).toBe(false);
  });

  it('commits an open group before a query outside a transaction reads', async () => {
    const { names, commits, insert, db } = await open();
    const pending = insert('grouped');
    await Promise.resolve(); // let it run up to its commit, which now waits for the group
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    const count = await sql<{ n: number }>`select count(*) as n from item`.execute(db);
    expect(count.rows[0]!.n).toBe(1);
    // The plain read's commit, not the scheduled one: visible to other connections before `pending` was even awaited.
    expect(names()).toEqual(['grouped']);
    await pending;
    expect(commits()).toBe(1);
  });

  it('fails, rather than strands, the transactions of a group when the store closes under them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-group-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(join(dir, 'store.db'));
    const db = store.db as unknown as Kysely<any>;
    await sql`create table item (id integer primary key, name text not null)`.execute(db);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const waiting = db.transaction().execute((tx) => tx.insertInto('item').values({ name: 'waits for the group' }).execute());
    const holding = db.transaction().execute(async (tx) => {
      await tx.insertInto('item').values({ name: 'still running' }).execute();
      await gate;
      await tx.insertInto('item').values({ name: 'too late' }).execute();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.destroy();
    open();
    await expect(waiting).rejects.toThrow('closed');
    await expect(holding).rejects.toThrow();
  });
});
