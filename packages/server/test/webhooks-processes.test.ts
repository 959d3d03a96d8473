/** @module Webhook workers as real processes: a worker killed with SIGKILL mid-delivery loses nothing; two workers on one PostgreSQL share the work. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { recordEvent } from '../src/outbox/record.js';
import { startServer } from '../src/app/server.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { startReceiver } from './webhook-receiver.js';

/** A real `resellerkit worker` process on the given store. */
function spawnWorker(databaseUrl: string): Promise<ServiceProcess> {
  return spawnService('worker', { DATABASE_URL: databaseUrl, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_LEASE_MS: '2000', NODE_ENV: 'test', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent' });
}

describe.each(testDialects)('webhook worker processes on %s', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  async function setup(handler?: Parameters<typeof startReceiver>[0]) {
    // Events are stamped a minute back so the workers' real clocks find them due at once.
    const h = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' }, clockStart: new Date(Date.now() - 60_000).toISOString() });
    cleanup.push(() => h.close());
    const rx = await startReceiver(handler);
    cleanup.push(() => rx.close());
    const r = await h.reseller();
    const ep = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: rx.url, enabledEvents: ['trial.created'] } });
    expect(ep.status).toBe(201);
    return { h, rx, r, endpointId: ep.body.id as string };
  }
  async function events(h: Harness, resellerId: string, n: number, perTx = 10) {
    const ids: string[] = [];
    for (let i = 0; i < n; i += perTx) {
      await h.services.ctx.db.transaction().execute(async (tx) => {
        for (let j = i; j < Math.min(n, i + perTx); j++) ids.push(await recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId, data: { n: j } }));
      });
    }
    return ids;
  }
  async function worker(h: Harness) {
    const w = await spawnWorker(h.config.DATABASE_URL);
    cleanup.push(() => w.stop('SIGKILL'));
    return w;
  }
  const pending = (h: Harness) => h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'succeeded').execute();

  it('loses nothing when a worker is killed with SIGKILL mid-delivery', { timeout: 90_000 }, async () => {
    let hang = true;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const acked = new Map<string, number>(); // event n → deliveries answered 200
    const { h, rx, r } = await setup(async (got) => {
      if (hang) await gate;
      acked.set(got.json.data.n, (acked.get(got.json.data.n) ?? 0) + 1);
      return { status: 200 };
    });
    await events(h, r.id, 40);
    const first = await worker(h);
    await expect.poll(() => rx.open, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await first.stop('SIGKILL');
    hang = false;
    release();
    expect((await pending(h)).length).toBe(40); // nothing was acknowledged while hanging

    await worker(h);
    await expect.poll(async () => (await pending(h)).length, { timeout: 60_000, interval: 200 }).toBe(0);
    expect([...acked.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // At-least-once: any repeat carries the same webhook-id as before.
    const idByEvent = new Map<number, Set<string>>();
    for (const got of rx.received) idByEvent.set(got.json.data.n, (idByEvent.get(got.json.data.n) ?? new Set()).add(got.id));
    expect([...idByEvent.values()].every((s) => s.size === 1)).toBe(true);
  });

  it.skipIf(dialect !== 'postgres')('two workers on one PostgreSQL deliver every event once', { timeout: 90_000 }, async () => {
    const { h, rx, r } = await setup();
    const [a, b] = await Promise.all([worker(h), worker(h)]);
    await events(h, r.id, 200, 5);
    await expect.poll(async () => (await pending(h)).length, { timeout: 60_000, interval: 200 }).toBe(0);
    expect(rx.received).toHaveLength(200);
    expect(new Set(rx.received.map((x) => x.id)).size).toBe(200);
    expect(new Set(rx.received.map((x) => x.json.data.n)).size).toBe(200);
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  });

  it('resellerkit serve delivers from its own process, woken by the write instead of waiting for a poll', { timeout: 30_000 }, async () => {
    const store = await createTestStore(dialect);
    cleanup.push(() => store.drop());
    const config = loadConfig({ DATABASE_URL: store.url, PORT: '0', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    // Polling every 60 s: only a wake-up (NOTIFY on PostgreSQL, the in-process signal on SQLite) makes this prompt.
    const server = await startServer({ config, workerIntervalMs: 60_000 });
    cleanup.push(() => server.close());
    const rx = await startReceiver();
    cleanup.push(() => rx.close());
    const api = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await res.json()) as any;
    };
    const reseller = await api('POST', '/v1/admin/resellers', TEST_ADMIN_KEY, { name: 'Serve AB', orgNumber: '556677-8899', contactEmail: 'serve@reseller.test', discountPercent: 20 });
    const { key } = await api('POST', `/v1/admin/resellers/${reseller.id}/api-keys`, TEST_ADMIN_KEY, { name: 'test' });
    const ep = await api('POST', '/v1/webhook-endpoints', key, { url: rx.url, enabledEvents: ['trial.created'] });
    // Let the loop go to sleep first, so only a wake-up can deliver within the poll interval.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const org = await api('POST', '/v1/organizations', key, { name: 'Brf Serve' });
    const trial = await api('POST', '/v1/trials', key, { organizationId: org.id, customerType: 'brf', users: [{ email: 'a@serve.test' }] });
    await expect.poll(() => rx.received.length, { timeout: 20_000 }).toBe(1);
    expect(rx.received[0]!.json.data.id).toBe(trial.id);
    const deliveries = await api('GET', `/v1/webhook-endpoints/${ep.id}/deliveries`, key);
    await expect.poll(async () => (await api('GET', `/v1/webhook-endpoints/${ep.id}/deliveries`, key)).data[0].status).toBe('succeeded');
    expect(deliveries.data[0].id).toBe(rx.received[0]!.id);
  });
});
