import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const DAY = 86_400_000;
const ORDER = { invoicing: { name: 'Brf Dubbel', orgNumber: '769600-1234', email: 'faktura@dubbel.test' }, signer: { name: 'Eva Ek', email: 'eva@dubbel.test' } };
const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

describe.each(testDialects)('the lifecycle invariants hold however requests race (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let licenceId: string;
  beforeAll(async () => {
    h = await createHarness(dialect, { env: { RATE_LIMIT: '0' } });
    r = await h.reseller();
    licenceId = (await h.licence('brf')).id;
  });
  afterAll(() => h.close());

  const org = async (name: string) => (await h.call('POST', '/v1/organizations', { key: r.key, body: { name } })).body.id as string;
  const trial = (organizationId: string, email = 'a@dubbel.test') => h.call('POST', '/v1/trials', { key: r.key, body: { organizationId, customerType: 'brf', users: [{ email }] } });
  const submitted = async (trialId: string) => {
    const order = await h.call('POST', `/v1/trials/${trialId}/orders`, { key: r.key, body: { licenceId, ...ORDER } });
    expect(order.status).toBe(201);
    await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect((await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key: r.key })).status).toBe(200);
    return order.body.id as string;
  };
  const approve = (orderId: string) => h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY });
  const customersOf = async (organizationId: string) => h.services.ctx.db.selectFrom('customers').selectAll().where('organization_id', '=', organizationId).execute();

  it('an organization becomes a customer once: an expired trial\'s late order and a second trial\'s order do not both approve', async () => {
    const organizationId = await org('Brf Dubbel');
    const first = await trial(organizationId);
    const late = await submitted(first.body.id);
    h.clock.advance(31 * DAY);
    await runDueJobs(h.services.ctx);
    expect((await h.call('GET', `/v1/trials/${first.body.id}`, { key: r.key })).body.status).toBe('expired');

    // The expired trial no longer holds the organization: a new trial may be opened and ordered from.
    const second = await trial(organizationId);
    expect(second.status).toBe(201);
    const fresh = await submitted(second.body.id);

    const lateApproval = await approve(late);
    expect(lateApproval.status).toBe(409);
    expect(lateApproval.body.error.message).toContain(second.body.id);
    expect((await h.call('GET', `/v1/orders/${late}`, { key: r.key })).body.status).toBe('submitted');
    expect((await approve(fresh)).status).toBe(200);
    // Once it is a customer, the late order still cannot make a second one.
    expect((await approve(late)).status).toBe(409);
    expect(await customersOf(organizationId)).toHaveLength(1);
    expect(await h.services.ctx.db.selectFrom('revenue_entries').select('id').where('customer_id', '=', (await customersOf(organizationId))[0]!.id).execute()).toHaveLength(1);
    expect((await h.call('GET', `/v1/trials/${first.body.id}`, { key: r.key })).body.status).toBe('expired');

    // A live customer holds the organization; a cancelled one lets it go.
    const third = await trial(organizationId);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain(second.body.id);
    await h.call('POST', `/v1/admin/customers/${(await customersOf(organizationId))[0]!.id}/cancel`, { key: TEST_ADMIN_KEY });
    expect((await trial(organizationId)).status).toBe(201);
  });

  it('approves the expired trial\'s order when nothing else holds the organization', async () => {
    const organizationId = await org('Brf Sen Men Ensam');
    const t = await trial(organizationId);
    const orderId = await submitted(t.body.id);
    h.clock.advance(31 * DAY);
    await runDueJobs(h.services.ctx);
    expect((await approve(orderId)).status).toBe(200);
    expect((await h.call('GET', `/v1/trials/${t.body.id}`, { key: r.key })).body.status).toBe('converted');
    expect((await trial(organizationId)).status).toBe(409);
  });

  it('answers 409, never 500, to parallel trial creations for one organization, and makes one trial', async () => {
    const organizationId = await org('Brf Parallell');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => trial(organizationId, `p${i}@parallell.test`)));
    expect(statuses(results)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const trials = await h.services.ctx.db.selectFrom('trials').select('id').where('organization_id', '=', organizationId).execute();
    expect(trials).toHaveLength(1);
    // Nothing half-written by the refused ones: no users, mails or events of theirs.
    const users = await h.services.ctx.db.selectFrom('trial_users').select('email').where('email', 'like', '%@parallell.test').execute();
    expect(users).toHaveLength(1);
    expect(await h.services.ctx.db.selectFrom('emails').select('id').where('to_address', 'like', '%@parallell.test').execute()).toHaveLength(1);
  });

  it('answers 409, never 500, to parallel orders for one trial, and makes one order', async () => {
    const t = await trial(await org('Brf Två Ordrar'));
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', `/v1/trials/${t.body.id}/orders`, { key: r.key, body: { licenceId, ...ORDER } })));
    expect(statuses(results)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.find((x) => x.status === 409)!.body.error.message).toContain(results.find((x) => x.status === 201)!.body.id);
    expect(await h.services.ctx.db.selectFrom('orders').select('id').where('trial_id', '=', t.body.id).execute()).toHaveLength(1);
  });

  it('answers 409, never 500, to one address added to a trial in parallel', async () => {
    const t = await trial(await org('Brf Samma Adress'));
    const results = await Promise.all(Array.from({ length: 6 }, () => h.call('POST', `/v1/trials/${t.body.id}/users`, { key: r.key, body: { email: 'Samma@adress.test' } })));
    expect(statuses(results)).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('parallel extensions either extend or answer 409: the end date moves by exactly what was reported', async () => {
    const t = await trial(await org('Brf Förläng'));
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', `/v1/trials/${t.body.id}/extend`, { key: r.key, body: { days: 5 } })));
    expect(results.every((x) => x.status === 200 || x.status === 409)).toBe(true);
    const extended = results.filter((x) => x.status === 200).length;
    expect(extended).toBeGreaterThan(0);
    const now = await h.call('GET', `/v1/trials/${t.body.id}`, { key: r.key });
    expect(Date.parse(now.body.endsAt) - Date.parse(t.body.endsAt)).toBe(extended * 5 * DAY);
    const events = await h.services.ctx.db.selectFrom('events').select('id').where('type', '=', 'trial.extended').where('trial_id', '=', t.body.id).execute();
    expect(events).toHaveLength(extended);
  });

  it('refuses edits of an order that is no longer editable', async () => {
    const t = await trial(await org('Brf Låst Order'));
    const orderId = await submitted(t.body.id);
    const other = Buffer.concat([TEST_PDF, Buffer.from('% another signature\n')]);
    expect((await h.call('PUT', `/v1/orders/${orderId}/agreement`, { key: r.key, raw: other, headers: { 'content-type': 'application/pdf' } })).status).toBe(409);
    expect((await h.call('PATCH', `/v1/orders/${orderId}`, { key: r.key, body: { signer: { name: 'Ny', email: 'ny@x.test' } } })).status).toBe(409);
  });
});

