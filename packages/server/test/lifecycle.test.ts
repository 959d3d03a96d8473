import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('the whole reseller lifecycle over HTTP (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('runs from reseller to revenue', async () => {
    const reseller = await h.reseller({ discountPercent: 25 });
    const licence = await h.licence('brf', 1_234_567);
    const key = reseller.key;
    expect(key).toMatch(/^rk_live_/);

    const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen', orgNumber: '769600-1234' } });
    expect(org.status).toBe(201);
    expect(org.body.id).toMatch(/^org_/);

    const trial = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'Anna@Solrosen.test' }, { email: 'bo@solrosen.test', role: 'reader' }] } });
    expect(trial.status).toBe(201);
    expect(trial.body).toMatchObject({ status: 'active', customerType: 'brf', organizationName: 'Brf Solrosen' });
    expect(trial.body.users.map((u: any) => [u.email, u.role, u.status])).toEqual([
      ['anna@solrosen.test', 'editor', 'invited'],
      ['bo@solrosen.test', 'reader', 'invited'],
    ]);
    // Default 30 days on the injected clock.
    expect(Date.parse(trial.body.endsAt) - h.clock.now().getTime()).toBe(30 * 86_400_000);

    const added = await h.call('POST', `/v1/trials/${trial.body.id}/users`, { key, body: { email: 'cecilia@solrosen.test', role: 'editor' } });
    expect(added.status).toBe(201);
    const removed = await h.call('DELETE', `/v1/trials/${trial.body.id}/users/${trial.body.users[1].id}`, { key });
    expect(removed.status).toBe(204);
    const afterUsers = await h.call('GET', `/v1/trials/${trial.body.id}`, { key });
    expect(afterUsers.body.users.map((u: any) => u.email)).toEqual(['anna@solrosen.test', 'cecilia@solrosen.test']);

    const order = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
      key,
      body: { licenceId: licence.id, invoicing: { name: 'Brf Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.test', reference: 'Eva' }, signer: { name: 'Eva Ek', email: 'eva@solrosen.test' } },
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'draft', agreement: null, trialId: trial.body.id });

    const attached = await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect(attached.status).toBe(200);
    expect(attached.body.agreement.size).toBe(TEST_PDF.length);
    expect(attached.body.agreement.sha256).toMatch(/^[0-9a-f]{64}$/);

    const submitted = await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key });
    expect(submitted.body.status).toBe('submitted');

    const queue = await h.call('GET', '/v1/admin/orders?status=submitted', { key: TEST_ADMIN_KEY });
    expect(queue.body.data.map((o: any) => o.id)).toContain(order.body.id);

    const approved = await h.call('POST', `/v1/admin/orders/${order.body.id}/approve`, { key: TEST_ADMIN_KEY });
    expect(approved.status).toBe(200);
    expect(approved.body.order.status).toBe('approved');

    const converted = await h.call('GET', `/v1/trials/${trial.body.id}`, { key });
    expect(converted.body.status).toBe('converted');
    const active = await h.call('GET', '/v1/trials?status=active', { key });
    expect(active.body.data.map((t: any) => t.id)).not.toContain(trial.body.id);

    const customers = await h.call('GET', '/v1/customers', { key });
    expect(customers.body.data).toHaveLength(1);
    expect(customers.body.data[0]).toMatchObject({ trialId: trial.body.id, orderId: order.body.id, licenceId: licence.id, status: 'active', organizationName: 'Brf Solrosen' });

    const revenue = await h.call('GET', '/v1/revenue?groupBy=month', { key });
    // 25 % of 12 345,67 kr is 3 086,4175 kr: rounded to whole öre, and the parts add up exactly.
    expect(revenue.body.totals).toEqual({ listPrice: 1_234_567, resellerMargin: 308_642, vendorAmount: 925_925 });
    expect(revenue.body.periods).toEqual([{ period: '2026-01', listPrice: 1_234_567, resellerMargin: 308_642, vendorAmount: 925_925, reversals: { listPrice: 0, resellerMargin: 0, vendorAmount: 0 } }]);

    const events = await h.call('GET', '/v1/events', { key });
    expect(events.body.data.map((e: any) => e.type)).toEqual([
      'trial.created',
      'trial.user_added',
      'trial.user_removed',
      'order.created',
      'order.submitted',
      'order.approved',
      'customer.created',
      'revenue.recorded',
    ]);
    const mails = await h.services.ctx.db.selectFrom('emails').select(['to_address', 'subject']).orderBy('created_at').orderBy('id').execute();
    expect(mails.map((m) => m.to_address)).toEqual(['anna@solrosen.test', 'bo@solrosen.test', 'cecilia@solrosen.test', 'partner1@reseller.test', 'eva@solrosen.test']);
  });

  it('serves an OpenAPI document that describes every route it validates', async () => {
    const res = await h.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/v1/trials', '/v1/trials/{id}/users/{userId}', '/v1/orders/{id}/agreement', '/v1/admin/orders/{id}/approve', '/v1/revenue', '/v1/events', '/v1/invitations/accept']) {
      expect(paths).toContain(p);
    }
    expect(res.body.components.schemas.Trial.properties.status).toEqual({ $ref: '#/components/schemas/TrialStatus' });
    expect(res.body.components.schemas.TrialStatus.enum).toContain('converted');
    const docs = await h.call('GET', '/docs');
    expect(docs.headers.get('content-type')).toContain('text/html');
    // The reference renders the document in the browser (reference-page.browser.test.ts): the page points at it.
    expect(docs.body).toContain("/openapi.json");
  });

  it('answers /healthz once the store answers', async () => {
    const res = await h.call('GET', '/healthz');
    expect(res.body).toEqual({ status: 'ok', store: dialect });
  });
});
