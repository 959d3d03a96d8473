import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../connect.js';

describe('WAL checkpoints on a worker thread', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.destroy();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function open() {
    const dir = mkdtempSync(join(tmpdir(), 'rk-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const store = openStore(file);
    stores.push(store);
    return { file, store };
  }
  async function write(store: Store, rows: number) {
    await sql`create table if not exists filler (id integer primary key, body text not null)`.execute(store.db);
    const body = 'x'.repeat(4000);
    for (let i = 0; i < rows; i++) await sql`insert into filler (body) values (${body})`.execute(store.db);
  }

  it('copies committed pages into the database file while the event loop only appends to the WAL', async () => {
    const { file, store } = open();
    // ~4 MB: far below the main connection's backstop (10 000 pages), so only the thread can have moved it.
    await write(store, 1000);
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(4_000_000);
    const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(store.db);
    expect(rows.rows[0]!.n).toBe(1000);
  });

  it('leaves a small store to SQLite alone, and closes its connection with the store', async () => {
    const { file, store } = open();
    await write(store, 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A handful of writes start no thread: everything is still in the WAL.
    expect(statSync(file).size).toBeLessThan(100_000);
    await write(store, 300);
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(1_000_000);
    await store.destroy();
    stores.splice(stores.indexOf(store), 1);
    // The last connection to close checkpoints and removes the WAL: the thread's connection is closed too.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
