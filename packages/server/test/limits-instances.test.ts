/**
 * @module The abuse limits across instances: three `resellerkit serve --no-workers` processes on one PostgreSQL draw on
 * the same buckets (rate_limit_buckets), so a credential gets RATE_LIMIT a minute in total, not three times it, and a
 * password is tried LOGIN_ATTEMPT_LIMIT times in all. PostgreSQL only: SQLite serves from one process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { StoreLimiter } from '../src/limits/store-limiter.js';

const RATE_LIMIT = 30;
const LOGIN_ATTEMPT_LIMIT = 5;
const ENV = { RATE_LIMIT: String(RATE_LIMIT), LOGIN_ATTEMPT_LIMIT: String(LOGIN_ATTEMPT_LIMIT), AUTH_FAILURE_LIMIT: '100' };

describe.skipIf(!process.env.TEST_DATABASE_URL)('limits shared by three API processes on one PostgreSQL', () => {
  let h: Harness;
  const instances: ServiceProcess[] = [];
  beforeAll(async () => {
    // The harness migrates the store and creates the credentials; the three processes serve it.
    h = await createHarness('postgres', { env: ENV });
    const env = { DATABASE_URL: h.config.DATABASE_URL, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...ENV };
    instances.push(...(await Promise.all([0, 1, 2].map(() => spawnService('serve', env, ['--no-workers'])))));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((p) => p.stop('SIGTERM')));
    await h?.close();
  });

  /** Sends request i to instance i mod 3. */
  const roundRobin = (n: number, send: (url: string, i: number) => Promise<Response>) => Promise.all(Array.from({ length: n }, (_, i) => send(instances[i % 3]!.url, i)));

  it('allows RATE_LIMIT a minute per credential in total, then 429 with Retry-After from every instance', { timeout: 30_000 }, async () => {
    const { key } = await h.reseller();
    const answers = await roundRobin(2 * RATE_LIMIT, (url) => fetch(`${url}/v1/trials`, { headers: { authorization: `Bearer ${key}` } }));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(RATE_LIMIT);
    for (const r of answers.filter((a) => a.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Each instance refuses now, whichever served the successes.
    for (const p of instances) expect((await fetch(`${p.url}/v1/trials`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(429);
    // Another credential has its own bucket.
    const other = await h.reseller();
    expect((await fetch(`${instances[0]!.url}/v1/trials`, { headers: { authorization: `Bearer ${other.key}` } })).status).toBe(200);
  });

  it('reserves LOGIN_ATTEMPT_LIMIT password attempts per account and address across the instances', { timeout: 30_000 }, async () => {
    const login = (url: string, i: number) =>
      fetch(`${url}/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eva@gissning.test', password: `gissning ${i}` }) });
    const answers = await roundRobin(4 * LOGIN_ATTEMPT_LIMIT, login);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_ATTEMPT_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3 * LOGIN_ATTEMPT_LIMIT);
    expect(Number(answers.find((a) => a.status === 429)!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const rows = await h.services.ctx.db.selectFrom('rate_limit_buckets').select('key').where('key', 'like', 'passwords:%').execute();
    expect(rows).toHaveLength(1);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('the database token buckets (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('postgres');
  }, 30_000);
  afterAll(() => h?.close());

  it('refills continuously like the memory buckets, gives refunds back, and keeps limits apart by name', async () => {
    let now = 1_000_000;
    const limiter = new StoreLimiter(h.services.store.db, 'requests', 6, { windowMs: 60_000, now: () => now });
    const taken = [];
    for (let i = 0; i < 7; i++) taken.push(await limiter.take('key_a'));
    expect(taken.map((r) => r.ok)).toEqual([true, true, true, true, true, true, false]);
    expect(taken.map((r) => r.remaining)).toEqual([5, 4, 3, 2, 1, 0, 0]);
    expect(taken[6]).toMatchObject({ retryAfterSeconds: 10, resetSeconds: 60 });
    now += 10_000; // a sixth of the window: one token
    expect((await limiter.take('key_a')).ok).toBe(true);
    expect((await limiter.take('key_a')).ok).toBe(false);
    await limiter.refund('key_a');
    expect((await limiter.take('key_a')).ok).toBe(true);
    // Another limit with the same key draws on its own bucket.
    expect((await new StoreLimiter(h.services.store.db, 'failures', 1, { now: () => now }).take('key_a')).ok).toBe(true);
    // A clock behind the bucket's (another instance's) refills nothing.
    now -= 30_000;
    expect((await limiter.take('key_a')).ok).toBe(false);
  });

  it('claims a hundredth of a large limit per write, and two instances together still allow exactly the limit', async () => {
    const now = 7_000_000;
    const bucket = () => h.services.store.db.selectFrom('rate_limit_buckets').select(['tokens', 'taken']).where('key', '=', 'requests:key_batch').executeTakeFirstOrThrow();
    const a = new StoreLimiter(h.services.store.db, 'requests', 1000, { now: () => now });
    const b = new StoreLimiter(h.services.store.db, 'requests', 1000, { now: () => now });
    const first = await Promise.all(Array.from({ length: 25 }, () => a.take('key_batch')));
    expect(first.every((r) => r.ok)).toBe(true);
    // 25 requests, three claims of 10: the shared bucket holds what the claims left, not one row write per request.
    expect(await bucket()).toMatchObject({ tokens: 970, taken: 10 });
    expect(first.at(-1)!.remaining).toBe(975);
    let granted = 25;
    for (let i = 0; i < 1200; i++) {
      const [ra, rb] = [await a.take('key_batch'), await b.take('key_batch')];
      granted += Number(ra.ok) + Number(rb.ok);
    }
    expect(granted).toBe(1000);
    expect((await a.take('key_batch')).ok).toBe(false);
  });

  it('drops tokens an instance held unspent for a window', async () => {
    let now = 9_000_000;
    const limiter = new StoreLimiter(h.services.store.db, 'requests', 1000, { now: () => now });
    for (let i = 0; i < 1000; i++) expect((await limiter.take('key_idle')).ok).toBe(true);
    expect((await limiter.take('key_idle')).ok).toBe(false);
    now += 60_000; // a full window: the shared bucket is full again
    const other = new StoreLimiter(h.services.store.db, 'requests', 1000, { now: () => now });
    // The first instance claims a batch and spends one; a window later its nine left are gone, not added to a full bucket.
    expect((await limiter.take('key_idle')).ok).toBe(true);
    now += 60_000;
    let granted = 0;
    for (let i = 0; i < 1100; i++) granted += Number((await limiter.take('key_idle')).ok) + Number((await other.take('key_idle')).ok);
    expect(granted).toBe(1000);
  });

  it('gives the last tokens to exactly as many concurrent takes as there are', async () => {
    const limiter = new StoreLimiter(h.services.store.db, 'requests', 10, { now: () => 5_000_000 });
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.take('key_race')));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });
});
