/** @module Abuse limits and secrets: per-credential rate limit, failed-auth throttle, request timeout, key handling, agreement access. */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { safeEqual } from '../src/auth/secrets.js';
import { loadConfig } from '../src/config.js';
import { TokenBuckets } from '../src/limits/limiter.js';
import { startServer, type RunningServer } from '../src/app/server.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';

describe('token bucket', () => {
  it('allows a minute of burst, then refills at the per-minute rate', () => {
    let now = 0;
    const b = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(b.take('k').ok).toBe(true);
    const refused = b.take('k');
    expect(refused).toMatchObject({ ok: false, remaining: 0, retryAfterSeconds: 1 });
    now += 1000; // one token a second
    expect(b.take('k').ok).toBe(true);
    expect(b.take('k').ok).toBe(false);
    expect(b.take('other').ok).toBe(true);
    now += 120_000; // never more than a minute's burst
    expect(b.take('k').remaining).toBe(59);
  });

  it('forgets idle credentials when it holds too many', () => {
    let now = 0;
    const b = new TokenBuckets(10, () => now, 3);
    for (const k of ['a', 'b', 'c']) b.take(k);
    now += 60_000;
    b.take('d');
    expect((b as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});

describe.each(testDialects)('limits and secrets (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('rate-limits each credential on its own with RateLimit headers and a 429 with Retry-After', async () => {
    // The admin makes four calls to set up the two resellers, within its own bucket of five.
    h = await createHarness(dialect, { env: { RATE_LIMIT: '5' } });
    const a = await h.reseller();
    const b = await h.reseller();
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.call('GET', '/v1/organizations', { key: a.key });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await h.call('POST', '/v1/organizations', { key: a.key, body: { name: 'Brf Stopp' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: 'rate_limited', requestId: expect.any(String) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await h.services.ctx.db.selectFrom('organizations').select('id').execute()).length).toBe(0);
    // Another credential has its own bucket.
    expect((await h.call('GET', '/v1/organizations', { key: b.key })).status).toBe(200);
  });

  it('RATE_LIMIT=0 turns the limiter off', async () => {
    h = await createHarness(dialect, { env: { RATE_LIMIT: '0' } });
    const a = await h.reseller();
    const res = await h.call('GET', '/v1/organizations', { key: a.key });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });

  it('answers a request that runs too long with a 503 in the error shape', async () => {
    h = await createHarness(dialect);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const app = createApp({
      ctx: h.services.ctx,
      requestTimeoutMs: 50,
      extend: (a) =>
        a.get('/slow', async (c) => {
          await held;
          return c.text('late');
        }),
    });
    const res = await app.request('/slow');
    release();
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ type: 'service_unavailable', requestId: expect.any(String) });
  });

  it('compares the admin key in constant time and never accepts a prefix or a near miss', async () => {
    h = await createHarness(dialect);
    expect(safeEqual(TEST_ADMIN_KEY, TEST_ADMIN_KEY)).toBe(true);
    expect(safeEqual(TEST_ADMIN_KEY, TEST_ADMIN_KEY.slice(0, -1))).toBe(false);
    expect(safeEqual('', TEST_ADMIN_KEY)).toBe(false);
    for (const key of [TEST_ADMIN_KEY.slice(0, -1), `${TEST_ADMIN_KEY}x`, TEST_ADMIN_KEY.toUpperCase()]) {
      expect((await h.call('GET', '/v1/admin/resellers', { key })).status).toBe(401);
    }
  });

  it('stores API keys hashed, shows them once, records last use and honours revocation', async () => {
    h = await createHarness(dialect);
    const a = await h.reseller();
    const rows = await h.services.ctx.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(a.key);
    expect(rows[0]!.key_hash).toBe(createHash('sha256').update(a.key).digest('hex'));
    await h.call('GET', '/v1/organizations', { key: a.key });
    const listed = await h.call('GET', `/v1/admin/resellers/${a.id}/api-keys`, { key: TEST_ADMIN_KEY });
    expect(JSON.stringify(listed.body)).not.toContain(a.key);
    expect(listed.body.data[0].lastUsedAt).toBe(h.clock.now().toISOString());
    await h.call('DELETE', `/v1/admin/resellers/${a.id}/api-keys/${listed.body.data[0].id}`, { key: TEST_ADMIN_KEY });
    expect((await h.call('GET', '/v1/organizations', { key: a.key })).status).toBe(401);
  });

  it('serves an agreement only to its reseller and the vendor, with its sha256', async () => {
    h = await createHarness(dialect);
    const a = await h.reseller();
    const b = await h.reseller();
    const lic = await h.licence();
    const { orderId } = await submittedOrder(h, a, lic.id);
    const sha = createHash('sha256').update(TEST_PDF).digest('hex');
    for (const key of [a.key, TEST_ADMIN_KEY]) {
      const res = await h.app.request(`/v1/orders/${orderId}/agreement`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(TEST_PDF)).toBe(true);
      expect(res.headers.get('x-content-sha256')).toBe(sha);
    }
    expect((await h.call('GET', `/v1/orders/${orderId}/agreement`, { key: b.key })).status).toBe(404);
    expect((await h.call('GET', `/v1/orders/${orderId}/agreement`)).status).toBe(401);
  });

  it('sends secure headers on every response', async () => {
    h = await createHarness(dialect);
    const res = await h.call('GET', '/v1/organizations');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });
});

describe('failed-authentication throttle over real HTTP', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const store = await createTestStore('sqlite');
    drop = store.drop;
    const config = loadConfig({ DATABASE_URL: store.url, PORT: '0', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, AUTH_FAILURE_LIMIT: '3', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    server = await startServer({ config, workers: false });
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('answers failing credentials from an address with 429 after too many failures, and still serves the right one', async () => {
    const get = (key: string) => fetch(`${server.url}/v1/admin/resellers`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get(TEST_ADMIN_KEY)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get(`rk_live_guess${i}`)).status).toBe(401);
    const throttled = await get('rk_live_guess4');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await throttled.json()).error.type).toBe('rate_limited');
    // A valid credential is never refused for someone else's failures (issue 14, item 11): behind a load balancer every
    // client shares an address. Bearer credentials are random (≥ 192 bits) or signed, so serving the right one tells a
    // guesser nothing it could use; passwords, which can be guessed, are reserved before they are checked (below).
    expect((await get(TEST_ADMIN_KEY)).status).toBe(200);
    // Password guessing on the public login is counted the same way.
    const login = await fetch(`${server.url}/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eva@exempel.test', password: 'gissning-123' }) });
    expect(login.status).toBe(429);
  });
});
