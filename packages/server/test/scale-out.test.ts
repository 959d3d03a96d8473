/**
 * @module Several instances behind a real load balancer: nginx round-robin in front of three `resellerkit serve
 * --no-workers` processes, two `resellerkit worker` processes, one fresh PostgreSQL database. A mixed load runs through
 * the SDK (organizations, trials, orders with agreements, approvals, lists, a webhook consumer); half-way one API
 * process and one worker are killed with SIGKILL. Afterwards: no request the SDK retried under its Idempotency-Key was
 * lost or made twice, every approved order has exactly one customer, every event was delivered at least once (twice
 * only what the killed worker had in flight), and the event feed, followed with `after`, is the events table.
 * PostgreSQL only (skipped without TEST_DATABASE_URL). LOAD_MS is how long the load runs.
 */
import { ResellerKit } from '@resellerkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { startNginx, type Proxy } from '@resellerkit/dev-env/nginx';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { startReceiver, type Receiver } from './webhook-receiver.js';

// 20 s keeps the whole file near a minute on a shared 2-core machine (the processes take ~20 s to start there);
// SCALE_OUT_LOAD_MS=30000 runs the 30 s of issue 19.
const LOAD_MS = Number(process.env.SCALE_OUT_LOAD_MS) || 20_000;
const RESELLER_CLIENTS = 4;

