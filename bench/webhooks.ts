/**
 * @module Webhook delivery benchmark: 1 000 events end to end (event written → fan-out → worker → signed POST
 * acknowledged) against a raw keep-alive POST loop to the same receiver, then again over 100 000 pending rows of backlog.
 * Run alone with `npx tsx bench/webhooks.ts [DATABASE_URL]`; `npm run bench` runs it on SQLite and PostgreSQL.
 */
import { once } from 'node:events';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.js';
import type { Actor } from '../packages/server/src/app/context.js';
import { recordEvent } from '../packages/server/src/outbox/record.js';
import { createReseller } from '../packages/server/src/modules/vendor/service.js';
import { newId } from '../packages/server/src/ids.js';
import { openServices, type Services } from '../packages/server/src/app/services.js';
import { createEndpoint } from '../packages/server/src/webhooks/endpoints/service.js';
import { startWebhookWorker, type WebhookWorker } from '../packages/server/src/webhooks/delivery/worker.js';
import { fmt, medianOf, SECRET_KEY, type Row } from './lib.js';

export const EVENTS = 1000;
const BACKLOG = 100_000;
/** The raw loop uses as many connections as the worker allows per endpoint. */
const CONNECTIONS = 8;

export async function receiver() {
  let count = 0;
  let onCount: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200).end();
      count++;
      onCount?.();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    reset: () => void (count = 0),
    until: (n: number) => new Promise<void>((resolve) => (onCount = () => count >= n && resolve())),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * A trial.created payload. Each names a new trial, with an id as the service makes them (time-sortable), as every
 * trial.created does: ids reused run after run (`trial_bench0`…`999`) filed each audit row at a random place in the
 * audit log's resource index instead of at its end.
 */
const sample = () => ({
  id: newId('trial'),
  organizationId: 'org_bench',
  organizationName: 'Brf Bänken',
  customerType: 'brf',
  status: 'active',
  endsAt: '2026-12-31T00:00:00.000Z',
  expiredAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  users: [{ id: 'tu_1', email: 'styrelsen@banken.test', role: 'editor', status: 'invited' }],
});

export /** As the service records one: naming its account, whose purge finds it by `trialId`. */
const trialCreated = (resellerId: string) => {
  const data = sample();
  return { type: 'trial.created' as const, resellerId, data, trialId: data.id };
};

export async function rawLoop(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const body = JSON.stringify({ type: 'trial.created', timestamp: new Date().toISOString(), data: sample() });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 50; i++) await post(); // warm up
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next++ < EVENTS) await post();
    }),
  );
  const s = (performance.now() - started) / 1000;
  agent.destroy();
  return EVENTS / s;
}

export async function endToEnd(s: Services, resellerId: string, rx: Awaited<ReturnType<typeof receiver>>): Promise<number> {
  rx.reset();
  const done = rx.until(EVENTS);
  const started = performance.now();
  // One transaction per event, as the API writes them, from as many writers as the raw loop has connections.
  let next = 0;
  const write = async () => {
    for (let i = next++; i < EVENTS; i = next++) await s.ctx.db.transaction().execute((tx) => recordEvent(tx, new Date().toISOString(), trialCreated(resellerId)));
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, write));
  await done;
  return EVENTS / ((performance.now() - started) / 1000);
}

/**
 * The worker alone: 1 000 events written while no worker runs (so none is handed over or claimed meanwhile), then a
 * worker started, timed until the receiver has them all.
 */
export async function drainRate(s: Services, stopped: WebhookWorker, resellerId: string, rx: Awaited<ReturnType<typeof receiver>>, measuring: (on: boolean) => unknown = () => {}): Promise<{ rate: number; worker: WebhookWorker; cpu: number; elu: number }> {
  await stopped.stop();
  rx.reset();
  for (let i = 0; i < EVENTS; i += 100) {
    await s.ctx.db.transaction().execute(async (tx) => {
      for (let j = i; j < i + 100; j++) await recordEvent(tx, new Date().toISOString(), trialCreated(resellerId));
    });
  }
  const done = rx.until(EVENTS);
  const started = performance.now();
  measuring(true);
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  let worker = startWebhookWorker(s);
  await done;
  const used = process.cpuUsage(cpu);
  measuring(false);
  const elu = performance.eventLoopUtilization(loop).utilization;
  return { rate: EVENTS / ((performance.now() - started) / 1000), worker, cpu: used.user + used.system, elu };
}

async function seedBacklog(s: Services, endpointId: string) {
  // Retries waiting for their turn on a broken endpoint: due in an hour, so every claim must skip past them.
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const now = new Date().toISOString();
  const event = await s.ctx.db.selectFrom('events').select('id').executeTakeFirstOrThrow();
  for (let i = 0; i < BACKLOG; i += 1000) {
    const rows = Array.from({ length: 1000 }, () => ({ id: newId('msg'), endpoint_id: endpointId, event_id: event.id, event_type: 'trial.created', status: 'pending', retrying: 1, attempts: 3, next_attempt_at: later, created_at: now }));
    await s.ctx.db.insertInto('webhook_deliveries').values(rows).execute();
  }
}

