/**
 * @module The delivery worker: claims due deliveries in batches under a lease, sends them with bounded concurrency
 * (overall and per endpoint, so one slow receiver cannot hold the others up), and sleeps until NOTIFY, a poll, or a
 * finished delivery wakes it. Any number may run against one PostgreSQL; on SQLite one process claims at a time.
 */
import type { Ctx } from '../../app/context.js';
import type { Store } from '../../db/connect.js';
import { newId } from '../../ids.js';
import { attemptDelivery, groupRecorder, type Endpoint, type EventRow } from './attempt.js';
import { claimToSend, releaseClaims, renewLeases, type Delivery } from './claim.js';
import { DeliveryNotifications } from './listen.js';
import type { DeliveryTaker, HandedDelivery } from './handoff.js';
import { createTransport } from './send.js';

export interface WebhookWorkerOptions {
  /** Deliveries in flight in this worker. */
  concurrency?: number;
  /** Deliveries in flight per endpoint in this worker. */
  perEndpoint?: number;
  /** How often to look for due work without a wake-up (retries fall due without a NOTIFY). */
  pollMs?: number;
  /**
   * How long a claim holds before another worker may take the row (a crashed worker's rows are sent again after it).
   * A live worker renews the leases of the rows it holds every third of it, so a slow receiver or a long line never
   * lets a row it is sending go to another worker, whatever the timeout.
   */
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
 * The last in line is sent up to three timeouts after its claim, longer than a short lease: the worker renews the leases
 * of what it holds (see #hold).
 */
const LINE = 3;

export function createWebhookWorker(services: { ctx: Ctx }, opts: WebhookWorkerOptions = {}): DeliveryWorker {
  return new DeliveryWorker(services.ctx, opts);
}

/**
 * One worker's state: what it holds in flight, in line and reserved, per endpoint; which endpoints deserve a claim once
 * they have room; and how its loop sleeps and wakes.
 */
export class DeliveryWorker {
  readonly owner = newId('wkr');
  readonly #concurrency: number;
  readonly #perEndpoint: number;
  readonly #leaseMs: number;
  readonly #onError: (e: unknown) => void;
  readonly #transport: ReturnType<typeof createTransport>;
  readonly #record: ReturnType<typeof groupRecorder>;

  /** Attempts running now, and how many of them per endpoint. */
  readonly #inflight = new Set<Promise<void>>();
  readonly #running = new Map<string, number>();
  /**
   * Claimed deliveries waiting for a free slot of their endpoint. An endpoint holds at most `LINE × perEndpoint` (in
   * flight plus waiting) and is claimed for again only once its line is down to `perEndpoint`: one claim per
   * `2 × perEndpoint` deliveries of a busy endpoint, and none given back.
   */
  readonly #waiting = new Map<string, (() => void)[]>();
  #waitingCount = 0;
  /** Slots the fan-out reserved for rows it is writing leased to this worker (see handoff.ts), until their COMMIT. */
  readonly #reserved = new Map<string, number>();
  #reservedCount = 0;
  /** Endpoints that may have more due rows than the last claim took: a claim is worth it once they have room. */
  readonly #unclaimed = new Set<string>();
  /** The last claim stopped at this worker's free capacity: any finished delivery makes room for more. */
  #capacityBound = false;

  /** A wake-up that comes while the loop is busy is remembered, so the next sleep is skipped rather than missed. */
  #woken = false;
  /** Ends the current sleep; between sleeps it remembers the wake-up. */
  #wake: () => void = () => void (this.#woken = true);
  /** A claim is already due after this turn of the event loop (see queued()). */
  #lingering = false;
  /** Rows this worker holds, from claim or hand-over until their outcome is stored: their leases are renewed meanwhile. */
  readonly #held = new Set<string>();
  /** The renewal timer, running only while rows are held. */
  #renewing: NodeJS.Timeout | undefined;
  #stopped = false;
  #looping: Promise<void> = Promise.resolve();
  /** The fan-out's side of a hand-off (handoff.ts): a slot while the write runs, the delivery once it committed. */
  readonly taker: DeliveryTaker;

  constructor(
    private readonly ctx: Ctx,
    opts: WebhookWorkerOptions = {},
  ) {
    this.#concurrency = opts.concurrency ?? 64;
    this.#perEndpoint = opts.perEndpoint ?? 8;
    this.#leaseMs = Math.max(opts.leaseMs ?? 60_000, 1000);
    this.#onError = opts.onError ?? (() => {});
    this.#transport = createTransport({ allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.#record = groupRecorder(ctx, this.owner);
    this.taker = {
      owner: this.owner,
      leaseMs: this.#leaseMs,
      reserve: (endpointId) => {
        if (this.#stopped || this.#busy(endpointId) >= LINE * this.#perEndpoint || this.#free() <= 0) return false;
        this.#reserved.set(endpointId, (this.#reserved.get(endpointId) ?? 0) + 1);
        this.#reservedCount++;
        return true;
      },
      settle: (committed, items) => {
        for (const { delivery } of items) {
          const n = (this.#reserved.get(delivery.endpoint_id) ?? 1) - 1;
          if (n <= 0) this.#reserved.delete(delivery.endpoint_id);
          else this.#reserved.set(delivery.endpoint_id, n);
          this.#reservedCount--;
        }
        if (!committed || items.length === 0) return;
        const unsent = this.#stopped ? items : items.filter((i) => !this.#startOrQueue(i.delivery, i.endpoint, i.event));
        // Not sent by this worker after all (it is stopping): give the leases back rather than let them run out.
        if (unsent.length) releaseClaims(this.ctx, this.owner, unsent.map((i) => i.delivery.id), { wake: true }).catch(this.#onError);
      },
      accepting: () => !this.#stopped && this.#free() > 0,
      take: (items) => this.#take(items),
    };
  }

  /** PostgreSQL: rows the fan-out wrote leased to this worker, committed: started or queued, or given back. */
  #take(items: HandedDelivery[]): void {
    const release: Delivery[] = [];
    for (const { delivery, endpoint, event } of items) {
      // Claimed again by this worker after a lease that ran out before the COMMIT: it holds the row already.
      if (this.#held.has(delivery.id)) continue;
      // Within the worker's bounds (its concurrency, the endpoint's line), or back to the table.
      if (this.#stopped || this.#free() <= 0 || !this.#startOrQueue(delivery, endpoint ?? undefined, event)) release.push(delivery);
    }
    if (release.length === 0) return;
    // Nothing announced these rows: every worker is told (NOTIFY), and this one claims them once its line has room.
    // Tracked with the attempts, so stop() waits for it.
    const p = releaseClaims(this.ctx, this.owner, release.map((d) => d.id), { wake: true })
      .then(() => this.queued(release.map((d) => d.endpoint_id)))
      .catch(this.#onError) // the leases run out and the rows are claimed again
      .finally(() => {
        this.#inflight.delete(p);
        if (this.#capacityBound) this.#wake();
      });
    this.#inflight.add(p);
  }

  /** In flight, waiting and reserved for this endpoint. */
  #busy(endpointId: string): number {
    return (this.#running.get(endpointId) ?? 0) + (this.#waiting.get(endpointId)?.length ?? 0) + (this.#reserved.get(endpointId) ?? 0);
  }

  #free(): number {
    return this.#concurrency - this.#inflight.size - this.#waitingCount - this.#reservedCount;
  }

  /** Claims up to `free` deliveries, starts or queues them per endpoint; returns how many it kept. */
  async #claimAndStart(free: number): Promise<number> {
    const { ctx, owner } = this;
    const perEndpoint = this.#perEndpoint;
    // Endpoints with only a reservation count too: a claim must leave room for the rows handed over at their COMMIT.
    const held = [...new Set([...this.#running.keys(), ...this.#waiting.keys(), ...this.#reserved.keys()])];
    const full = held.filter((id) => this.#busy(id) > perEndpoint);
    for (const id of full) this.#unclaimed.add(id);
    // Every endpoint the claim may pick has room for this many more.
    const quota = LINE * perEndpoint - Math.max(0, ...held.filter((id) => this.#busy(id) <= perEndpoint).map((id) => this.#busy(id)));
    const { rows, endpoints, events } = await claimToSend(ctx, { owner, limit: free, perEndpoint: quota, leaseMs: this.#leaseMs, excludeEndpoints: full });
    this.#capacityBound = rows.length >= free;
    if (rows.length === 0) return 0;
    const taken = new Map<string, number>();
    for (const d of rows) taken.set(d.endpoint_id, (taken.get(d.endpoint_id) ?? 0) + 1);
    for (const [id, n] of taken) if (n >= quota) this.#unclaimed.add(id);
    const ep = new Map(endpoints.map((e) => [e.id, e]));
    const ev = new Map(events.map((e) => [e.id, e]));
    const release: string[] = [];
    for (const d of rows) {
      // SQLite: both queries (first attempts, retries) found rows of this endpoint; the surplus goes back for later.
      if (!this.#startOrQueue(d, ep.get(d.endpoint_id), ev.get(d.event_id))) release.push(d.id);
    }
    await releaseClaims(ctx, owner, release);
    return rows.length - release.length;
  }

  /** Starts a delivery this worker holds, or queues it in its endpoint's line; false when the line is full. */
  #startOrQueue(d: Delivery, endpoint: Endpoint | undefined, event: EventRow | undefined): boolean {
    if ((this.#running.get(d.endpoint_id) ?? 0) < this.#perEndpoint) this.#run(d, endpoint, event);
    else if (this.#busy(d.endpoint_id) < LINE * this.#perEndpoint) {
      const line = this.#waiting.get(d.endpoint_id);
      if (line) line.push(() => this.#run(d, endpoint, event));
      else this.#waiting.set(d.endpoint_id, [() => this.#run(d, endpoint, event)]);
      this.#waitingCount++;
    } else {
      this.#unclaimed.add(d.endpoint_id);
      return false;
    }
    // After #run: its attempt settles (and unholds) a turn later at the earliest.
    this.#hold(d.id);
    return true;
  }

  /** New deliveries for these endpoints: worth a claim now unless each is already full (then once it has room). */
  queued(endpointIds: string[]): void {
    let room = false;
    for (const id of endpointIds) {
      if (this.#busy(id) > this.#perEndpoint) this.#unclaimed.add(id);
      else room = true;
    }
    if (room && !this.#lingering) {
      // Claim after this turn of the event loop: the other writes arriving in it are claimed with this one.
      this.#lingering = true;
      setImmediate(() => {
        this.#lingering = false;
        this.#wake();
      });
    }
  }

  #run(d: Delivery, endpoint: Endpoint | undefined, event: EventRow | undefined): void {
    this.#running.set(d.endpoint_id, (this.#running.get(d.endpoint_id) ?? 0) + 1);
    // The endpoint's slot frees when the receiver answers; storing the outcome (group-committed) need not hold it.
    // (Closures passed inline, not assigned: tsx names every assigned closure, a property definition per delivery.)
    const slot = { endpointId: d.endpoint_id, freed: false };
    const p = attemptDelivery(this.ctx, this.owner, this.#transport, this.#record, d, endpoint, event, () => this.#freeSlot(slot))
      .catch(this.#onError) // the lease runs out and the delivery is tried again
      .finally(() => {
        this.#unhold(d.id);
        this.#freeSlot(slot);
        this.#inflight.delete(p);
        if (this.#capacityBound) this.#wake();
      });
    this.#inflight.add(p);
  }

  #hold(id: string): void {
    this.#held.add(id);
    // A third of the lease: a renewal that fails or runs late still has a second chance before the lease runs out.
    this.#renewing ??= setInterval(() => void this.#renew(), this.#leaseMs / 3).unref();
  }

  #unhold(id: string): void {
    this.#held.delete(id);
    if (this.#held.size > 0 || !this.#renewing) return;
    clearInterval(this.#renewing);
    this.#renewing = undefined;
  }

  async #renew(): Promise<void> {
    await renewLeases(this.ctx, this.owner, [...this.#held], this.#leaseMs).catch(this.#onError);
  }

  /** Frees a running delivery's slot in its endpoint's line, once: starts the next in line, or earns a claim. */
  #freeSlot(slot: { endpointId: string; freed: boolean }): void {
    if (slot.freed) return;
    slot.freed = true;
    const id = slot.endpointId;
    const n = (this.#running.get(id) ?? 1) - 1;
    if (n <= 0) this.#running.delete(id);
    else this.#running.set(id, n);
    const queue = this.#waiting.get(id);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.#waiting.delete(id);
    if (next) {
      this.#waitingCount--;
      next();
    }
    if (this.#unclaimed.has(id) && this.#busy(id) <= this.#perEndpoint) {
      this.#unclaimed.delete(id);
      this.#wake();
    }
  }

  /** Waits until everything claimed has been sent and recorded. */
  async #settle(): Promise<void> {
    while (this.#inflight.size) await Promise.all([...this.#inflight]);
  }

  /** Claims one batch, sends it and waits for it: for tests and scripts driving a manual clock. */
  async tick(): Promise<number> {
    const kept = await this.#claimAndStart(this.#free());
    await this.#settle();
    return kept;
  }

  /** Ticks until nothing is due. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.tick(); n > 0; n = await this.tick()) total += n;
    return total;
  }

  /** Runs until stopped: claims whenever there is room, sleeps when nothing is due. */
  start(pollMs: number): void {
    this.#looping = this.#loop(pollMs);
  }

  /** Looks for due work now rather than at the next poll (a running worker only). */
  wakeUp(): void {
    this.#wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake();
    await this.#looping;
    await this.#settle();
    this.#transport.close();
  }

  async #loop(pollMs: number): Promise<void> {
    const remember = () => void (this.#woken = true);
    while (!this.#stopped) {
      const free = this.#free();
      if (free <= 0) this.#capacityBound = true;
      let claimed = 0;
      if (free > 0) {
        try {
          claimed = await this.#claimAndStart(free);
        } catch (e) {
          this.#onError(e);
        }
      }
      if (this.#stopped) break;
      // Free can be below zero: giving back a hand-over (#take) takes a slot without asking, and a claim's rows may
      // arrive after one began. Not sleeping then would spin here without ever yielding, and no delivery could finish.
      if ((free <= 0 || claimed < free) && !this.#woken) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          const self = this;
          function done() {
            clearTimeout(t);
            self.#wake = remember;
            resolve();
          }
          this.#wake = done;
        });
      }
      this.#woken = false;
    }
  }
}

/** Starts the loop, and on PostgreSQL a LISTEN connection whose NOTIFY (sent by the fan-out at commit) wakes it at once. */
export function startWebhookWorker(services: { store: Store; ctx: Ctx }, opts: WebhookWorkerOptions = {}): WebhookWorker {
  const w = createWebhookWorker(services, opts);
  const { store } = services;
  const notifications = store.dialect === 'postgres' ? new DeliveryNotifications(store.pgPool, () => w.wakeUp(), opts.onError ?? (() => {})) : undefined;
  void notifications?.listen();
  // The fan-out hands this app's worker what it has room for at COMMIT (see DeliveryHandoff); the rest it leaves to a
  // claim, waking workers by NOTIFY on PostgreSQL and, as SQLite has none, this app's worker directly.
  const unregister = services.ctx.handoff.register(w.taker, notifications ? () => {} : (endpointIds) => w.queued(endpointIds));
  w.start(opts.pollMs ?? 1000);
  return {
    tick: () => w.tick(),
    drain: () => w.drain(),
    wakeUp: () => w.wakeUp(),
    async stop() {
      unregister();
      await w.stop();
      await notifications?.stop();
    },
  };
}
