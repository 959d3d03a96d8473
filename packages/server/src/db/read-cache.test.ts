import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '@resellerkit/dev-env/stores';
import { pgDataVersion, sharedReads } from './postgres/data-version.js';
import { ReadCache } from './read-cache.js';

/** A read whose calls the test answers by hand, in order. */
function manualReads() {
  const pending: ((v: number) => void)[] = [];
  let calls = 0;
  const read = () => new Promise<number>((resolve) => (calls++, pending.push(resolve)));
  return { read, answer: (v: number) => pending.shift()!(v), get calls() { return calls; } };
}

describe('sharedReads', () => {
  it('gives every caller a value read after it asked, one read for all who asked while another ran', async () => {
    const r = manualReads();
    const shared = sharedReads(r.read);
    const first = shared();
    // Asked while the first read runs: it may predate what these callers have seen, so they wait for the next one.
    const second = shared();
    const third = shared();
    expect(r.calls).toBe(1);
    r.answer(1);
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.calls).toBe(2);
    r.answer(2);
    expect([await second, await third]).toEqual([2, 2]);
    // Nothing in flight: a caller starts its own read.
    const fourth = shared();
    expect(r.calls).toBe(3);
    r.answer(3);
    expect(await fourth).toBe(3);
  });

  it('passes a failed read to its callers only, and the callers waiting behind it still get a read of their own', async () => {
    let n = 0;
    const shared = sharedReads(async () => {
      n++;
      if (n === 1) throw new Error('connection lost');
      return n;
    });
    const [a, b] = [shared(), shared()];
    await expect(a).rejects.toThrow('connection lost');
    expect(await b).toBe(2);
  });
});

describe('ReadCache', () => {
  it('serves an entry while the version holds, loads once for readers arriving at one version, and keeps no failure', async () => {
    let version = 'v1';
    const cache = new ReadCache(async () => version);
    let loads = 0;
    const load = async () => ({ n: ++loads });
    const [a, b] = await Promise.all([cache.read('k', load), cache.read('k', load)]);
    expect(a).toBe(b);
    expect(await cache.read('k', load)).toBe(a);
    version = 'v2';
    expect(await cache.read('k', load)).toEqual({ n: 2 });
    await expect(cache.read('j', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.read('j', load)).toEqual({ n: 3 });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL's data version", () => {
  let store: TestStore;
  let pool: pg.Pool;
  beforeAll(async () => {
    store = await createTestStore('postgres');
    pool = new pg.Pool({ connectionString: store.url, max: 3 });
    await pool.query('create table t (n int)');
  });
  afterAll(async () => {
    await pool.end();
    await store.drop();
  });

  it('moves when a write commits or rolls back, not while it is open, and not on reads', async () => {
    const version = pgDataVersion(pool);
    const writer = await pool.connect();
    try {
      // Other databases on a shared test server move it too: retry until two reads around a read agree.
      const steady = async (between: () => Promise<unknown>) => {
        for (let i = 0; i < 50; i++) {
          const before = await version();
          await between();
          if ((await version()) === before) return before;
        }
        throw new Error('the version never held still');
      };
      await steady(() => pool.query('select count(*) from t'));
      await writer.query('begin');
      await writer.query('insert into t values (1)');
      const open = await steady(async () => {});
      await writer.query('commit');
      expect(await version()).not.toBe(open);
      await writer.query('begin');
      await writer.query('insert into t values (2)');
      const open2 = await steady(async () => {});
      await writer.query('rollback');
      expect(await version()).not.toBe(open2);
    } finally {
      writer.release();
    }
  });
});
