/**
 * @module The delivery worker: claims due deliveries in batches under a lease, sends them with bounded concurrency
 * (overall and per endpoint, so one slow receiver cannot hold the others up), and sleeps until NOTIFY, a poll, or a
 * finished delivery wakes it. Any number may run against one PostgreSQL; on SQLite one process claims at a time.
 */
import type pg from 'pg';
import type { Ctx } from '../../app/context.js';
import type { Store } from '../../db/connect.js';
import { newId } from '../../ids.js';
import { attemptDelivery, groupRecorder, type Endpoint, type EventRow } from './attempt.js';
import { claimDue, releaseClaims, type Delivery } from './claim.js';
import { deliveriesQueued, WEBHOOK_CHANNEL } from './fan-out.js';
import { registerTaker, type DeliveryTaker } from './handoff.js';
import { createTransport } from './send.js';

export interface WebhookWorkerOptions {
  /** Deliveries in flight in this worker. */
  concurrency?: number;
  /** Deliveries in flight per endpoint in this worker. */
  perEndpoint?: number;
  /** How often to look for due work without a wake-up (retries fall due without a NOTIFY). */
  pollMs?: number;
  /** How long a claim holds; longer than the timeout, so a live worker never loses a row it is sending. */
  leaseMs?: number;
  timeoutMs?: number;
  onError?: (e: unknown) => void;
}

