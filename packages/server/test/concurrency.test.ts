import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('concurrent approvals in one process (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('lets exactly one of many racing approvals through', async () => {
    const r = await h.reseller();
    const licence = await h.licence('brf');
    const { orderId } = await submittedOrder(h, r, licence.id);
    const results = await Promise.all(Array.from({ length: 12 }, () => h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY })));
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409)).toHaveLength(11);
    const db = h.services.ctx.db;
    expect(await db.selectFrom('customers').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
    expect(await db.selectFrom('revenue_entries').select('id').where('reseller_id', '=', r.id).execute()).toHaveLength(1);
    expect(await db.selectFrom('events').select('id').where('type', '=', 'order.approved').where('reseller_id', '=', r.id).execute()).toHaveLength(1);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL', () => {
  let store: TestStore;
  let servers: ServiceProcess[] = [];
  beforeAll(async () => {
    store = await createTestStore('postgres');
    const env = { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test' };
    // Both migrate the same fresh database at start: the migrator's lock must make that safe.
    servers = await Promise.all([spawnService('serve', env), spawnService('serve', env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await store.drop();
  });

  async function call(base: string, method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  it('approves once, records one customer and one ledger entry, and loses no event', async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const reseller = await call(a, 'POST', '/v1/admin/resellers', TEST_ADMIN_KEY, { name: 'Par', orgNumber: '556677-8899', contactEmail: 'p@par.test', discountPercent: 10 });
    const key = (await call(b, 'POST', `/v1/admin/resellers/${reseller.body.id}/api-keys`, TEST_ADMIN_KEY, { name: 'k' })).body.key;
    const licence = await call(a, 'POST', '/v1/admin/licences', TEST_ADMIN_KEY, { name: 'L', customerType: 'brf', annualPrice: { amount: 500_000, currency: 'SEK' } });
    const orders: string[] = [];
    for (let i = 0; i < 5; i++) {
      const org = await call(i % 2 ? a : b, 'POST', '/v1/organizations', key, { name: `Brf ${i}` });
      const trial = await call(i % 2 ? b : a, 'POST', '/v1/trials', key, { organizationId: org.body.id, customerType: 'brf', users: [{ email: `u${i}@par.test` }] });
      const order = await call(a, 'POST', `/v1/trials/${trial.body.id}/orders`, key, { licenceId: licence.body.id, invoicing: { name: 'X', orgNumber: '769600-1234', email: 'f@x.test' }, signer: { name: 'S', email: 's@x.test' } });
      await call(b, 'PUT', `/v1/orders/${order.body.id}/agreement`, key, new Uint8Array(Buffer.from('%PDF-1.4\nsigned agreement\n%%EOF')), { 'content-type': 'application/pdf' });
      expect((await call(a, 'POST', `/v1/orders/${order.body.id}/submit`, key)).status).toBe(200);
      orders.push(order.body.id);
    }
    const attempts = orders.flatMap((id) => Array.from({ length: 6 }, (_, i) => call(i % 2 ? a : b, 'POST', `/v1/admin/orders/${id}/approve`, TEST_ADMIN_KEY)));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.status === 200)).toHaveLength(orders.length);
    expect(results.filter((r) => r.status === 409)).toHaveLength(orders.length * 5);

    const customers = await call(b, 'GET', '/v1/customers?limit=100', key);
    expect(customers.body.data.map((c: any) => c.orderId).sort()).toEqual([...orders].sort());
    const revenue = await call(a, 'GET', '/v1/revenue', key);
    expect(revenue.body.totals).toEqual({ listPrice: 2_500_000, resellerMargin: 250_000, vendorAmount: 2_250_000 });
    const events = await call(b, 'GET', '/v1/events?limit=100', key);
    const count = (t: string) => events.body.data.filter((e: any) => e.type === t).length;
    expect([count('trial.created'), count('order.submitted'), count('order.approved'), count('customer.created'), count('revenue.recorded')]).toEqual([5, 5, 5, 5, 5]);
  });
});
