import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('state machines over HTTP (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let licenceId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
    licenceId = (await h.licence('brf')).id;
  });
  afterAll(() => h.close());

  const admin = (path: string, body?: unknown) => h.call('POST', path, { key: TEST_ADMIN_KEY, body });

  it('opens one trial per organization: not while one is active or converted, again once it is cancelled', async () => {
    const newTrial = (organizationId: string, key = r.key) => h.call('POST', '/v1/trials', { key, body: { organizationId, customerType: 'brf', users: [{ email: 'a@b.test' }] } });
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf En Åt Gången' } });
    const first = await newTrial(org.body.id);
    expect(first.status).toBe(201);
    const second = await newTrial(org.body.id);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(first.body.id);
    // Another reseller's organization does not exist for this one.
    expect((await newTrial(org.body.id, (await h.reseller()).key)).status).toBe(404);
    expect((await newTrial('org_nosuchthing')).status).toBe(404);

    expect((await h.call('POST', `/v1/trials/${first.body.id}/cancel`, { key: r.key })).status).toBe(200);
    expect((await newTrial(org.body.id)).status).toBe(201);

    // A converted trial (the organization is a customer now) holds it too.
    const sold = await submittedOrder(h, r, licenceId, 'Brf Redan Kund');
    expect((await admin(`/v1/admin/orders/${sold.orderId}/approve`)).status).toBe(200);
    const again = await newTrial(sold.organizationId);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(sold.trialId);
  });

  it('refuses submit without an agreement, then accepts it once attached', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Utan Avtal' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@b.test' }] } });
    const order = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
      key: r.key,
      body: { licenceId, invoicing: { name: 'X', orgNumber: '769600-1234', email: 'f@x.test' }, signer: { name: 'S', email: 's@x.test' } },
    });
    const early = await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key: r.key });
    expect(early.status).toBe(422);
    expect(early.body.error.issues[0].path).toEqual(['agreement']);
    expect((await h.call('GET', `/v1/orders/${order.body.id}`, { key: r.key })).body.status).toBe('draft');

    const notPdf = await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: Buffer.from('GIF89a not a pdf at all'), headers: { 'content-type': 'application/pdf' } });
    expect(notPdf.status).toBe(422);
    const wrongType = await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'image/png' } });
    expect(wrongType.status).toBe(415);
    expect((await h.call('GET', `/v1/orders/${order.body.id}`, { key: r.key })).body.agreement).toBeNull();

    await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect((await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key: r.key })).status).toBe(200);
    // A submitted order is frozen.
    expect((await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key: r.key })).status).toBe(409);
    expect((await h.call('PATCH', `/v1/orders/${order.body.id}`, { key: r.key, body: { signer: { name: 'Ny', email: 'ny@x.test' } } })).status).toBe(409);
    const agreement = await h.app.request(`/v1/orders/${order.body.id}/agreement`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(Buffer.from(await agreement.arrayBuffer()).equals(TEST_PDF)).toBe(true);
  });

  it('lets a rejected order be corrected and resubmitted, then approved exactly once', async () => {
    const { orderId, trialId } = await submittedOrder(h, r, licenceId, 'Brf Avvisad');
    expect((await admin(`/v1/admin/orders/${orderId}/reject`, { reason: '' })).status).toBe(400);
    const rejected = await admin(`/v1/admin/orders/${orderId}/reject`, { reason: 'Avtalet saknar underskrift.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Avtalet saknar underskrift.' });
    expect((await admin(`/v1/admin/orders/${orderId}/approve`)).status).toBe(409);
    expect((await admin(`/v1/admin/orders/${orderId}/reject`, { reason: 'igen' })).status).toBe(409);
    // The trial stays open while the order is corrected.
    expect((await h.call('GET', `/v1/trials/${trialId}`, { key: r.key })).body.status).toBe('active');

    const fixed = await h.call('PATCH', `/v1/orders/${orderId}`, { key: r.key, body: { signer: { name: 'Eva Ek', email: 'eva.ek@solrosen.test' } } });
    expect(fixed.body.signer.email).toBe('eva.ek@solrosen.test');
    const resubmitted = await h.call('POST', `/v1/orders/${orderId}/submit`, { key: r.key });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', rejectionReason: null });
    expect((await admin(`/v1/admin/orders/${orderId}/approve`)).status).toBe(200);
    expect((await admin(`/v1/admin/orders/${orderId}/approve`)).status).toBe(409);
    expect((await admin(`/v1/admin/orders/${orderId}/reject`, { reason: 'för sent' })).status).toBe(409);
    // A converted trial takes no new users, orders or extensions.
    expect((await h.call('POST', `/v1/trials/${trialId}/users`, { key: r.key, body: { email: 'ny@x.test' } })).status).toBe(409);
    expect((await h.call('POST', `/v1/trials/${trialId}/extend`, { key: r.key, body: { days: 5 } })).status).toBe(409);
    expect((await h.call('POST', `/v1/trials/${trialId}/cancel`, { key: r.key })).status).toBe(409);
  });

  it('only approves orders from a reseller through the vendor key', async () => {
    const { orderId } = await submittedOrder(h, r, licenceId, 'Brf Egen');
    const self = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: r.key });
    expect(self.status).toBe(403);
    expect(self.body.error.type).toBe('permission_denied');
  });

  it('cancels trials and customers once, and refuses what follows', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Avbruten' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@b.test' }] } });
    expect((await h.call('POST', `/v1/trials/${trial.body.id}/cancel`, { key: r.key })).body.status).toBe('cancelled');
    expect((await h.call('POST', `/v1/trials/${trial.body.id}/cancel`, { key: r.key })).status).toBe(409);
    expect((await h.call('POST', `/v1/trials/${trial.body.id}/users`, { key: r.key, body: { email: 'c@d.test' } })).status).toBe(409);
    const order = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
      key: r.key,
      body: { licenceId, invoicing: { name: 'X', orgNumber: '769600-1234', email: 'f@x.test' }, signer: { name: 'S', email: 's@x.test' } },
    });
    expect(order.status).toBe(409);
    // The organization may get a new trial after a cancellation.
    expect((await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@b.test' }] } })).status).toBe(201);

    const { orderId } = await submittedOrder(h, r, licenceId, 'Brf Uppsagd');
    const { body } = await admin(`/v1/admin/orders/${orderId}/approve`);
    const cancelled = await admin(`/v1/admin/customers/${body.customer.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', renewsAt: null });
    expect((await admin(`/v1/admin/customers/${body.customer.id}/cancel`)).status).toBe(409);
  });

  it('enforces the trial rules: one open trial per organization, unique users, the vendor limit on length', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Regler' } });
    const body = { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@b.test' }] };
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body });
    expect((await h.call('POST', '/v1/trials', { key: r.key, body })).status).toBe(409);
    expect((await h.call('POST', `/v1/trials/${trial.body.id}/users`, { key: r.key, body: { email: 'A@B.test' } })).status).toBe(409);
    const dup = await h.call('POST', '/v1/trials', { key: r.key, body: { ...body, organizationId: 'org_x', users: [{ email: 'x@y.test' }, { email: 'X@y.test' }] } });
    expect(dup.status).toBe(422);
    const extended = await h.call('POST', `/v1/trials/${trial.body.id}/extend`, { key: r.key, body: { days: 30 } });
    expect(Date.parse(extended.body.endsAt) - Date.parse(trial.body.endsAt)).toBe(30 * 86_400_000);
    const tooLong = await h.call('POST', `/v1/trials/${trial.body.id}/extend`, { key: r.key, body: { days: 31 } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.issues[0].path).toEqual(['days']);
    const role = await h.call('PATCH', `/v1/trials/${trial.body.id}/users/${trial.body.users[0].id}`, { key: r.key, body: { role: 'reader' } });
    expect(role.body.role).toBe('reader');
  });

  it('refuses a licence for another customer type, naming the field', async () => {
    const other = await h.licence('municipality');
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Fel Licens' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@b.test' }] } });
    const res = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
      key: r.key,
      body: { licenceId: other.id, invoicing: { name: 'X', orgNumber: '769600-1234', email: 'f@x.test' }, signer: { name: 'S', email: 's@x.test' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toEqual(['licenceId']);
  });
});
