import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { openStore, type Store } from './connect.js';
import type { Database } from './schema.js';
import { UnitOfWork } from './unit-of-work.js';

describe.each(testDialects)('a unit of work (%s)', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A store with one table, and what another connection sees of it (only what is committed). */
  async function open() {
    const test = await createTestStore(dialect);
    cleanup.push(() => test.drop());
    const store: Store = openStore(test.url, { poolSize: 3 });
    cleanup.push(() => store.destroy());
    const raw = store.db as unknown as Kysely<any>;
    await sql`create table item (name text primary key)`.execute(raw);
    const other = openStore(test.url, { poolSize: 1 });
    cleanup.push(() => other.destroy());
    const committed = async () => (await sql<{ name: string }>`select name from item order by name`.execute(other.db)).rows.map((r) => r.name);
    const unit = new UnitOfWork(store.db, store.dialect);
    cleanup.push(() => unit.rollback());
    const db = unit.db as unknown as Kysely<any>;
    return { unit, db, committed };
  }

  it('holds every write, bare or in a transaction, until commit, and sees them itself meanwhile', async () => {
    const { unit, db, committed } = await open();
    expect(await db.selectFrom('item').selectAll().execute()).toEqual([]);
    expect(unit.begun).toBe(false);
    await db.insertInto('item').values({ name: 'bare' }).execute();
    expect(unit.begun).toBe(true);
    await db.transaction().execute((tx) => tx.insertInto('item').values({ name: 'in a transaction' }).execute());
    expect((await db.selectFrom('item').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual(['bare', 'in a transaction']);
    expect(await committed()).toEqual([]);
    await unit.commit();
    expect(await committed()).toEqual(['bare', 'in a transaction']);
    await expect(db.insertInto('item').values({ name: 'late' }).execute()).rejects.toThrow(/ended/);
  });

  it('undoes only the transaction or statement that failed, and everything on rollback', async () => {
    const { unit, db, committed } = await open();
    await db.transaction().execute((tx) => tx.insertInto('item').values({ name: 'kept' }).execute());
    // A unique violation inside: on PostgreSQL it would abort the whole transaction without its savepoint.
    const failing = db.transaction().execute(async (tx) => {
      await tx.insertInto('item').values({ name: 'undone' }).execute();
      await tx.insertInto('item').values({ name: 'kept' }).execute();
    });
    await expect(failing).rejects.toThrow();
    // The same for a statement outside any transaction() of the request.
    await expect(db.insertInto('item').values({ name: 'kept' }).execute()).rejects.toThrow();
    await db.insertInto('item').values({ name: 'after' }).execute();
    await unit.commit();
    expect(await committed()).toEqual(['after', 'kept']);

    const second = await open();
    await second.db.insertInto('item').values({ name: 'gone' }).execute();
    await second.unit.rollback();
    expect(await second.committed()).toEqual([]);
  });

  it('cannot close the store or start transactions of its own', async () => {
    const { unit } = await open();
    await expect((unit.db as Kysely<Database>).destroy()).rejects.toThrow(/cannot/);
    await expect((unit.db as Kysely<Database>).startTransaction().execute()).rejects.toThrow(/cannot/);
  });
});
