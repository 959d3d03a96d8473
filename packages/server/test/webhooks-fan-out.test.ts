/**
 * @module Which endpoints get a delivery of an event. With no worker in the process to hand rows to, PostgreSQL picks
 * the endpoints inside the write (fan-out.ts); this holds that choice to `wantsEvent`'s on both stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { insertRows } from '../src/db/insert-rows.js';
import { recordEvent, type EventType } from '../src/outbox/record.js';
import { wantsEvent } from '../src/webhooks/delivery/fan-out.js';
import { WEBHOOK_CHANNEL } from '../src/webhooks/delivery/listen.js';
import { startWebhookWorker } from '../src/webhooks/delivery/worker.js';
import { MAX_ENDPOINTS } from '../src/webhooks/endpoints/model.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('webhook fan-out on %s', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup() {
    const h = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    cleanup.push(() => h.close());
    return h;
  }
  async function endpoint(h: Harness, key: string, body: Record<string, unknown>): Promise<string> {
    const res = await h.call('POST', '/v1/webhook-endpoints', { key, body: { url: 'http://127.0.0.1:9/hook', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }
  /** Records the events in one transaction, as a service would. */
  function record(h: Harness, events: { type: EventType; resellerId: string | null }[]) {
    return h.services.ctx.db.transaction().execute(async (tx) => {
      const ids: string[] = [];
      for (const e of events) ids.push(await recordEvent(tx, h.clock.now().toISOString(), { ...e, data: { id: 'x' } }));
      return ids;
    });
  }
  async function deliveredTo(h: Harness, eventId: string): Promise<string[]> {
    const rows = await h.services.ctx.db.selectFrom('webhook_deliveries').select('endpoint_id').where('event_id', '=', eventId).execute();
    return rows.map((r) => r.endpoint_id).sort();
  }
  /** What wantsEvent picks from the enabled endpoints of the event's reseller and the vendor. */
  async function wanted(h: Harness, e: { type: EventType; resellerId: string | null }): Promise<string[]> {
    const endpoints = await h.services.ctx.db.selectFrom('webhook_endpoints').selectAll().where('enabled', '=', 1).execute();
    return endpoints
      .filter((ep) => (ep.reseller_id === null || ep.reseller_id === e.resellerId) && wantsEvent(ep, { type: e.type, data: {} }))
      .map((ep) => ep.id)
      .sort();
  }

  it.each([
    ['with no worker in the process', false],
    ['leased to a worker of this app', true],
  ])("writes one delivery per enabled endpoint whose filter takes the event: the reseller's own and the vendor's (%s)", async (_, withWorker) => {
    const h = await setup();
    if (withWorker) {
      // Registered as the fan-out's taker: on PostgreSQL the rows are written leased to it and read back after COMMIT.
      const worker = startWebhookWorker(h.services, { pollMs: 60_000, timeoutMs: 1000 });
      cleanup.push(() => worker.stop());
    }
    const [r1, r2] = [await h.reseller(), await h.reseller()];
    const all = await endpoint(h, r1.key, {});
    const trials = await endpoint(h, r1.key, { enabledEvents: ['trial.created', 'trial.expired'] });
    await endpoint(h, r1.key, { enabledEvents: ['order.approved'] });
    const off = await endpoint(h, r1.key, {});
    expect((await h.call('PATCH', `/v1/webhook-endpoints/${off}`, { key: r1.key, body: { enabled: false } })).status).toBe(200);
    const other = await endpoint(h, r2.key, {});
    const vendorAll = await endpoint(h, TEST_ADMIN_KEY, {});
    await endpoint(h, TEST_ADMIN_KEY, { enabledEvents: ['customer.cancelled'] });

    const events = [
      { type: 'trial.created', resellerId: r1.id },
      { type: 'order.approved', resellerId: r1.id },
      { type: 'customer.created', resellerId: r2.id },
      { type: 'customer.cancelled', resellerId: null },
    ] as const;
    const ids = await record(h, [...events]);
    const expected = [
      [all, trials, vendorAll],
      null, // checked against wantsEvent only
      [other, vendorAll],
      null,
    ];
    for (const [i, e] of events.entries()) {
      const got = await deliveredTo(h, ids[i]!);
      expect(got, e.type).toEqual(await wanted(h, e));
      if (expected[i]) expect(got, e.type).toEqual([...expected[i]!].sort());
    }
    // The vendor's filtered endpoint takes the vendor-wide event; no reseller endpoint sees an event of no reseller.
    expect(await deliveredTo(h, ids[3]!)).toHaveLength(2);
    const rows = await h.services.ctx.db.selectFrom('webhook_deliveries').selectAll().where('event_id', 'in', ids).execute();
    for (const row of rows) {
      if (!withWorker) expect(row).toMatchObject({ status: 'pending', retrying: 0, attempts: 0, lease_owner: null, lease_until: null, last_status: null });
      expect(row.id).toMatch(/^msg_[0-9a-z]{22}$/);
      expect(row.event_type).toBe(events[ids.indexOf(row.event_id)]!.type);
    }
  });

  it('gives every delivery of an event its own id when an event goes to many endpoints', async () => {
    const h = await setup();
    const r = await h.reseller();
    const endpoints: string[] = [];
    // The reseller's and the vendor's, as many as each may have: more than the id alphabet's 32 characters, so the
    // row number takes a second character.
    for (let i = 0; i < MAX_ENDPOINTS; i++) endpoints.push(await endpoint(h, r.key, { url: `http://127.0.0.1:9/hook/${i}` }));
    for (let i = 0; i < MAX_ENDPOINTS; i++) endpoints.push(await endpoint(h, TEST_ADMIN_KEY, { url: `http://127.0.0.1:9/vendor/${i}` }));
    const [a, b] = await record(h, [
      { type: 'trial.created', resellerId: r.id },
      { type: 'trial.expired', resellerId: r.id },
    ]);
    const rows = await h.services.ctx.db.selectFrom('webhook_deliveries').select(['id', 'endpoint_id', 'event_id']).where('event_id', 'in', [a!, b!]).execute();
    expect(rows).toHaveLength(4 * MAX_ENDPOINTS);
    expect(new Set(rows.map((x) => x.id)).size).toBe(4 * MAX_ENDPOINTS);
    expect(rows.filter((x) => x.event_id === a).map((x) => x.endpoint_id).sort()).toEqual([...endpoints].sort());
    // Time-sortable: every delivery of the later event sorts after every delivery of the earlier one.
    const last = (id: string) => rows.filter((x) => x.event_id === id).map((x) => x.id).sort();
    expect(last(a!).at(-1)! < last(b!)[0]!).toBe(true);
  });

  it('bounds the endpoints of each owner, the vendor counted apart, so one event costs a bounded number of rows', async () => {
    const h = await setup();
    const [r1, r2] = [await h.reseller(), await h.reseller()];
    for (let i = 0; i < MAX_ENDPOINTS; i++) await endpoint(h, r1.key, { url: `http://127.0.0.1:9/hook/${i}` });
    const over = await h.call('POST', '/v1/webhook-endpoints', { key: r1.key, body: { url: 'http://127.0.0.1:9/one-more' } });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toMatch(new RegExp(`At most ${MAX_ENDPOINTS} webhook endpoints per reseller`));
    expect(await h.services.ctx.db.selectFrom('webhook_endpoints').select('id').where('reseller_id', '=', r1.id).execute()).toHaveLength(MAX_ENDPOINTS);
    // Another reseller and the vendor have their own allowance; a deleted endpoint gives one back.
    await endpoint(h, r2.key, {});
    await endpoint(h, TEST_ADMIN_KEY, {});
    const first = (await h.call('GET', '/v1/webhook-endpoints?limit=1', { key: r1.key })).body.data[0].id;
    expect((await h.call('DELETE', `/v1/webhook-endpoints/${first}`, { key: r1.key })).status).toBe(204);
    await endpoint(h, r1.key, { url: 'http://127.0.0.1:9/again' });
  });

  it('delivers an event to an endpoint written earlier in the same transaction', async () => {
    const h = await setup();
    const r = await h.reseller();
    const template = await h.services.ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', await endpoint(h, r.key, {})).executeTakeFirstOrThrow();
    const [fresh, eventId] = await h.services.ctx.db.transaction().execute(async (tx) => {
      const id = `we_${template.id.slice(3, -3)}new`;
      // A buffered insert on PostgreSQL (write-behind): the fan-out's read of the endpoints must not miss it.
      await insertRows(tx, 'webhook_endpoints', [{ ...template, id }]);
      return [id, await recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: 'x' } })] as const;
    });
    expect(await deliveredTo(h, eventId)).toEqual([template.id, fresh].sort());
  });

  it('writes no delivery, and wakes no worker, for an event nobody wants', async () => {
    const h = await setup();
    const r = await h.reseller();
    await endpoint(h, r.key, { enabledEvents: ['order.approved'] });
    // PostgreSQL wakes workers by NOTIFY at commit: count the wake-ups a listener gets.
    const store = h.services.store;
    const pool = store.dialect === 'postgres' ? store.pgPool : undefined;
    const listener = await pool?.connect();
    const payloads: string[] = [];
    if (listener) {
      listener.on('notification', (n) => payloads.push(n.payload ?? ''));
      await listener.query(`listen ${WEBHOOK_CHANNEL}`);
      cleanup.push(async () => listener.release(true));
    }
    const [unwanted] = await record(h, [{ type: 'trial.created', resellerId: r.id }]);
    expect(await deliveredTo(h, unwanted!)).toEqual([]);
    const [wanted] = await record(h, [{ type: 'order.approved', resellerId: r.id }]);
    expect(await deliveredTo(h, wanted!)).toHaveLength(1);
    if (pool) {
      // Notifications arrive in commit order: once a marker sent after both commits is in, theirs would have been.
      await pool.query('select pg_notify($1, $2)', [WEBHOOK_CHANNEL, 'marker']);
      await expect.poll(() => payloads.includes('marker'), { timeout: 5000 }).toBe(true);
      expect(payloads).toEqual(['', 'marker']);
    }
  });
});
