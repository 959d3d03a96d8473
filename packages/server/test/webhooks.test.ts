/** @module Webhooks end to end: real receivers on 127.0.0.1, deliveries verified with the public standardwebhooks library. */
import { createHmac, createPublicKey, verify } from 'node:crypto';
import { verifyWebhook } from '@resellerkit/sdk';
import { Webhook } from 'standardwebhooks';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { queuedParts } from '../src/mail/outbox.js';
import { claimDue, claimToSend } from '../src/webhooks/delivery/claim.js';
import { createWebhookWorker } from '../src/webhooks/delivery/worker.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { statementsSentDuring, testDialects } from '@resellerkit/dev-env/stores';
import { startReceiver, type Receiver } from './webhook-receiver.js';

describe.each(testDialects)('webhooks on %s', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(env: Record<string, string> = {}, clockStart = new Date().toISOString()) {
    const h = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true', ...env }, clockStart });
    cleanup.push(() => h.close());
    const worker = createWebhookWorker(h.services, { timeoutMs: 5000 });
    cleanup.push(() => worker.stop());
    return { h, worker };
  }
  async function receiver(handler?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const r = await startReceiver(handler);
    cleanup.push(() => r.close());
    return r;
  }
  async function endpoint(h: Harness, key: string, body: Record<string, unknown>) {
    const res = await h.call('POST', '/v1/webhook-endpoints', { key, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string; publicKey: string | null };
  }
  async function trial(h: Harness, key: string) {
    const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } });
    const t = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'styrelsen@solrosen.test' }] } });
    expect(t.status).toBe(201);
    return t.body as { id: string };
  }
  async function deliveries(h: Harness, key: string, endpointId: string) {
    const res = await h.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`, { key });
    expect(res.status).toBe(200);
    return res.body.data as any[];
  }

  it('signs deliveries so standardwebhooks and our SDK verify them unchanged, and v1a with the JWKS key', async () => {
    const { h, worker } = await setup();
    const r = await h.reseller();
    const rx = await receiver();
    const ep = await endpoint(h, r.key, { url: rx.url, description: 'CRM', enabledEvents: ['trial.created'], signing: 'hmac+ed25519' });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(ep.publicKey).toMatch(/^whpk_/);
    const shown = await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r.key });
    expect(shown.body.secret).toBeUndefined();

    const t = await trial(h, r.key);
    expect(await worker.drain()).toBe(1);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;

    const payload = new Webhook(ep.secret).verify(got.body, got.headers as Record<string, string>) as any;
    expect(payload.type).toBe('trial.created');
    const api = await h.call('GET', `/v1/trials/${t.id}`, { key: r.key });
    expect(payload.data).toEqual(api.body);
    expect(Object.keys(payload)).toEqual(['type', 'timestamp', 'data']);
    const viaSdk = await verifyWebhook(got.body, got.headers as Record<string, string>, ep.secret);
    expect(viaSdk.type).toBe('trial.created');
    expect(() => new Webhook(ep.secret).verify(got.body.replace('brf', 'kommun'), got.headers as Record<string, string>)).toThrow();

    const v1a = got.signature.split(' ').find((s) => s.startsWith('v1a,'))!.slice(4);
    const jwks = await h.call('GET', '/.well-known/jwks.json');
    const jwk = jwks.body.keys[0];
    const content = Buffer.from(`${got.id}.${got.timestamp}.${got.body}`);
    expect(verify(null, content, createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(v1a, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(`${got.id}.${got.timestamp}.{}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(v1a, 'base64'))).toBe(false);
    expect((await verifyWebhook(got.body, got.headers as Record<string, string>, { publicKey: ep.publicKey! })).type).toBe('trial.created');
  });

  it('retries with the same webhook-id on the schedule, honours Retry-After, and logs every attempt', async () => {
    const { h, worker } = await setup();
    const r = await h.reseller();
    const replies = [
      { status: 500, body: 'x'.repeat(5000) },
      { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
      { status: 204 },
    ];
    const rx = await receiver((_, n) => replies[n - 1]!);
    const ep = await endpoint(h, r.key, { url: rx.url, enabledEvents: ['trial.created'] });
    await trial(h, r.key);

    expect(await worker.drain()).toBe(1);
    h.clock.advance(4_000);
    expect(await worker.drain()).toBe(0); // the first retry waits 5 s (+ up to 10 % jitter)
    h.clock.advance(2_000);
    expect(await worker.drain()).toBe(1);
    h.clock.advance(100_000);
    expect(await worker.drain()).toBe(0); // Retry-After: 120 beats the 5-minute schedule step... and is waited for
    h.clock.advance(21_000);
    expect(await worker.drain()).toBe(1);

    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((x) => x.id)).size).toBe(1);
    expect(new Set(rx.received.map((x) => x.body)).size).toBe(1);
    expect(new Set(rx.received.map((x) => x.timestamp)).size).toBe(3);
    const [d] = await deliveries(h, r.key, ep.id);
    expect(d).toMatchObject({ id: rx.received[0]!.id, status: 'succeeded', attempts: 3, lastStatus: 204, nextAttemptAt: null });
    expect(d.attemptLog.map((a: any) => a.statusCode)).toEqual([204, 429, 500]);
    expect(d.attemptLog[2].responseBody).toHaveLength(1024);
    expect(d.attemptLog[1].responseBody).toBe('slow down');
    expect(typeof d.attemptLog[0].durationMs).toBe('number');
    // The success stopped the endpoint's failure clock the failures had started.
    expect((await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r.key })).body).toMatchObject({ failingSince: null });
  });

  it('filters by event type, gives vendor endpoints every reseller\'s events, and sends a test event to its endpoint only', async () => {
    const { h, worker } = await setup();
    const [r1, r2] = [await h.reseller(), await h.reseller()];
    const [rxOrders, rxAll, rxVendor, rxOther] = [await receiver(), await receiver(), await receiver(), await receiver()];
    const orders = await endpoint(h, r1.key, { url: rxOrders.url, enabledEvents: ['order.created'] });
    await endpoint(h, r1.key, { url: rxAll.url });
    await endpoint(h, TEST_ADMIN_KEY, { url: rxVendor.url, enabledEvents: ['trial.created'] });
    await endpoint(h, r2.key, { url: rxOther.url });

    await trial(h, r1.key);
    await trial(h, r2.key);
    await worker.drain();
    expect(rxOrders.received).toHaveLength(0);
    expect(rxAll.received.map((x) => x.json.type)).toContain('trial.created');
    expect(rxVendor.received.map((x) => x.json.type)).toEqual(['trial.created', 'trial.created']);
    expect(rxOther.received.map((x) => x.json.type)).toContain('trial.created');
    const r1Trials = rxAll.received.filter((x) => x.json.type === 'trial.created').map((x) => x.json.data.id);
    expect(rxOther.received.some((x) => r1Trials.includes(x.json.data.id))).toBe(false);

    const patched = await h.call('PATCH', `/v1/webhook-endpoints/${orders.id}`, { key: r1.key, body: { enabledEvents: ['trial.created'] } });
    expect(patched.body.enabledEvents).toEqual(['trial.created']);
    await trial(h, r1.key);
    await worker.drain();
    expect(rxOrders.received.map((x) => x.json.type)).toEqual(['trial.created']);

    const counts = [rxAll, rxVendor, rxOther].map((x) => x.received.length);
    const test = await h.call('POST', `/v1/webhook-endpoints/${orders.id}/test`, { key: r1.key });
    expect(test.status).toBe(202);
    await worker.drain();
    expect(rxOrders.received.at(-1)!.json).toMatchObject({ type: 'webhook.test', data: { id: orders.id } });
    expect(rxOrders.received.at(-1)!.id).toBe(test.body.id);
    expect([rxAll, rxVendor, rxOther].map((x) => x.received.length)).toEqual(counts);
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const { h, worker } = await setup();
    const r = await h.reseller();
    const rx = await receiver();
    const ep = await endpoint(h, r.key, { url: rx.url, enabledEvents: ['trial.created'] });
    const rotated = await h.call('POST', `/v1/webhook-endpoints/${ep.id}/rotate-secret`, { key: r.key });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(ep.secret);
    expect(rotated.body.secretRotationEndsAt).toBeTruthy();

    await trial(h, r.key);
    await worker.drain();
    const during = rx.received[0]!;
    const headers = during.headers as Record<string, string>;
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(new Webhook(ep.secret).verify(during.body, headers)).toBeTruthy();
    expect(new Webhook(rotated.body.secret).verify(during.body, headers)).toBeTruthy();

    h.clock.advance(24 * 3_600_000 + 1000);
    await trial(h, r.key);
    await worker.drain();
    const after = rx.received[1]!;
    const hmac = (secret: string) => 'v1,' + createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${after.id}.${after.timestamp}.${after.body}`).digest('base64');
    expect(after.signature).toBe(hmac(rotated.body.secret));
    expect(after.signature).not.toContain(hmac(ep.secret).slice(3));
  });

  it('gives up after the schedule, then recovers failed deliveries and retries one on request, with the same id', async () => {
    const { h, worker } = await setup({ WEBHOOK_RETRY_SCHEDULE: '1,2' });
    const r = await h.reseller();
    const other = await h.reseller();
    let status = 503;
    const rx = await receiver(() => ({ status }));
    const ep = await endpoint(h, r.key, { url: rx.url, enabledEvents: ['trial.created'] });
    const since = h.clock.now().toISOString();
    await trial(h, r.key);
    await trial(h, r.key);
    for (const step of [0, 1_200, 2_300]) {
      h.clock.advance(step);
      expect(await worker.drain()).toBe(2);
    }
    h.clock.advance(60_000);
    expect(await worker.drain()).toBe(0);
    let list = await deliveries(h, r.key, ep.id);
    expect(list.map((d) => [d.status, d.attempts])).toEqual([
      ['failed', 3],
      ['failed', 3],
    ]);

    expect((await h.call('POST', `/v1/webhook-endpoints/${ep.id}/recover`, { key: other.key, body: { since } })).status).toBe(404);
    expect((await h.call('POST', `/v1/webhook-endpoints/${ep.id}/recover`, { key: r.key, body: { since: 'yesterday' } })).status).toBe(400);
    status = 200;
    const rec = await h.call('POST', `/v1/webhook-endpoints/${ep.id}/recover`, { key: r.key, body: { since } });
    expect(rec).toMatchObject({ status: 202, body: { recovered: 2 } });
    expect(await worker.drain()).toBe(2);
    list = await deliveries(h, r.key, ep.id);
    expect(list.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    const ids = list.map((d) => d.id).sort();
    expect([...new Set(rx.received.map((x) => x.id))].sort()).toEqual(ids);

    expect((await h.call('POST', `/v1/webhook-deliveries/${ids[0]}/retry`, { key: other.key })).status).toBe(404);
    const retried = await h.call('POST', `/v1/webhook-deliveries/${ids[0]}/retry`, { key: r.key });
    expect(retried).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(await worker.drain()).toBe(1);
    expect(rx.received.at(-1)!.id).toBe(ids[0]);
  });

  it('disables the endpoint on 410 and tells its owner by e-mail', async () => {
    const { h, worker } = await setup();
    const r = await h.reseller();
    const rx = await receiver(() => ({ status: 410 }));
    const ep = await endpoint(h, r.key, { url: rx.url, enabledEvents: ['trial.created'] });
    await trial(h, r.key);
    await trial(h, r.key);
    await worker.drain();
    const shown = await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r.key });
    expect(shown.body).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(rx.received.length).toBeGreaterThanOrEqual(1);
    const before = rx.received.length;
    await trial(h, r.key);
    h.clock.advance(3_600_000);
    await worker.drain();
    expect(rx.received.length).toBe(before);
    const mails = await h.services.ctx.db.selectFrom('emails').select(['to_address', 'subject']).where('subject', '=', 'Webhook-mottagare avstängd').execute();
    expect(mails).toEqual([{ to_address: expect.stringMatching(/@reseller\.test$/), subject: 'Webhook-mottagare avstängd' }]);
  });

  it('switches an endpoint off after five days of failures and e-mails the reseller', async () => {
    const { h, worker } = await setup({ WEBHOOK_RETRY_SCHEDULE: Array(8).fill(86_400).join(',') }, '2026-03-01T08:00:00.000Z');
    const r = await h.reseller();
    const rx = await receiver(() => ({ status: 500 }));
    const ep = await endpoint(h, r.key, { url: rx.url, enabledEvents: ['trial.created'] });
    await trial(h, r.key);
    const disabledAfter: boolean[] = [];
    for (let day = 0; day < 6; day++) {
      if (day > 0) h.clock.advance(1.1 * 86_400_000);
      expect(await worker.drain()).toBe(1);
      disabledAfter.push(!(await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r.key })).body.enabled);
    }
    expect(disabledAfter).toEqual([false, false, false, false, false, true]);
    const shown = await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r.key });
    expect(shown.body).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: '2026-03-01T08:00:00.000Z' });
    const [d] = await deliveries(h, r.key, ep.id);
    expect(d.status).toBe('disabled');
    const mail = await h.services.ctx.db.selectFrom('emails').selectAll().where('subject', '=', 'Webhook-mottagare avstängd').executeTakeFirstOrThrow();
    expect(queuedParts(mail, h.services.ctx.branding).text).toContain(rx.url);

    // Enabled again and recovered, the stopped delivery goes out.
    rx.handle(() => ({ status: 200 }));
    expect((await h.call('PATCH', `/v1/webhook-endpoints/${ep.id}`, { key: r.key, body: { enabled: true } })).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await h.call('POST', `/v1/webhook-endpoints/${ep.id}/recover`, { key: r.key, body: { since: '2026-03-01T00:00:00Z' } });
    expect(await worker.drain()).toBe(1);
    expect((await deliveries(h, r.key, ep.id))[0].status).toBe('succeeded');
  });

  it('sends first attempts before a backlog of due retries', async () => {
    const { h } = await setup();
    const worker = createWebhookWorker(h.services, { concurrency: 10, timeoutMs: 5000 });
    cleanup.push(() => worker.stop());
    const r = await h.reseller();
    const [rxSlow, rxFresh] = [await receiver(() => ({ status: 500 })), await receiver()];
    const slow = await endpoint(h, r.key, { url: rxSlow.url, enabledEvents: ['trial.created'] });
    await trial(h, r.key);
    const event = await h.services.ctx.db.selectFrom('events').select('id').where('type', '=', 'trial.created').executeTakeFirstOrThrow();
    const past = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    await h.services.ctx.db.deleteFrom('webhook_deliveries').execute();
    const backlog = Array.from({ length: 300 }, (_, i) => ({
      id: `msg_backlog${String(i).padStart(5, '0')}`,
      endpoint_id: slow.id,
      event_id: event.id,
      event_type: 'trial.created',
      status: 'pending',
      retrying: 1,
      attempts: 1,
      next_attempt_at: past,
      created_at: past,
    }));
    for (let i = 0; i < backlog.length; i += 100) await h.services.ctx.db.insertInto('webhook_deliveries').values(backlog.slice(i, i + 100)).execute();

    await endpoint(h, r.key, { url: rxFresh.url, enabledEvents: ['trial.created'] });
    await trial(h, r.key);
    await worker.tick();
    expect(rxFresh.received).toHaveLength(1);
    expect(rxSlow.received.length).toBeLessThanOrEqual(9);
  });

  it('claims at most its share of each endpoint\'s due rows, earliest first', async () => {
    const { h } = await setup();
    const r = await h.reseller();
    const [a, b] = [await endpoint(h, r.key, { url: 'http://127.0.0.1:9/a' }), await endpoint(h, r.key, { url: 'http://127.0.0.1:9/b' })];
    for (let i = 0; i < 5; i++) {
      await trial(h, r.key);
      h.clock.advance(1000);
    }
    const due = await h.services.ctx.db.selectFrom('webhook_deliveries').selectAll().orderBy('next_attempt_at').execute();
    expect(due.filter((d) => d.endpoint_id === a.id)).toHaveLength(5);

    const claimed = await claimDue(h.services.ctx, { owner: 'wkr_test', limit: 50, perEndpoint: 2, leaseMs: 60_000 });
    const earliest = (id: string) => due.filter((d) => d.endpoint_id === id).slice(0, 2).map((d) => d.id);
    expect(claimed.map((d) => d.id).sort()).toEqual([...earliest(a.id), ...earliest(b.id)].sort());
    const leased = await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('lease_owner', '=', 'wkr_test').execute();
    expect(leased).toHaveLength(4);
    // The overall limit still holds, and an excluded endpoint gets nothing.
    const next = await claimDue(h.services.ctx, { owner: 'wkr_next', limit: 1, perEndpoint: 2, leaseMs: 60_000, excludeEndpoints: [a.id] });
    expect(next.map((d) => d.endpoint_id)).toEqual([b.id]);
    expect(next[0]!.id).toBe(due.filter((d) => d.endpoint_id === b.id)[2]!.id);
  });

  it('claims to send: first attempts ahead of due retries, at most its share per endpoint over both, with each row\'s endpoint and event', async () => {
    const { h } = await setup();
    const r = await h.reseller();
    const [a, b] = [await endpoint(h, r.key, { url: 'http://127.0.0.1:9/a' }), await endpoint(h, r.key, { url: 'http://127.0.0.1:9/b' })];
    for (let i = 0; i < 3; i++) {
      await trial(h, r.key);
      h.clock.advance(1000);
    }
    const all = await h.services.ctx.db.selectFrom('webhook_deliveries').selectAll().orderBy('next_attempt_at').execute();
    // The earliest row of each endpoint becomes a retry that is due: it goes after every first attempt.
    const retried = [a.id, b.id].map((id) => all.find((d) => d.endpoint_id === id)!.id);
    await h.services.ctx.db.updateTable('webhook_deliveries').set({ retrying: 1, attempts: 1 }).where('id', 'in', retried).execute();
    const got = await claimToSend(h.services.ctx, { owner: 'wkr_send', limit: 50, perEndpoint: 2, leaseMs: 60_000 });
    // Two per endpoint in all, both first attempts: the retries wait (claimDue on its own took them as a second kind).
    expect(got.rows).toHaveLength(4);
    expect(got.rows.every((d) => d.retrying === 0 && d.lease_owner === 'wkr_send')).toBe(true);
    expect(got.rows.map((d) => d.next_attempt_at)).toEqual([...got.rows.map((d) => d.next_attempt_at)].sort());
    expect(got.endpoints.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    expect(got.endpoints.find((e) => e.id === a.id)).toMatchObject({ url: 'http://127.0.0.1:9/a', enabled: 1, secret: a.secret });
    const events = await h.services.ctx.db.selectFrom('events').select(['id', 'type', 'data', 'created_at']).where('id', 'in', got.rows.map((d) => d.event_id)).execute();
    expect([...got.events].sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(events.sort((x, y) => (x.id < y.id ? -1 : 1)));
    // The next claim finds only the retries left.
    const rest = await claimToSend(h.services.ctx, { owner: 'wkr_rest', limit: 50, perEndpoint: 2, leaseMs: 60_000 });
    expect(rest.rows.map((d) => d.id).sort()).toEqual([...retried].sort());
  });

  it.skipIf(dialect !== 'postgres')('keeps the claim one prepared statement, whatever it excludes, through a column added while it runs', async () => {
    const { h } = await setup();
    const r = await h.reseller();
    const [a, b] = [await endpoint(h, r.key, { url: 'http://127.0.0.1:9/a' }), await endpoint(h, r.key, { url: 'http://127.0.0.1:9/b' })];
    const claim = (owner: string, excludeEndpoints?: string[]) => claimToSend(h.services.ctx, { owner, limit: 50, perEndpoint: 10, leaseMs: 60_000, excludeEndpoints });
    const { result, sent, names: named } = await statementsSentDuring(async () => {
      await trial(h, r.key);
      const first = await claim('wkr_one');
      await trial(h, r.key);
      const second = await claim('wkr_two', [a.id]);
      // A migration of another instance adds a column: `returning *` would change the prepared statement's result and
      // fail every claim on a connection that prepared it (sequential calls take the same idle connection).
      await sql`alter table webhook_deliveries add column note text`.execute(h.services.ctx.db);
      await trial(h, r.key);
      const third = await claim('wkr_three', []);
      return { first, second, third };
    });
    const names = sent.flatMap((text, i) => (text.includes('for update skip locked') ? [named[i]] : []));
    expect(names).toHaveLength(3);
    expect(names[0]).toBeDefined();
    expect(new Set(names).size).toBe(1);
    expect(result.first.rows.map((d) => d.endpoint_id).sort()).toEqual([a.id, b.id].sort());
    expect(result.second.rows.map((d) => d.endpoint_id)).toEqual([b.id]);
    expect(result.third.rows.map((d) => d.endpoint_id).sort()).toEqual([a.id, a.id, b.id].sort());
    expect(result.third.rows.every((d) => d.lease_owner === 'wkr_three' && !('note' in d))).toBe(true);
  });

  it('bounds concurrency per endpoint so a slow receiver does not hold up the others', async () => {
    const { h } = await setup();
    const r = await h.reseller();
    let open!: () => void;
    const gate = { promise: new Promise<void>((resolve) => (open = resolve)), resolve: () => open() };
    const rxSlow = await receiver(async () => {
      await gate.promise;
      return { status: 200 };
    });
    const rxFast = await receiver();
    const slow = await endpoint(h, r.key, { url: rxSlow.url });
    for (let i = 0; i < 8; i++) await trial(h, r.key);
    await endpoint(h, r.key, { url: rxFast.url, enabledEvents: ['trial.created'] });
    const worker = createWebhookWorker(h.services, { concurrency: 10, perEndpoint: 2, timeoutMs: 10_000 });
    worker.start(20);
    cleanup.push(async () => {
      gate.resolve();
      await worker.stop();
    });
    await trial(h, r.key);
    await expect.poll(() => rxFast.received.length, { timeout: 10_000 }).toBe(1);
    expect(rxSlow.maxOpen).toBe(2);
    // The slow endpoint's line holds two in flight and four waiting; the rest stays unclaimed for other workers.
    const leased = await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', slow.id).where('lease_owner', 'is not', null).execute();
    expect(leased).toHaveLength(6);
    gate.resolve();
    const total = (await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', slow.id).execute()).length;
    expect(total).toBeGreaterThan(6);
    await expect.poll(() => rxSlow.received.length, { timeout: 10_000 }).toBe(total);
    expect(rxSlow.maxOpen).toBe(2);
  });

  it('renews the lease of a delivery it is still sending, so another worker does not send it again', async () => {
    const { h } = await setup();
    const r = await h.reseller();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const rx = await receiver(async () => {
      await gate;
      return { status: 200 };
    });
    const ep = await endpoint(h, r.key, { url: rx.url });
    await trial(h, r.key);
    // A lease (1 s) far shorter than the timeout (10 s): the receiver is slow but within it.
    const first = createWebhookWorker(h.services, { leaseMs: 1000, timeoutMs: 10_000 });
    const second = createWebhookWorker(h.services, { timeoutMs: 10_000 });
    cleanup.push(async () => {
      open();
      await first.stop();
      await second.stop();
    });
    const sending = first.tick();
    await expect.poll(() => rx.open, { timeout: 5000 }).toBe(1);
    // The claim's lease has run out by the store's clock; the first worker renews it from that clock.
    h.clock.advance(5000);
    const leaseOf = async () => (await h.services.ctx.db.selectFrom('webhook_deliveries').select(['lease_until', 'lease_owner']).where('endpoint_id', '=', ep.id).executeTakeFirstOrThrow());
    await expect.poll(async () => (await leaseOf()).lease_until! > h.clock.now().toISOString(), { timeout: 5000 }).toBe(true);
    expect(await second.tick()).toBe(0);
    open();
    expect(await sending).toBe(1);
    expect(rx.received).toHaveLength(1);
    expect(await leaseOf()).toEqual({ lease_until: null, lease_owner: null });
  });

  it('validates input and hides other resellers\' endpoints', async () => {
    const { h } = await setup();
    const [r1, r2] = [await h.reseller(), await h.reseller()];
    const bad = await h.call('POST', '/v1/webhook-endpoints', { key: r1.key, body: { url: 'https://ok.example/h', enabledEvents: ['trial.nope'] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('enabledEvents');
    const ep = await endpoint(h, r1.key, { url: 'https://ok.example/h' });
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/test'],
      ['POST', '/rotate-secret'],
      ['GET', '/deliveries'],
    ] as const) {
      const res = await h.call(method, `/v1/webhook-endpoints/${ep.id}${path}`, { key: r2.key, body: method === 'PATCH' ? { description: 'x' } : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await h.call('GET', '/v1/webhook-endpoints', { key: r2.key })).body.data).toEqual([]);
    expect((await h.call('GET', '/v1/webhook-endpoints', { key: r1.key })).body.data.map((e: any) => e.id)).toEqual([ep.id]);
    expect((await h.call('DELETE', `/v1/webhook-endpoints/${ep.id}`, { key: r1.key })).status).toBe(204);
    expect((await h.call('GET', `/v1/webhook-endpoints/${ep.id}`, { key: r1.key })).status).toBe(404);
  });
});