describe.skipIf(!process.env.TEST_DATABASE_URL)('three API processes and two workers behind nginx on one PostgreSQL', () => {
  let h: Harness;
  let proxy: Proxy;
  let rx: Receiver;
  const api: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  beforeAll(async () => {
    // The harness makes a fresh database and migrates it; the processes serve it.
    h = await createHarness('postgres');
    const env = {
      DATABASE_URL: h.config.DATABASE_URL,
      RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // A killed worker's claims come back after 5 s instead of a minute (long enough that a live worker's sends,
      // which do not renew their lease, never run out of it on a busy machine).
      WEBHOOK_LEASE_MS: '5000',
      TRUST_PROXY: '1',
      RATE_LIMIT: '0',
    };
    // The API processes, then the workers: five compiling at once on two cores is slower than two waves.
    api.push(...(await Promise.all([0, 1, 2].map(() => spawnService('serve', env, ['--no-workers'])))));
    workers.push(...(await Promise.all([0, 1].map(() => spawnService('worker', env)))));
    proxy = await startNginx(api.map((p) => p.url));
    rx = await startReceiver();
  }, 200_000);
  afterAll(async () => {
    await Promise.all([...api, ...workers].map((p) => p.stop('SIGKILL')));
    await proxy?.close();
    await rx?.close();
    await h?.close();
  });

  it('loses no request, converts each approved order once and delivers every event through a SIGKILL of an API process and a worker', { timeout: LOAD_MS + 120_000 }, async () => {
    const started = Date.now();
    // Every attempt the SDK makes, by Idempotency-Key: a key seen more than once is a request the SDK retried.
    const attempts = new Map<string, { path: string; statuses: (number | string)[] }>();
    const recording: typeof fetch = async (input, init) => {
      const key = new Headers(init?.headers).get('idempotency-key');
      const seen = key ? (attempts.get(key) ?? { path: String(input), statuses: [] }) : null;
      if (key) attempts.set(key, seen!);
      try {
        const res = await fetch(input, init);
        seen?.statuses.push(res.status);
        return res;
      } catch (e) {
        seen?.statuses.push('connection error');
        throw e;
      }
    };
    const client = (apiKey: string) => new ResellerKit({ apiKey, baseUrl: proxy.url, maxRetries: 6, timeout: 15_000, fetch: recording });
    const reseller = await h.reseller();
    const licenceId = (await h.licence('brf')).id;
    const rk = client(reseller.key);
    const admin = client(TEST_ADMIN_KEY);
    const endpoint = await rk.webhookEndpoints.create({ url: rx.url });

    const made = { organizations: [] as string[], trials: [] as string[], orders: [] as string[], approved: [] as string[] };
    const failures: unknown[] = [];
    const submitted: string[] = [];
    const deadline = started + LOAD_MS;
    let loadDone = false;

    const resellerLoop = async (n: number) => {
      for (let i = 0; Date.now() < deadline; i++) {
        try {
          const org = await rk.organizations.create({ name: `Brf Last ${n}-${i}` });
          made.organizations.push(org.id);
          const trial = await rk.trials.create({ organizationId: org.id, customerType: 'brf', users: [{ email: `styrelsen.${n}.${i}@last.test` }] });
          made.trials.push(trial.id);
          if (i % 2 === 0) {
            const order = await rk.orders.create(trial.id, { licenceId, invoicing: { name: org.name, orgNumber: '769600-1234', email: `faktura.${n}.${i}@last.test` }, signer: { name: 'Eva Ek', email: `eva.${n}.${i}@last.test` } });
            made.orders.push(order.id);
            await rk.orders.attachAgreement(order.id, TEST_PDF, { filename: 'avtal.pdf' });
            await rk.orders.submit(order.id);
            submitted.push(order.id);
          }
          const page = await rk.trials.list({ limit: 20 });
          expect(page.data.length).toBeGreaterThan(0);
        } catch (e) {
          failures.push(e);
        }
      }
    };
    const approvals = async () => {
      while (!loadDone || submitted.length > 0) {
        const id = submitted.shift();
        if (!id) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        try {
          await admin.admin.orders.approve(id);
          made.approved.push(id);
        } catch (e) {
          failures.push(e);
        }
      }
    };
    // Half-way: one API process and one worker die without a chance to finish anything.
    let inFlightAtKill = new Set<string>();
    const kill = (async () => {
      await new Promise((r) => setTimeout(r, LOAD_MS / 2));
      await Promise.all([api[0]!.stop('SIGKILL'), workers[0]!.stop('SIGKILL')]);
      // What the dead worker held stays leased until the lease runs out: the only deliveries that may be sent twice.
      const leased = await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('lease_owner', 'is not', null).execute();
      inFlightAtKill = new Set(leased.map((d) => d.id));
    })();
    const loops = Array.from({ length: RESELLER_CLIENTS }, (_, n) => resellerLoop(n));
    const approving = approvals();
    await Promise.all(loops);
    loadDone = true;
    await Promise.all([approving, kill]);

    // No request lost: every SDK call succeeded, the retried ones included.
    expect(failures).toEqual([]);
    const retried = [...attempts.values()].filter((a) => a.statuses.length > 1);
    console.log(
      `scale-out: ${made.trials.length} trials, ${made.orders.length} orders, ${made.approved.length} approvals in ${LOAD_MS} ms; ` +
        `${retried.length} requests retried by the SDK (${retried.map((a) => `${new URL(a.path).pathname} ${a.statuses.join('→')}`).join(', ')})`,
    );
    for (const a of retried) expect(a.statuses.at(-1)).toBeLessThan(300);
    // The load ran (a loose floor: the full suite shares the machine).
    expect(made.trials.length).toBeGreaterThan(10);
    expect(made.approved.length).toBeGreaterThan(2);

    // Each made exactly once, whatever was retried.
    const db = h.services.ctx.db;
    const ids = async (table: 'organizations' | 'trials' | 'orders') => (await db.selectFrom(table).select('id').where('reseller_id', '=', reseller.id).orderBy('id').execute()).map((r) => r.id);
    expect(await ids('organizations')).toEqual([...made.organizations].sort());
    expect(await ids('trials')).toEqual([...made.trials].sort());
    expect(await ids('orders')).toEqual([...made.orders].sort());
    // Exactly one customer per approved order, and every approval took.
    const customers = await db.selectFrom('customers').select(['order_id', 'trial_id']).where('reseller_id', '=', reseller.id).execute();
    expect(customers.map((c) => c.order_id).sort()).toEqual([...made.approved].sort());
    const approved = await db.selectFrom('orders').select('id').where('reseller_id', '=', reseller.id).where('status', '=', 'approved').execute();
    expect(approved.map((o) => o.id).sort()).toEqual([...made.approved].sort());

    // Every event delivered at least once (the surviving worker takes over the dead one's leases).
    await expect
      .poll(async () => (await db.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'succeeded').execute()).length, { timeout: 60_000, interval: 250 })
      .toBe(0);
    // The feed, followed with `after` from its start, is the events table in commit order (reading it numbers them).
    const feed: string[] = [];
    for (let page = 0; page < 1000; page++) {
      const { data } = await rk.events.list({ limit: 100, ...(feed.length ? { after: feed.at(-1)! } : {}) });
      if (data.length === 0) break;
      feed.push(...data.map((e) => e.id));
    }
    const events = await db.selectFrom('events').select(['id', 'feed_position']).where('reseller_id', '=', reseller.id).orderBy('feed_position').execute();
    const deliveries = await db.selectFrom('webhook_deliveries').select(['id', 'event_id']).where('endpoint_id', '=', endpoint.id).execute();
    expect(deliveries.map((d) => d.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    const received = new Map<string, number>();
    for (const r of rx.received) received.set(r.id, (received.get(r.id) ?? 0) + 1);
    for (const d of deliveries) expect(received.get(d.id), `delivery ${d.id}`).toBeGreaterThanOrEqual(1);
    const twice = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of twice) expect(inFlightAtKill.has(id), `delivery ${id} sent twice but not in flight at the kill`).toBe(true);

    expect(feed).toEqual(events.map((e) => e.id));
    console.log(`scale-out: ${events.length} events, ${rx.received.length} webhook requests (${twice.length} repeated, ${inFlightAtKill.size} in flight at the kill); ${Date.now() - started} ms`);
  });
});
