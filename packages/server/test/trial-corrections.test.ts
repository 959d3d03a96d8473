/**
 * What the portal needs to keep a person from dead ends: organizations say which trial holds them, the customer type of
 * an open trial can be corrected until its order is submitted, and the agreement keeps its file name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('trial corrections (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  let brf: string;
  let municipality: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller()).key;
    brf = (await h.licence('brf')).id;
    municipality = (await h.licence('municipality')).id;
  });
  afterAll(() => h.close());

  const invoicing = { name: 'Kommunen', orgNumber: '212000-0001', email: 'faktura@kommun.test' };
  const signer = { name: 'Eva Ek', email: 'eva@kommun.test' };
  const newTrial = async (name: string) => {
    const org = (await h.call('POST', '/v1/organizations', { key, body: { name } })).body;
    return (await h.call('POST', '/v1/trials', { key, body: { organizationId: org.id, customerType: 'brf', users: [{ email: 'anna@kommun.test' }] } })).body;
  };
  const order = async (trialId: string, licenceId: string) => {
    const o = (await h.call('POST', `/v1/trials/${trialId}/orders`, { key, body: { licenceId, invoicing, signer } })).body;
    await h.call('PUT', `/v1/orders/${o.id}/agreement?filename=avtal-signerat.pdf`, { key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    return o.id as string;
  };

  it('lists each organization with the trial that holds it, or null', async () => {
    const free = (await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Ledig' } })).body;
    expect(free.heldBy).toBeNull();
    const trial = await newTrial('Brf Upptagen');
    const orderId = await order(trial.id, brf);
    await h.call('POST', `/v1/orders/${orderId}/submit`, { key });
    const customerTrial = trial.id;
    const open = await newTrial('Brf Prov');
    await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY });

    const list = (await h.call('GET', '/v1/organizations?limit=100', { key })).body.data;
    const heldBy = Object.fromEntries(list.map((o: { name: string; heldBy: unknown }) => [o.name, o.heldBy]));
    expect(heldBy).toMatchObject({ 'Brf Ledig': null, 'Brf Upptagen': { trialId: customerTrial, status: 'converted' }, 'Brf Prov': { trialId: open.id, status: 'active' } });
    expect((await h.call('GET', `/v1/organizations/${open.organizationId}`, { key })).body.heldBy).toEqual({ trialId: open.id, status: 'active' });
    const cancelled = await h.call('POST', `/v1/trials/${open.id}/cancel`, { key });
    expect(cancelled.status).toBe(200);
    expect((await h.call('GET', `/v1/organizations/${open.organizationId}`, { key })).body.heldBy).toBeNull();
  });

  it('corrects the customer type of a trial whose order was rejected, and the order then goes through with the fitting licence', async () => {
    const trial = await newTrial('Kommunen');
    const orderId = await order(trial.id, brf);
    await h.call('POST', `/v1/orders/${orderId}/submit`, { key });
    const whileSubmitted = await h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'municipality' } });
    expect([whileSubmitted.status, whileSubmitted.body.error.code, whileSubmitted.body.error.issues[0].path]).toEqual([409, 'trial_has_submitted_order', ['customerType']]);
    await h.call('POST', `/v1/admin/orders/${orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason: 'En kommun behöver den offentliga licensen.' } });

    const corrected = await h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'municipality' } });
    expect([corrected.status, corrected.body.customerType]).toEqual([200, 'municipality']);
    const events = (await h.call('GET', '/v1/events?type=trial.updated', { key })).body.data;
    expect(events.map((e: { data: { id: string; customerType: string } }) => [e.data.id, e.data.customerType])).toEqual([[trial.id, 'municipality']]);
    const same = await h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'municipality' } });
    expect(same.status).toBe(200);
    expect((await h.call('GET', '/v1/events?type=trial.updated', { key })).body.data).toHaveLength(1);

    // The rejected order still names the brf licence: submitting it now is refused on that field.
    const stale = await h.call('POST', `/v1/orders/${orderId}/submit`, { key });
    expect([stale.status, stale.body.error.code, stale.body.error.issues[0].path]).toEqual([422, 'licence_customer_type_mismatch', ['licenceId']]);
    expect((await h.call('PATCH', `/v1/orders/${orderId}`, { key, body: { licenceId: municipality } })).status).toBe(200);
    const resubmitted = await h.call('POST', `/v1/orders/${orderId}/submit`, { key });
    expect([resubmitted.status, resubmitted.body.status]).toEqual([200, 'submitted']);
  });

  it('refuses a correction on a trial that is not active, and a customer type that does not exist', async () => {
    const trial = await newTrial('Brf Avslutad');
    expect((await h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'space_station' } })).status).toBe(400);
    await h.call('POST', `/v1/trials/${trial.id}/cancel`, { key });
    const closed = await h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'other' } });
    expect([closed.status, closed.body.error.code]).toEqual([409, 'trial_not_open']);
    const other = (await h.reseller()).key;
    expect((await h.call('PATCH', `/v1/trials/${trial.id}`, { key: other, body: { customerType: 'other' } })).status).toBe(404);
  });

  it('keeps the agreement’s file name as uploaded', async () => {
    const trial = await newTrial('Brf Filnamn');
    const orderId = await order(trial.id, brf);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key })).body.agreement).toMatchObject({ filename: 'avtal-signerat.pdf', size: TEST_PDF.length });
    const unnamed = await h.call('PUT', `/v1/orders/${orderId}/agreement`, { key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect(unnamed.body.agreement.filename).toBeNull();
  });

  it('never leaves a submitted order whose licence does not fit the trial, however a correction and a submit race', async () => {
    for (let round = 0; round < 8; round++) {
      const trial = await newTrial(`Brf Kapplöpning ${round}`);
      const orderId = await order(trial.id, brf);
      const [patch, submit] = await Promise.all([
        h.call('PATCH', `/v1/trials/${trial.id}`, { key, body: { customerType: 'municipality' } }),
        h.call('POST', `/v1/orders/${orderId}/submit`, { key }),
      ]);
      // Exactly one wins: either the type changed and the brf order was refused, or the order went in and the type stayed.
      expect([patch.status, submit.status].sort()).toEqual(patch.status === 200 ? [200, 422] : [200, 409]);
      const t = (await h.call('GET', `/v1/trials/${trial.id}`, { key })).body;
      const o = (await h.call('GET', `/v1/orders/${orderId}`, { key })).body;
      expect(o.status === 'submitted' ? t.customerType : 'brf').toBe('brf');
    }
  });
});

describe('the agreement’s file name in a purge', () => {
  it('is personal data: redacted in past events like the signer’s name', async () => {
    const { redactPersonalData, PURGED } = await import('../src/modules/purge/service.js');
    const order = { id: 'ord_1', signer: { name: 'Eva Ek', email: 'eva@x.test' }, agreement: { sha256: 'ab', size: 3, filename: 'avtal-eva-ek.pdf' } };
    expect(redactPersonalData(order)).toEqual({ id: 'ord_1', signer: { name: PURGED, email: PURGED }, agreement: { sha256: 'ab', size: 3, filename: PURGED } });
  });
});