/**
 * On PostgreSQL a request reads a row, then writes it; another transaction can commit in between. These tests make that
 * happen every time: a test connection locks the row, the requests read it and queue behind the lock, the test commits
 * its own change (or lets them go in order), and the requests' guarded updates must notice.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('guarded updates notice what committed between read and write (postgres)', () => {
  let h: Harness;
  let r: { id: string; key: string };
  let licenceId: string;
  let locker: pg.Client;
  beforeAll(async () => {
    h = await createHarness('postgres', { env: { RATE_LIMIT: '0' } });
    r = await h.reseller();
    licenceId = (await h.licence('brf')).id;
    locker = new pg.Client({ connectionString: h.config.DATABASE_URL });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await h.close();
  });

  /** Waits (bounded) until `n` backends of this database wait for a lock: the requests are queued behind ours. */
  async function waitForBlocked(n: number) {
    for (let i = 0; i < 500; i++) {
      // Inside the locker's transaction the activity view is a snapshot taken once, unless cleared.
      await locker.query('select pg_stat_clear_snapshot()');
      const { rows } = await locker.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (Number(rows[0]!.n) >= n) return;
      await sleep(10);
    }
    throw new Error(`never saw ${n} requests waiting for the lock`);
  }

  async function draftOrder(name: string) {
    const organizationId = (await h.call('POST', '/v1/organizations', { key: r.key, body: { name } })).body.id;
    const t = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId, customerType: 'brf', users: [{ email: 'a@lock.test' }] } });
    const order = await h.call('POST', `/v1/trials/${t.body.id}/orders`, { key: r.key, body: { licenceId, ...ORDER } });
    await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    return { trialId: t.body.id as string, orderId: order.body.id as string };
  }

  it('a PDF swapped during submit does not land on the submitted order', async () => {
    const { orderId } = await draftOrder('Brf Byte Under Skick');
    const swapped = Buffer.concat([TEST_PDF, Buffer.from('% swapped\n')]);
    await locker.query('begin');
    await locker.query('select id from orders where id = $1 for update', [orderId]);
    const submit = h.call('POST', `/v1/orders/${orderId}/submit`, { key: r.key });
    await waitForBlocked(1);
    const attach = h.call('PUT', `/v1/orders/${orderId}/agreement`, { key: r.key, raw: swapped, headers: { 'content-type': 'application/pdf' } });
    await waitForBlocked(2);
    await locker.query('commit');
    const [submitted, attached] = await Promise.all([submit, attach]);
    expect(submitted.status).toBe(200);
    expect(attached.status).toBe(409);
    const order = await h.call('GET', `/v1/orders/${orderId}`, { key: r.key });
    expect(order.body.agreement.sha256).toBe(submitted.body.agreement.sha256);
    const stored = await h.app.request(`/v1/orders/${orderId}/agreement`, { headers: { authorization: `Bearer ${r.key}` } });
    expect(Buffer.from(await stored.arrayBuffer()).equals(TEST_PDF)).toBe(true);
  });

  it('a correction racing a submit is refused, not written onto the submitted order', async () => {
    const { orderId } = await draftOrder('Brf Rättelse Under Skick');
    await locker.query('begin');
    await locker.query('select id from orders where id = $1 for update', [orderId]);
    const submit = h.call('POST', `/v1/orders/${orderId}/submit`, { key: r.key });
    await waitForBlocked(1);
    const patch = h.call('PATCH', `/v1/orders/${orderId}`, { key: r.key, body: { signer: { name: 'Sent Ändrad', email: 'sent@x.test' } } });
    await waitForBlocked(2);
    await locker.query('commit');
    const [submitted, patched] = await Promise.all([submit, patch]);
    expect(submitted.status).toBe(200);
    expect(patched.status).toBe(409);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.signer).toEqual(ORDER.signer);
  });

  it('an extension of a trial that expired meanwhile is a 409 and records nothing', async () => {
    const { trialId } = await draftOrder('Brf Förlängd För Sent');
    const before = await h.call('GET', `/v1/trials/${trialId}`, { key: r.key });
    await locker.query('begin');
    await locker.query("update trials set status = 'expired', expired_at = now()::text, holds_organization = null where id = $1", [trialId]);
    const extend = h.call('POST', `/v1/trials/${trialId}/extend`, { key: r.key, body: { days: 10 } });
    await waitForBlocked(1);
    await locker.query('commit');
    const res = await extend;
    expect(res.status).toBe(409);
    const after = await h.call('GET', `/v1/trials/${trialId}`, { key: r.key });
    expect(after.body).toMatchObject({ status: 'expired', endsAt: before.body.endsAt });
    const extended = await h.services.ctx.db.selectFrom('events').select('id').where('type', '=', 'trial.extended').where('trial_id', '=', trialId).execute();
    expect(extended).toEqual([]);
  });
});