export interface WebhookWorker {
  /** Claims one batch, sends it and waits for it: for tests and scripts driving a manual clock. */
  tick(): Promise<number>;
  /** Ticks until nothing is due. */
  drain(): Promise<number>;
  /** Looks for due work now rather than at the next poll (a running worker only). */
  wakeUp(): void;
  stop(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * An endpoint's line, in multiples of `perEndpoint`: each claim has a fixed cost (its transaction, the index reads, the
 * UPDATE and the endpoint and event reads) that a line of three spreads over twice the deliveries a line of two did.
 * Three rounds of the default timeout (45 s) still end within the default lease (60 s): the last in line is sent before
 * its lease runs out.
 */
const LINE = 3;

export function createWebhookWorker(services: { store: Store; ctx: Ctx }, opts: WebhookWorkerOptions = {}) {
  const { ctx } = services;
  const concurrency = opts.concurrency ?? 64;
  const perEndpoint = opts.perEndpoint ?? 8;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = Math.max(opts.leaseMs ?? 60_000, 1000);
  const onError = opts.onError ?? (() => {});
  const owner = newId('wkr');
  const transport = createTransport({ allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs });
  const record = groupRecorder(ctx, owner);
  const inflight = new Set<Promise<void>>();
  const byEndpoint = new Map<string, number>();
  // A wake-up that comes while the loop is busy is remembered, so the next sleep is skipped rather than missed.
  let woken = false;
  const remember = () => void (woken = true);
  let wake: () => void = remember;
  let stopped = false;
  let looping: Promise<void> = Promise.resolve();

  /**
   * Claimed deliveries waiting for a free slot of their endpoint. An endpoint holds at most `LINE × perEndpoint` (in
   * flight plus waiting) and is claimed for again only once its line is down to `perEndpoint`: one claim per
   * `2 × perEndpoint` deliveries of a busy endpoint, and none given back.
   */
  const waiting = new Map<string, (() => void)[]>();
  let waitingCount = 0;
  /** Slots the fan-out reserved for rows it is writing leased to this worker (see handoff.ts), until their COMMIT. */
  const reserved = new Map<string, number>();
  let reservedCount = 0;
  const busy = (endpointId: string) => (byEndpoint.get(endpointId) ?? 0) + (waiting.get(endpointId)?.length ?? 0) + (reserved.get(endpointId) ?? 0);
  /** Endpoints that may have more due rows than the last claim took: a claim is worth it once they have room. */
  const unclaimed = new Set<string>();
  /** The last claim stopped at this worker's free capacity: any finished delivery makes room for more. */
  let capacityBound = false;

  /** Claims up to `free` deliveries, starts or queues them per endpoint; returns how many it kept. */
  async function claimAndStart(free: number): Promise<number> {
    // Endpoints with only a reservation count too: a claim must leave room for the rows handed over at their COMMIT.
    const held = [...new Set([...byEndpoint.keys(), ...waiting.keys(), ...reserved.keys()])];
    const full = held.filter((id) => busy(id) > perEndpoint);
    for (const id of full) unclaimed.add(id);
    // Every endpoint the claim may pick has room for this many more.
    const quota = LINE * perEndpoint - Math.max(0, ...held.filter((id) => busy(id) <= perEndpoint).map(busy));
    // One transaction for the claim and its reads: on SQLite it joins the open group commit instead of forcing it
    // early, and its rows come back only after that COMMIT, so nothing is sent for a write not yet committed.
    const { rows, endpoints, events } = await ctx.db.transaction().execute(async (tx) => {
      const rows = await claimDue({ ...ctx, db: tx }, { owner, limit: free, perEndpoint: quota, leaseMs, excludeEndpoints: full });
      if (rows.length === 0) return { rows, endpoints: [], events: [] };
      const endpoints = await tx.selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.endpoint_id))]).execute();
      const events = await tx.selectFrom('events').select(['id', 'type', 'data', 'created_at']).where('id', 'in', [...new Set(rows.map((r) => r.event_id))]).execute();
      return { rows, endpoints, events };
    });
    capacityBound = rows.length >= free;
    if (rows.length === 0) return 0;
    const taken = new Map<string, number>();
    for (const d of rows) taken.set(d.endpoint_id, (taken.get(d.endpoint_id) ?? 0) + 1);
    for (const [id, n] of taken) if (n >= quota) unclaimed.add(id);
    const ep = new Map(endpoints.map((e) => [e.id, e]));
    const ev = new Map(events.map((e) => [e.id, e]));
    const release: string[] = [];
    for (const d of rows) {
      // Both queries (first attempts, retries) found rows of this endpoint: the surplus goes back for later.
      if (!startOrQueue(d, ep.get(d.endpoint_id), ev.get(d.event_id))) release.push(d.id);
    }
    await releaseClaims(ctx, owner, release);
    return rows.length - release.length;
  }

  /** Starts a delivery this worker holds, or queues it in its endpoint's line; false when the line is full. */
  function startOrQueue(d: Delivery, endpoint: Endpoint | undefined, event: EventRow | undefined): boolean {
    const start = () => run(d, endpoint, event);
    if ((byEndpoint.get(d.endpoint_id) ?? 0) < perEndpoint) start();
    else if (busy(d.endpoint_id) < LINE * perEndpoint) {
      waiting.set(d.endpoint_id, [...(waiting.get(d.endpoint_id) ?? []), start]);
      waitingCount++;
    } else {
      unclaimed.add(d.endpoint_id);
      return false;
    }
    return true;
  }

  /** The fan-out's side of a hand-off (handoff.ts): a slot while the write runs, the delivery once it committed. */
  const taker: DeliveryTaker = {
    owner,
    leaseMs,
    reserve(endpointId) {
      if (stopped || busy(endpointId) >= LINE * perEndpoint || inflight.size + waitingCount + reservedCount >= concurrency) return false;
      reserved.set(endpointId, (reserved.get(endpointId) ?? 0) + 1);
      reservedCount++;
      return true;
    },
    settle(committed, items) {
      for (const { delivery } of items) {
        const n = (reserved.get(delivery.endpoint_id) ?? 1) - 1;
        if (n <= 0) reserved.delete(delivery.endpoint_id);
        else reserved.set(delivery.endpoint_id, n);
        reservedCount--;
      }
      if (!committed || items.length === 0) return;
      const unsent = stopped ? items : items.filter((i) => !startOrQueue(i.delivery, i.endpoint, i.event));
      // Not sent by this worker after all (it is stopping): give the leases back rather than let them run out.
      if (unsent.length) releaseClaims(ctx, owner, unsent.map((i) => i.delivery.id)).catch(onError);
    },
  };

  let lingering = false;
  /** New deliveries for these endpoints: worth a claim now unless each is already full (then once it has room). */
  function queued(endpointIds: string[]) {
    let room = false;
    for (const id of endpointIds) {
      if (busy(id) > perEndpoint) unclaimed.add(id);
      else room = true;
    }
    if (room && !lingering) {
      // Claim after this turn of the event loop: the other writes arriving in it are claimed with this one.
      lingering = true;
      setImmediate(() => {
        lingering = false;
        wake();
      });
    }
  }

  function run(d: Delivery, endpoint: Endpoint | undefined, event: EventRow | undefined): void {
    byEndpoint.set(d.endpoint_id, (byEndpoint.get(d.endpoint_id) ?? 0) + 1);
    let freed = false;
    // The endpoint's slot frees when the receiver answers; storing the outcome (group-committed) need not hold it.
    const free = () => {
      if (freed) return;
      freed = true;
      const n = (byEndpoint.get(d.endpoint_id) ?? 1) - 1;
      if (n <= 0) byEndpoint.delete(d.endpoint_id);
      else byEndpoint.set(d.endpoint_id, n);
      const queue = waiting.get(d.endpoint_id);
      const next = queue?.shift();
      if (queue && queue.length === 0) waiting.delete(d.endpoint_id);
      if (next) {
        waitingCount--;
        next();
      }
      if (unclaimed.has(d.endpoint_id) && busy(d.endpoint_id) <= perEndpoint) {
        unclaimed.delete(d.endpoint_id);
        wake();
      }
    };
    const p = attemptDelivery(ctx, owner, transport, record, d, endpoint, event, free)
      .catch(onError) // the lease runs out and the delivery is tried again
      .finally(() => {
        free();
        inflight.delete(p);
        if (capacityBound) wake();
      });
    inflight.add(p);
  }

  /** Waits until everything claimed has been sent and recorded. */
  async function settle() {
    while (inflight.size) await Promise.all([...inflight]);
  }

  const worker = {
    async tick() {
      const kept = await claimAndStart(concurrency - inflight.size - waitingCount - reservedCount);
      await settle();
      return kept;
    },
    async drain() {
      let total = 0;
      for (let n = await worker.tick(); n > 0; n = await worker.tick()) total += n;
      return total;
    },
    /** Runs until stopped: claims whenever there is room, sleeps when nothing is due. */
    start(pollMs: number) {
      looping = loop(pollMs);
    },
    wakeUp: () => wake(),
    queued,
    taker,
    async stop() {
      stopped = true;
      wake();
      await looping;
      await settle();
      transport.close();
    },
  };

  async function loop(pollMs: number) {
    while (!stopped) {
      const free = concurrency - inflight.size - waitingCount - reservedCount;
      if (free <= 0) capacityBound = true;
      let claimed = 0;
      if (free > 0) {
        try {
          claimed = await claimAndStart(free);
        } catch (e) {
          onError(e);
        }
      }
      if (stopped) break;
      if ((free === 0 || claimed < free) && !woken) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          function done() {
            clearTimeout(t);
            wake = remember;
            resolve();
          }
          wake = done;
        });
      }
      woken = false;
    }
  }
  return worker;
}

