import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db/connect.js';
import { recordEvent } from '../src/outbox/record.js';
import { createAppContext, type Ctx } from '../src/app/context.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

/** How long the writers write: long enough for thousands of commits in every interleaving. */
const WRITE_MS = 10_000;
const WRITERS = 8;

class Rollback extends Error {}

describe.each(testDialects)('the event feed under concurrent writers (%s)', (dialect) => {
  let h: Harness;
  let writers: Store;
  /** The writers' app context: their handle records events through its outbox, as a service's would. */
  let writersDb: Ctx['db'];
  beforeAll(async () => {
    // The pollers ask as fast as they can; the rate limit is not under test here.
    h = await createHarness(dialect, { env: { RATE_LIMIT: '0' } });
    // On PostgreSQL the writers get connections of their own, so their transactions really overlap. SQLite serves a
    // process through one connection (its group commit), as in production.
    writers = dialect === 'postgres' ? openStore(h.config.DATABASE_URL, { poolSize: WRITERS + 1 }) : h.services.store;
    writersDb = writers === h.services.store ? h.services.ctx.db : createAppContext(writers, h.config, h.clock, h.services.ctx.planFiles).db;
  });
  afterAll(async () => {
    if (writers !== h.services.store) await writers.destroy();
    await h.close();
  });

  it('a poller following nextCursor, and one resuming with after=, miss no event of 8 writers whose commits overtake each other', async () => {
    const resellers = [await h.reseller(), await h.reseller()];
    const committed = new Set<string>();
    const byReseller = new Map<string, Set<string>>(resellers.map((r) => [r.id, new Set()]));
    const deadline = Date.now() + WRITE_MS;

    // Each transaction takes its event numbers, then holds on for a random while before it commits (or rolls back):
    // later-numbered events keep committing before earlier ones.
    const writer = async (w: number) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const reseller = resellers[(w + n) % 2]!;
        const ids: string[] = [];
        try {
          await writersDb.transaction().execute(async (tx) => {
            for (let k = 0; k < 1 + (n % 3); k++) ids.push(await recordEvent(tx, new Date().toISOString(), { type: 'webhook.test', resellerId: reseller.id, data: { writer: w, n, k } }));
            await sleep(Math.floor(Math.random() * 25));
            if (n % 10 === 9) throw new Rollback();
          });
        } catch (e) {
          if (e instanceof Rollback) continue;
          throw e;
        }
        for (const id of ids) {
          committed.add(id);
          byReseller.get(reseller.id)!.add(id);
        }
      }
    };

    /** Follows the feed until every writer has finished and a page comes back empty; returns the ids in the order seen. */
    const poll = async (key: string, next: (page: { data: { id: string }[]; nextCursor: string | null }, seen: string[]) => string) => {
      const seen: string[] = [];
      let query = '';
      for (let round = 0; round < 100_000; round++) {
        const writing = !writersDone;
        const page = await h.call('GET', `/v1/events?limit=100${query}`, { key });
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((e: { id: string }) => e.id));
        query = next(page.body, seen);
        if (!writing && page.body.data.length === 0) return seen;
        if (page.body.data.length === 0) await sleep(10);
      }
      throw new Error('the poller never caught up');
    };
    const byCursor = (page: { nextCursor: string | null }) => (page.nextCursor === null ? '' : `&cursor=${page.nextCursor}`);
    const byAfter = (_: unknown, seen: string[]) => (seen.length ? `&after=${seen[seen.length - 1]}` : '');

    let writersDone = false;
    const [, reseller0, reseller0After, admin] = await Promise.all([
      Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).then(() => (writersDone = true)),
      poll(resellers[0]!.key, byCursor),
      poll(resellers[0]!.key, byAfter),
      poll(TEST_ADMIN_KEY, byCursor),
    ]);

    expect(committed.size).toBeGreaterThan(100);
    for (const [seen, expected] of [
      [reseller0, byReseller.get(resellers[0]!.id)!],
      [reseller0After, byReseller.get(resellers[0]!.id)!],
      [admin, committed],
    ] as const) {
      // Each event once, and none missing; the admin feed also holds what the harness wrote itself.
      expect(new Set(seen).size).toBe(seen.length);
      const missing = [...expected].filter((id) => !seen.includes(id));
      expect(missing).toEqual([]);
    }
    expect(reseller0.filter((id) => !committed.has(id))).toEqual([]);
  }, 60_000);

  it('pages with cursor like every other list, keeps its place on an empty page, and names a bad cursor', async () => {
    const r = await h.reseller();
    const first = await h.call('GET', '/v1/events', { key: r.key });
    expect(first.body).toEqual({ data: [], nextCursor: null });
    for (let i = 0; i < 3; i++) await h.call('POST', '/v1/organizations', { key: r.key, body: { name: `Brf ${i}` } });
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Flöde' } });
    for (let i = 0; i < 5; i++) {
      const t = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: `u${i}@flode.test` }] } });
      await h.call('POST', `/v1/trials/${t.body.id}/cancel`, { key: r.key });
    }
    const all = (await h.call('GET', '/v1/events?limit=100', { key: r.key })).body.data.map((e: { id: string }) => e.id);
    expect(all).toHaveLength(10);

    const pages: string[][] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await h.call('GET', `/v1/events?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { key: r.key });
      expect(page.status).toBe(200);
      if (page.body.data.length === 0) {
        // Nothing new: the cursor stays where it was, ready for the next poll.
        expect(page.body.nextCursor).toBe(cursor);
        break;
      }
      pages.push(page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(pages.flat()).toEqual(all);

    // `after` resumes from an event id, and agrees with the cursor of the page that ended there.
    const resumed = await h.call('GET', `/v1/events?limit=100&after=${all[3]}`, { key: r.key });
    expect(resumed.body.data.map((e: { id: string }) => e.id)).toEqual(all.slice(4));

    const bad = await h.call('GET', '/v1/events?cursor=evt_nonsense', { key: r.key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['query', 'cursor']);
    const both = await h.call('GET', `/v1/events?cursor=1&after=${all[0]}`, { key: r.key });
    expect(both.status).toBe(400);
    // Another reseller's event id is unknown here.
    expect((await h.call('GET', `/v1/events?after=${all[0]}`, { key: (await h.reseller()).key })).status).toBe(404);
  });
});