export async function webhookBenchmarks(store: string, databaseUrl: string): Promise<Row[]> {
  // Pairs per figure, each figure their median: eleven on both stores, both held to targets (single pairs ranged
  // 0.18–0.42 within one run).
  const RUNS = 11;
  // End to end, PostgreSQL pays a network round trip per statement of every write on the same two cores: issue 19 set
  // its target at 0.20 beside SQLite's 0.25 (issue 7).
  const e2eTarget = store === 'SQLite' ? 0.25 : 0.2;
  const rx = await receiver();
  const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl, WEBHOOK_ALLOW_PRIVATE: 'true', NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: SECRET_KEY }));
  let worker = startWebhookWorker(s);
  try {
    const reseller = await createReseller(s.ctx, { name: 'Bench AB', orgNumber: '556677-8899', contactEmail: 'bench@bench.test', discountPercent: 20 });
    const actor: Actor = { kind: 'reseller', resellerId: reseller.id, credentialId: 'bench' };
    await createEndpoint(s.ctx, actor, { url: rx.url });
    await rawLoop(rx.url);
    await endToEnd(s, reseller.id, rx); // warm up: JIT, key cache, connections
    // Pairs, each end-to-end run right after a raw loop: one run is about half a second, and this VM's speed drifts
    // between seconds, so each run is compared with the raw loop beside it and the pairs' median ratio is reported.
    const pairs: { raw: number; e2e: number }[] = [];
    for (let i = 0; i < RUNS; i++) pairs.push({ raw: await rawLoop(rx.url), e2e: await endToEnd(s, reseller.id, rx) });
    const raw = medianOf(pairs.map((p) => p.raw));
    const fresh = medianOf(pairs.map((p) => p.e2e));
    const freshRatio = medianOf(pairs.map((p) => p.e2e / p.raw));
    const rawBeforeDrain = await rawLoop(rx.url);
    const drain = await drainRate(s, worker, reseller.id, rx);
    worker = drain.worker;
    const drained = drain.rate;
    const broken = await createEndpoint(s.ctx, actor, { url: 'http://127.0.0.1:9/broken', enabledEvents: ['order.created'] });
    await seedBacklog(s, broken.id);
    // Part of the setup, like the seeding: the bulk insert's WAL copied back now, not by the checkpoint thread during
    // the first measured runs; and one unmeasured run, as before the runs without backlog.
    if (s.store.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(s.ctx.db);
    else await sql`checkpoint`.execute(s.ctx.db);
    await endToEnd(s, reseller.id, rx);
    // Paired with raw loops too, and compared as ratios to the raw loop: the runs without backlog were a minute earlier.
    const backlogPairs: { raw: number; e2e: number }[] = [];
    for (let i = 0; i < RUNS; i++) backlogPairs.push({ raw: await rawLoop(rx.url), e2e: await endToEnd(s, reseller.id, rx) });
    const withBacklog = medianOf(backlogPairs.map((p) => p.e2e));
    const backlogRatio = medianOf(backlogPairs.map((p) => p.e2e / p.raw)) / freshRatio;
    return [
      {
        benchmark: `Webhook delivery, ${fmt(EVENTS)} events end to end (write → signed POST acknowledged)`,
        store,
        ours: `${fmt(fresh)} events/s`,
        baseline: `${fmt(raw)} raw keep-alive POST/s, ${CONNECTIONS} connections`,
        ratio: freshRatio.toFixed(3),
        // The whole path: a write's transaction, fan-out, hand-off or claim, sign, send, record.
        target: `≥ ${e2eTarget.toFixed(2)} of raw POSTs`,
        ok: freshRatio >= e2eTarget,
      },
      {
        benchmark: `Webhook worker alone: ${fmt(EVENTS)} queued deliveries sent`,
        store,
        ours: `${fmt(drained)} deliveries/s`,
        baseline: `${fmt(rawBeforeDrain)} raw keep-alive POST/s, ${CONNECTIONS} connections`,
        ratio: (drained / rawBeforeDrain).toFixed(3),
        target: '≥ 0.25 of raw POSTs',
        ok: drained / rawBeforeDrain >= 0.25,
      },
      {
        benchmark: `Webhook delivery with ${fmt(BACKLOG)} pending rows of backlog`,
        store,
        ours: `${fmt(withBacklog)} events/s`,
        baseline: `${fmt(fresh)} events/s without backlog (each compared with the raw loop beside it)`,
        ratio: backlogRatio.toFixed(3),
        target: '≥ 0.80 of no backlog',
        ok: backlogRatio >= 0.8,
      },
    ];
  } finally {
    await worker.stop();
    await s.store.destroy();
    await rx.close();
  }
}

/** Alone: SQLite in a temp dir, or a throwaway database created on the PostgreSQL server the argument names. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  const tmp = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const main = async () => {
    if (!arg || !/^postgres/.test(arg)) return webhookBenchmarks('SQLite', arg ?? join(tmp, 'bench.db'));
    const name = `rk_bench_webhooks_${Date.now()}`;
    const admin = new pg.Client({ connectionString: arg });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(arg);
    url.pathname = `/${name}`;
    try {
      return await webhookBenchmarks('PostgreSQL', url.toString());
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  };
  main()
    .then((rows) => {
      for (const r of rows) console.log(`${r.benchmark} | ${r.store} | ${r.ours} | ${r.baseline} | ratio ${r.ratio} | target ${r.target} | ${r.ok ? 'met' : 'NOT met'}`);
    })
    .finally(() => rmSync(tmp, { recursive: true, force: true }));
}
