import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('isolation between resellers (%s)', (dialect) => {
  let h: Harness;
  let a: { id: string; key: string };
  let b: { id: string; key: string };
  let ids: { organizationId: string; trialId: string; orderId: string; customerId: string; userId: string; openTrialId: string; draftOrderId: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    a = await h.reseller({ name: 'A' });
    b = await h.reseller({ name: 'B' });
    const licenceId = (await h.licence('brf')).id;
    const done = await submittedOrder(h, a, licenceId, 'Brf A');
    const approved = await h.call('POST', `/v1/admin/orders/${done.orderId}/approve`, { key: TEST_ADMIN_KEY });
    const org = await h.call('POST', '/v1/organizations', { key: a.key, body: { name: 'Brf A2' } });
    const open = await h.call('POST', '/v1/trials', { key: a.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'u@a.test' }] } });
    const draft = await h.call('POST', `/v1/trials/${open.body.id}/orders`, {
      key: a.key,
      body: { licenceId, invoicing: { name: 'A2', orgNumber: '769600-1234', email: 'f@a.test' }, signer: { name: 'S', email: 's@a.test' } },
    });
    ids = { ...done, customerId: approved.body.customer.id, userId: open.body.users[0].id, openTrialId: open.body.id, draftOrderId: draft.body.id };
  });
  afterAll(() => h.close());

  const cases = (): [string, string, unknown?][] => [
    ['GET', `/v1/organizations/${ids.organizationId}`],
    ['PATCH', `/v1/organizations/${ids.organizationId}`, { name: 'Stulen' }],
    ['POST', '/v1/trials', { organizationId: ids.organizationId, customerType: 'brf', users: [{ email: 'x@b.test' }] }],
    ['GET', `/v1/trials/${ids.openTrialId}`],
    ['POST', `/v1/trials/${ids.openTrialId}/users`, { email: 'x@b.test' }],
    ['PATCH', `/v1/trials/${ids.openTrialId}/users/${ids.userId}`, { role: 'reader' }],
    ['DELETE', `/v1/trials/${ids.openTrialId}/users/${ids.userId}`],
    ['POST', `/v1/trials/${ids.openTrialId}/extend`, { days: 1 }],
    ['POST', `/v1/trials/${ids.openTrialId}/cancel`],
    ['POST', `/v1/trials/${ids.openTrialId}/orders`, { licenceId: 'lic_x', invoicing: { name: 'B', orgNumber: '769600-1234', email: 'f@b.test' }, signer: { name: 'S', email: 's@b.test' } }],
    ['GET', `/v1/orders/${ids.draftOrderId}`],
    ['PATCH', `/v1/orders/${ids.draftOrderId}`, { signer: { name: 'B', email: 'b@b.test' } }],
    ['GET', `/v1/orders/${ids.orderId}/agreement`],
    ['POST', `/v1/orders/${ids.draftOrderId}/submit`],
    ['GET', `/v1/customers/${ids.customerId}`],
  ];

  it("answers 404 for every other reseller's id and changes nothing", async () => {
    const before = await h.call('GET', `/v1/trials/${ids.openTrialId}`, { key: a.key });
    for (const [method, path, body] of cases()) {
      const res = await h.call(method, path, { key: b.key, body });
      expect.soft(res.status, `${method} ${path}`).toBe(404);
      expect.soft(res.body.error.type, `${method} ${path}`).toBe('not_found');
    }
    const put = await h.call('PUT', `/v1/orders/${ids.draftOrderId}/agreement`, { key: b.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect(put.status).toBe(404);
    const after = await h.call('GET', `/v1/trials/${ids.openTrialId}`, { key: a.key });
    expect(after.body).toEqual(before.body);
    expect((await h.call('GET', `/v1/orders/${ids.draftOrderId}`, { key: a.key })).body.agreement).toBeNull();
  });

  it('lists, revenue and events show only the own rows', async () => {
    for (const path of ['/v1/organizations', '/v1/trials', '/v1/customers', '/v1/events']) {
      const res = await h.call('GET', path, { key: b.key });
      expect(res.status, path).toBe(200);
      expect(res.body.data, path).toEqual([]);
    }
    const revenue = await h.call('GET', '/v1/revenue', { key: b.key });
    expect(revenue.body.totals).toEqual({ listPrice: 0, resellerMargin: 0, vendorAmount: 0 });
    expect((await h.call('GET', '/v1/revenue', { key: a.key })).body.totals.listPrice).toBe(1_200_000);
    const events = await h.call('GET', '/v1/events', { key: a.key });
    const foreignAfter = await h.call('GET', `/v1/events?after=${events.body.data[0].id}`, { key: b.key });
    expect(foreignAfter.status).toBe(404);
  });

  it('keeps resellers out of the vendor endpoints', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/resellers'],
      ['POST', `/v1/admin/resellers/${b.id}/api-keys`],
      ['GET', '/v1/admin/orders'],
      ['POST', `/v1/admin/customers/${ids.customerId}/cancel`],
    ] as const) {
      const res = await h.call(method, path, { key: b.key, body: method === 'POST' ? {} : undefined });
      expect(res.status, path).toBe(403);
    }
  });

  it('revoked and unknown keys are refused with 401', async () => {
    const key = await h.call('POST', `/v1/admin/resellers/${b.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'temp' } });
    expect((await h.call('GET', '/v1/trials', { key: key.body.key })).status).toBe(200);
    expect((await h.call('DELETE', `/v1/admin/resellers/${b.id}/api-keys/${key.body.id}`, { key: TEST_ADMIN_KEY })).status).toBe(204);
    const revoked = await h.call('GET', '/v1/trials', { key: key.body.key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.type).toBe('authentication_error');
    expect((await h.call('GET', '/v1/trials', { key: 'rk_live_guess' })).status).toBe(401);
    expect((await h.call('GET', '/v1/trials')).status).toBe(401);
    const listed = await h.call('GET', `/v1/admin/resellers/${b.id}/api-keys`, { key: TEST_ADMIN_KEY });
    expect(listed.body.data.find((k: any) => k.id === key.body.id).revokedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(key.body.key);
  });
});
