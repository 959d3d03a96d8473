/** @module The fan-out hands deliveries written in this process to the worker of the same store, leased from the insert. */
import { afterEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/outbox/record.js';
import { startWebhookWorker, type WebhookWorker } from '../src/webhooks/delivery/worker.js';
import { DeliveryHandoff } from '../src/webhooks/delivery/handoff.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { statementsSentDuring, testDialects } from '@resellerkit/dev-env/stores';
import { startReceiver, type Receiver } from './webhook-receiver.js';

describe.each(testDialects)('delivery hand-off on %s', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /**
   * One endpoint, and a started worker whose line holds three (one in flight, two waiting). It never polls: what it
   * sends, it was handed, or woken for (SQLite: by the fan-out; PostgreSQL: by NOTIFY, unless `pollMs` says otherwise,
   * as its LISTEN may start after the first NOTIFY).
   */
  async function setup(handler?: Parameters<typeof startReceiver>[0], pollMs = 60_000) {
    const h: Harness = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    cleanup.push(() => h.close());
    const rx: Receiver = await startReceiver(handler);
    cleanup.push(() => rx.close());
    const r = await h.reseller();
    const ep = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: rx.url, enabledEvents: ['trial.created'] } });
    expect(ep.status).toBe(201);
    const worker: WebhookWorker = startWebhookWorker(h.services, { perEndpoint: 1, pollMs, timeoutMs: 5000 });
    cleanup.push(() => worker.stop());
    /** Records one event in its own transaction; returns its delivery's lease owner as seen inside that transaction. */
    const write = (n: number, rollBack = false) =>
      h.services.ctx.db
        .transaction()
        .execute(async (tx) => {
          await recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: `trial_${n}` } });
          const row = await tx.selectFrom('webhook_deliveries').select(['lease_owner', 'event_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
          if (rollBack) throw new Error('changed my mind');
          return row.lease_owner;
        });
    return { h, r, rx, worker, write };
  }

  it('writes the delivery leased to the worker and sends it once the write has committed, without a claim', async () => {
    const { rx, write } = await setup();
    const owner = await write(1);
    expect(owner).toMatch(/^wkr_/);
    await expect.poll(() => rx.received.length, { timeout: 5000 }).toBe(1);
    expect(JSON.parse(rx.received[0]!.body).data.id).toBe('trial_1');
  });

  it('sends nothing of a write that rolled back, and frees its slot', async () => {
    const { rx, write } = await setup();
    // More rolled-back writes than the line holds: each slot must have come back, or the last write finds none.
    for (let i = 0; i < 5; i++) await expect(write(i, true)).rejects.toThrow('changed my mind');
    expect(await write(9)).toMatch(/^wkr_/);
    await expect.poll(() => rx.received.length, { timeout: 5000 }).toBe(1);
    expect(JSON.parse(rx.received[0]!.body).data.id).toBe('trial_9');
  });

  it('leaves what its line has no room for to the claim, which sends it once there is room', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { h, rx, write } = await setup(
      async () => {
        await gate;
        return { status: 200 };
      },
      dialect === 'sqlite' ? 60_000 : 100,
    );
    const owners = [];
    for (let i = 0; i < 5; i++) owners.push(await write(i));
    if (dialect === 'sqlite') {
      // One in flight (held by the receiver) and two waiting fill the line; the last two are written unleased.
      expect(owners.map((o) => o !== null)).toEqual([true, true, true, false, false]);
    } else {
      // PostgreSQL writes every row leased while the worker has room at all (the endpoints are chosen in SQL), reads
      // them back after COMMIT and at once gives back the two its endpoint's line has no room for.
      expect(owners.every((o) => o !== null)).toBe(true);
      const unleased = async () => (await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('lease_owner', 'is', null).execute()).length;
      await expect.poll(unleased, { timeout: 5000 }).toBe(2);
    }
    open();
    await expect.poll(() => rx.received.length, { timeout: 10_000 }).toBe(5);
    expect(rx.maxOpen).toBe(1);
    expect(new Set(rx.received.map((d) => JSON.parse(d.body).data.id)).size).toBe(5);
  });

  it.runIf(dialect === 'postgres')('hands over the rows the writes returned, with no read of them, and sends what its line could not take once it has room', async () => {
    const { h, r, rx } = await setup();
    const { sent } = await statementsSentDuring(async () => {
      // Eight events in one transaction: each fan-out's insert returns its rows, handed over at the one COMMIT.
      await h.services.ctx.db.transaction().execute(async (tx) => {
        for (let n = 1; n <= 8; n++) await recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: `trial_${n}` } });
      });
      // The line holds three (one in flight, two waiting); the other five go back to the table, and this worker (which
      // never polls here) claims them as its line frees, in turn.
      await expect.poll(() => rx.received.length, { timeout: 10_000 }).toBe(8);
    });
    expect(sent.filter((q) => /from "webhook_endpoints"/.test(q) && !/insert into/.test(q))).toEqual([]);
    // The deliveries' table is only written (the fan-out's inserts, with RETURNING), claimed, given back and recorded.
    const touching = sent.filter((q) => /webhook_deliveries/.test(q));
    const kinds = [/insert into "webhook_deliveries" .* returning /, /^with due0 as \(select/, /^with released as \(update "webhook_deliveries"/, /^with attempt as \(\s*insert into webhook_attempts/];
    expect(touching.filter((q) => !kinds.some((k) => k.test(q)))).toEqual([]);
    expect(touching.filter((q) => kinds[0]!.test(q))).toHaveLength(8);
    expect(new Set(rx.received.map((d) => JSON.parse(d.body).data.id)).size).toBe(8);
    expect(rx.maxOpen).toBe(1);
  });

  it('takes nothing once stopped: the rows wait for a worker to claim them', async () => {
    const { worker, write } = await setup();
    await worker.stop();
    expect(await write(1)).toBeNull();
  });

  it.runIf(dialect === 'postgres')('leaves every row to the claim when no worker of this app runs: a worker of another process sends it', async () => {
    const { h, rx, worker, write } = await setup();
    await worker.stop();
    // Another process's worker: registered with a hand-off the fan-out of this app does not know.
    const other = startWebhookWorker({ store: h.services.store, ctx: { ...h.services.ctx, handoff: new DeliveryHandoff() } }, { pollMs: 100, timeoutMs: 5000 });
    cleanup.push(() => other.stop());
    expect(await write(1)).toBeNull();
    await expect.poll(() => rx.received.length, { timeout: 5000 }).toBe(1);
  });
});
