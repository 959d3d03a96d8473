/**
 * @module Retention on the injected clock, on each store: old attempts, finished deliveries, events and sent e-mails
 * are pruned by the scheduler; what the ledger, an open order or a pending delivery still needs is kept; the audit log
 * is untouched and the feed still reads; a round deletes in small batches up to its cap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { pruneExpired } from '../src/retention/prune.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const DAY = 86_400_000;

describe.each(testDialects)('retention (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  });
  afterEach(() => h.close());

  const db = () => h.services.ctx.db;
  const eventsOf = async (trialId: string) => (await db().selectFrom('events').select('type').where('trial_id', '=', trialId).orderBy('seq').execute()).map((e) => e.type);

  it('prunes what is past its time and keeps what the ledger, an open order or a pending delivery needs', async () => {
    const r = await h.reseller();
    // No worker runs: every delivery stays pending until the test settles it.
    await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'http://127.0.0.1:9/hook', enabledEvents: ['trial.created'] } });
    const licenceId = (await h.licence('brf')).id;
    const trial = async (name: string) => {
      const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name } });
      return (await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: `${name.replace(/\W/g, '')}@ret.test` }] } })).body.id as string;
    };
    const delivered = await trial('Brf Levererad'); // its delivery succeeds
    const waiting = await trial('Brf Väntar'); // its delivery stays pending
    const open = await submittedOrder(h, r, licenceId, 'Brf Öppen'); // an order in progress
    const sold = await submittedOrder(h, r, licenceId, 'Brf Såld');
    expect((await h.call('POST', `/v1/admin/orders/${sold.orderId}/approve`, { key: TEST_ADMIN_KEY })).status).toBe(200);

    // Settle the deliveries as a worker would have: one succeeded, the sold and open ones failed, one pending.
    const t0 = h.clock.now().toISOString();
    const deliveries = await db().selectFrom('webhook_deliveries').innerJoin('events', 'events.id', 'webhook_deliveries.event_id').select(['webhook_deliveries.id', 'events.trial_id']).execute();
    expect(deliveries).toHaveLength(4);
    for (const d of deliveries) {
      if (d.trial_id === waiting) continue;
      const status = d.trial_id === delivered ? 'succeeded' : 'failed';
      await db().updateTable('webhook_deliveries').set({ status, attempts: 1, last_attempt_at: t0, last_status: 500 }).where('id', '=', d.id).execute();
      await db().insertInto('webhook_attempts').values({ id: `wha_${d.id}`, delivery_id: d.id, endpoint_id: (await db().selectFrom('webhook_deliveries').select('endpoint_id').where('id', '=', d.id).executeTakeFirstOrThrow()).endpoint_id, status_code: 500, duration_ms: 3, response_body: 'nej', error: null, at: t0 }).execute();
    }
    // Every e-mail sent but one still waiting for the sender.
    const mails = await db().selectFrom('emails').select('id').orderBy('id').execute();
    expect(mails.length).toBeGreaterThanOrEqual(4);
    await db().updateTable('emails').set({ status: 'sent', sent_at: t0 }).where('id', '!=', mails[0]!.id).execute();
    await db().updateTable('emails').set({ status: 'pending' }).where('id', '=', mails[0]!.id).execute();
    const audit = await db().selectFrom('audit_log').select('id').orderBy('id').execute();
    const before = { waiting: await eventsOf(waiting), open: await eventsOf(open.trialId), sold: await eventsOf(sold.trialId) };
    expect(before.sold).toEqual(expect.arrayContaining(['order.approved', 'customer.created', 'order.created']));
    const ledgerEntries = () => db().selectFrom('events').select('id').where('type', '=', 'revenue.recorded').execute();
    expect(await ledgerEntries()).toHaveLength(1);

    // A day short of 30: nothing goes.
    h.clock.advance(29 * DAY);
    expect((await runDueJobs(h.services.ctx)).retention).toEqual({ attempts: 0, deliveries: 0, events: 0, emails: 0, buckets: 0 });

    // After 30 days: attempts, finished deliveries and sent e-mails; every event stays (they are kept 90 days).
    h.clock.advance(2 * DAY);
    const month = (await runDueJobs(h.services.ctx)).retention;
    expect(month).toMatchObject({ attempts: 3, deliveries: 3, events: 0, emails: mails.length - 1 });
    expect(await db().selectFrom('webhook_attempts').select('id').execute()).toEqual([]);
    const left = await db().selectFrom('webhook_deliveries').innerJoin('events', 'events.id', 'webhook_deliveries.event_id').select(['events.trial_id', 'webhook_deliveries.status']).execute();
    expect(left).toEqual([{ trial_id: waiting, status: 'pending' }]);
    expect(await db().selectFrom('emails').select('id').where('id', '=', mails[0]!.id).execute()).toHaveLength(1);
    expect(await eventsOf(delivered)).toContain('trial.created');

    // After 90 days: the events nothing needs.
    h.clock.advance(60 * DAY);
    const quarter = (await runDueJobs(h.services.ctx)).retention;
    expect(quarter.events).toBeGreaterThan(0);
    expect(await eventsOf(delivered)).toEqual(expect.not.arrayContaining(['trial.created']));
    // A pending delivery's event, every event of the account with an order in progress, the ledger's events.
    expect(await eventsOf(waiting)).toEqual(expect.arrayContaining(before.waiting.filter((t) => t === 'trial.created')));
    expect((await eventsOf(open.trialId)).slice(0, before.open.length)).toEqual(before.open);
    expect((await eventsOf(sold.trialId)).filter((t) => !t.startsWith('trial.'))).toEqual(before.sold.filter((t) => t === 'order.approved' || t === 'customer.created'));
    expect(await ledgerEntries()).toHaveLength(1);
    expect(await eventsOf(sold.trialId)).not.toContain('order.created');

    // The audit log is untouched (only added to by the scheduler's own steps).
    const auditAfter = (await db().selectFrom('audit_log').select('id').execute()).map((a) => a.id);
    expect(auditAfter).toEqual(expect.arrayContaining(audit.map((a) => a.id)));
    // The feed reads from its start past the pruned events, every event still there in order, once.
    const feed: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await h.call('GET', `/v1/events?limit=5${cursor ? `&cursor=${cursor}` : ''}`, { key: r.key });
      expect(res.status).toBe(200);
      if (res.body.data.length === 0) break;
      feed.push(...res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    }
    const stored = (await db().selectFrom('events').select('id').where('reseller_id', '=', r.id).orderBy('seq').execute()).map((e) => e.id);
    expect(feed).toEqual(stored);
    // Nothing more is due, and purge still runs over what is left: the expired trials are purged after six months.
    expect((await runDueJobs(h.services.ctx)).retention.events).toBe(0);
    h.clock.advance(200 * DAY);
    expect((await runDueJobs(h.services.ctx)).purged).toBeGreaterThanOrEqual(2);
  });

  it('deletes in batches of RETENTION_BATCH, at most RETENTION_MAX_BATCHES a round, the rest in later rounds', async () => {
    const t0 = h.clock.now().toISOString();
    await db()
      .insertInto('emails')
      .values(Array.from({ length: 7 }, (_, i) => ({ id: `eml_${i}`, to_address: `a${i}@ret.test`, subject: 's', text: 't', status: 'sent', attempts: 1, next_attempt_at: t0, last_error: null, sent_at: t0, created_at: t0, trial_id: null })))
      .execute();
    h.clock.advance(31 * DAY);
    const ctx = { ...h.services.ctx, config: { ...h.config, RETENTION_BATCH: 2, RETENTION_MAX_BATCHES: 2 } };
    expect((await pruneExpired(ctx)).emails).toBe(4);
    expect((await pruneExpired(ctx)).emails).toBe(3);
    expect((await pruneExpired(ctx)).emails).toBe(0);
    // 0 keeps them forever.
    await db().insertInto('emails').values({ id: 'eml_kept', to_address: 'k@ret.test', subject: 's', text: 't', status: 'sent', attempts: 1, next_attempt_at: t0, last_error: null, sent_at: t0, created_at: t0, trial_id: null }).execute();
    expect((await pruneExpired({ ...ctx, config: { ...ctx.config, RETENTION_EMAIL_DAYS: 0 } })).emails).toBe(0);
  });

  it('drops rate-limit buckets idle for 15 minutes (full again) and keeps busy ones', async () => {
    const taken = 1;
    await db()
      .insertInto('rate_limit_buckets')
      .values([
        { key: 'requests:idle', tokens: 3, at_ms: Date.now() - 16 * 60_000, taken },
        { key: 'requests:busy', tokens: 3, at_ms: Date.now() - 60_000, taken },
      ])
      .execute();
    expect((await pruneExpired(h.services.ctx)).buckets).toBe(1);
    expect((await db().selectFrom('rate_limit_buckets').select('key').execute()).map((b) => b.key)).toEqual(['requests:busy']);
  });
});
