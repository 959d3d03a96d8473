import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { createHarness, latestInvitationToken, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const DAY = 86_400_000;

describe.each(testDialects)('time-driven transitions on the injected clock (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  beforeAll(async () => {
    // Events kept forever here, so a trial's whole trail can be read after its purge (retention.test.ts prunes them).
    h = await createHarness(dialect, { clockStart: '2026-03-01T08:00:00.000Z', env: { RETENTION_EVENT_DAYS: '0' } });
    r = await h.reseller({ discountPercent: 30 });
  });
  afterAll(() => h.close());

  const types = async (trialId: string) =>
    (await h.call('GET', '/v1/events?limit=100', { key: r.key })).body.data.filter((e: any) => (e.data.id ?? e.data.trialId) === trialId).map((e: any) => e.type);

  it('warns, expires (login refused), warns before purge and purges six months later', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Tiden' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'anna@tiden.test' }] } });
    const id = trial.body.id;
    const inviteToken = await latestInvitationToken(h, 'anna@tiden.test');
    const accepted = await h.call('POST', '/v1/invitations/accept', { body: { token: inviteToken, password: 'ett långt lösenord' } });
    expect(accepted.status).toBe(200);
    const session = accepted.body.session.token;
    expect((await h.call('GET', '/v1/me', { key: session })).body.status).toBe('active');

    h.clock.advance(26 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expiring: 0, expired: 0 });
    h.clock.advance(1 * DAY + 1);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expiring: 1, expired: 0 });
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expiring: 0 });
    const warnings = await h.services.ctx.db.selectFrom('emails').select('to_address').where('subject', 'like', '%löper ut snart%').execute();
    expect(warnings.map((w) => w.to_address).sort()).toEqual(['anna@tiden.test', 'partner1@reseller.test']);

    h.clock.advance(3 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expired: 1 });
    expect((await h.call('GET', `/v1/trials/${id}`, { key: r.key })).body.status).toBe('expired');
    expect((await h.call('GET', '/v1/me', { key: session })).status).toBe(401);
    const login = await h.call('POST', '/v1/login', { body: { email: 'anna@tiden.test', password: 'ett långt lösenord' } });
    expect(login.status).toBe(403);
    expect((await h.call('POST', `/v1/trials/${id}/users`, { key: r.key, body: { email: 'sen@tiden.test' } })).status).toBe(409);

    h.clock.advance(5 * 30 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ purgeScheduled: 0, purged: 0 });
    h.clock.advance(20 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ purgeScheduled: 1, purged: 0 });
    h.clock.advance(15 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ purged: 1 });
    const purged = await h.call('GET', `/v1/trials/${id}`, { key: r.key });
    expect(purged.body).toMatchObject({ status: 'purged', users: [] });
    // A week without activity after the acceptance is announced too (issue 20).
    expect(await types(id)).toEqual(['trial.created', 'trial.inactive', 'trial.expiring', 'trial.expired', 'trial.purge_scheduled', 'trial.purged']);
  });

  it('an extension earns a new expiry warning and postpones expiry', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Förlängd' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@f.test' }], durationDays: 10 } });
    h.clock.advance(8 * DAY);
    await runDueJobs(h.services.ctx);
    await h.call('POST', `/v1/trials/${trial.body.id}/extend`, { key: r.key, body: { days: 10 } });
    h.clock.advance(3 * DAY);
    expect((await runDueJobs(h.services.ctx)).expired).toBe(0);
    h.clock.advance(6 * DAY);
    await runDueJobs(h.services.ctx);
    h.clock.advance(4 * DAY);
    await runDueJobs(h.services.ctx);
    expect(await types(trial.body.id)).toEqual(['trial.created', 'trial.expiring', 'trial.inactive', 'trial.extended', 'trial.expiring', 'trial.expired']);
  });

  it('renews a customer every licence year into the ledger, catching up missed years, until cancelled', async () => {
    const licence = await h.licence('brf', 1_000_000);
    const { orderId } = await submittedOrder(h, r, licence.id, 'Brf Förnyad');
    const { body } = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY });
    const customerId = body.customer.id;
    const firstRenewal = body.customer.renewsAt;

    h.clock.set(new Date(Date.parse(firstRenewal) - 1000));
    expect((await runDueJobs(h.services.ctx)).renewed).toBe(0);
    // Two years pass without the scheduler running: both renewals are recorded, each once.
    h.clock.set(new Date(Date.parse(firstRenewal) + 366 * DAY));
    const [x, y] = await Promise.all([runDueJobs(h.services.ctx), runDueJobs(h.services.ctx)]);
    expect(x.renewed + y.renewed).toBe(2);
    const customer = await h.call('GET', `/v1/customers/${customerId}`, { key: r.key });
    expect(customer.body.licenceYear).toBe(3);
    const entries = await h.services.ctx.db.selectFrom('revenue_entries').selectAll().where('customer_id', '=', customerId).orderBy('licence_year').execute();
    expect(entries.map((e) => [e.licence_year, Number(e.list_price), Number(e.reseller_margin), Number(e.vendor_amount)])).toEqual([
      [1, 1_000_000, 300_000, 700_000],
      [2, 1_000_000, 300_000, 700_000],
      [3, 1_000_000, 300_000, 700_000],
    ]);
    expect(entries[1]!.period_start).toBe(firstRenewal);
    const byYear = await h.call('GET', '/v1/revenue?groupBy=year', { key: r.key });
    expect(byYear.body.periods.map((p: any) => p.period)).toEqual(['2026', '2027', '2028']);

    await h.call('POST', `/v1/admin/customers/${customerId}/cancel`, { key: TEST_ADMIN_KEY });
    h.clock.advance(2 * 365 * DAY);
    await runDueJobs(h.services.ctx);
    const after = await h.services.ctx.db.selectFrom('revenue_entries').select('id').where('customer_id', '=', customerId).execute();
    expect(after).toHaveLength(3);
  });
});