/** Starts the loop, and on PostgreSQL a LISTEN connection whose NOTIFY (sent by the fan-out at commit) wakes it at once. */
export function startWebhookWorker(services: { store: Store; ctx: Ctx }, opts: WebhookWorkerOptions = {}): WebhookWorker {
  const w = createWebhookWorker(services, opts);
  const onError = opts.onError ?? (() => {});
  let stopped = false;
  let listener: pg.PoolClient | undefined;
  const pool = services.store.pgPool;
  async function listen() {
    if (!pool || stopped) return;
    try {
      const client = await pool.connect();
      if (stopped) return client.release();
      listener = client;
      client.on('notification', () => w.wakeUp());
      client.on('error', (e) => {
        onError(e);
        // A dropped connection may report more than one error, and stop() may have released it already:
        // releasing twice throws inside this handler and would take the process down.
        if (listener !== client) return;
        listener = undefined;
        client.release(true);
        if (!stopped) setTimeout(() => void listen(), 1000).unref();
      });
      await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    } catch (e) {
      onError(e);
      setTimeout(() => void listen(), 1000).unref();
    }
  }
  void listen();
  // SQLite has no NOTIFY: the fan-out tells workers in this process directly (see `deliveriesQueued`).
  const onQueued = (endpointIds: string[]) => w.queued(endpointIds);
  if (!pool) deliveriesQueued.on('queued', onQueued);
  const unregister = pool ? () => {} : registerTaker(services.ctx.db, w.taker);
  w.start(opts.pollMs ?? 1000);
  return {
    tick: w.tick,
    drain: w.drain,
    wakeUp: w.wakeUp,
    async stop() {
      stopped = true;
      unregister();
      deliveriesQueued.off('queued', onQueued);
      await w.stop();
      if (listener) {
        const l = listener;
        await l.query(`UNLISTEN ${WEBHOOK_CHANNEL}`).catch(() => {});
        if (listener === l) {
          listener = undefined;
          l.release();
        }
      }
    },
  };
}
