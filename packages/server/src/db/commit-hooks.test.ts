import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { afterCommit } from './commit-hooks.js';
import { openStore } from './connect.js';
import { UnitOfWork } from './unit-of-work.js';

describe.each(testDialects)('commit hooks (%s)', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A store with one table, and what another connection sees of it (only what is committed). */
  async function open() {
    const test = await createTestStore(dialect);
    cleanup.push(() => test.drop());
    const store = openStore(test.url, { poolSize: 3 });
    cleanup.push(() => store.destroy());
    const db = store.db as unknown as Kysely<any>;
    await sql`create table item (name text primary key)`.execute(db);
    const other = openStore(test.url, { poolSize: 1 });
    cleanup.push(() => other.destroy());
    const committed = async () => (await sql<{ name: string }>`select name from item order by name`.execute(other.db)).rows.map((r) => r.name);
    return { store, db, committed };
  }

  it('tells a hook after its COMMIT, with the write visible to others, and a rolled-back one that it rolled back', async () => {
    const { db, committed } = await open();
    const told: string[] = [];
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('item').values({ name: 'kept' }).execute();
      expect(await afterCommit(tx, (ok) => void committed().then((names) => told.push(`kept: ${ok}, visible: ${names.includes('kept')}`)))).toBe(true);
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('item').values({ name: 'undone' }).execute();
        await afterCommit(tx, (ok) => told.push(`undone: ${ok}`));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect.poll(() => told.length).toBe(2);
    expect(told.sort()).toEqual(['kept: true, visible: true', 'undone: false']);
    // Outside any transaction there is nothing to wait for: the hook is not taken.
    expect(await afterCommit(db, () => told.push('never'))).toBe(false);
  });

  it('tells hooks added after a savepoint that it rolled back when the transaction returns to it; the others at the COMMIT', async () => {
    const { db } = await open();
    const told: string[] = [];
    const trx = await db.startTransaction().execute();
    await afterCommit(trx, (ok) => told.push(`before: ${ok}`));
    const sp = await trx.savepoint('sp1').execute();
    await afterCommit(sp, (ok) => told.push(`inside: ${ok}`));
    await sp.rollbackToSavepoint('sp1').execute();
    expect(told).toEqual(['inside: false']);
    await sp.releaseSavepoint('sp1').execute();
    await sp.commit().execute();
    expect(told).toEqual(['inside: false', 'before: true']);
  });

  it("tells a unit of work's hooks at its commit, and a failed transaction's at once", async () => {
    const { store } = await open();
    const unit = new UnitOfWork(store.db, store.dialect);
    cleanup.push(() => unit.rollback());
    const db = unit.db as unknown as Kysely<any>;
    const told: string[] = [];
    await db.transaction().execute(async (tx) => {
      expect(await afterCommit(tx, (ok) => told.push(`kept: ${ok}`))).toBe(true);
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await afterCommit(tx, (ok) => told.push(`undone: ${ok}`));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(told).toEqual(['undone: false']);
    await unit.commit();
    expect(told).toEqual(['undone: false', 'kept: true']);
  });
});
