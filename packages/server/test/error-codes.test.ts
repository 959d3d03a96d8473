/** Every refusal a person can cause in the portal carries a stable `error.code` (docs/api.md), so clients can say it in their own language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';
import { createHarness, submittedOrder, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('error codes (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  let licence: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller({ allowedOrigins: ['https://pms.example'] })).key;
    licence = (await h.licence('brf')).id;
  });
  afterAll(() => h.close());

  const org = async (name: string) => (await h.call('POST', '/v1/organizations', { key, body: { name } })).body.id as string;
  const trialFor = async (organizationId: string) => (await h.call('POST', '/v1/trials', { key, body: { organizationId, customerType: 'brf', users: [{ email: 'anna@eken.test' }] } })).body;
  const invoicing = { name: 'Brf Eken', orgNumber: '769611-2233', email: 'faktura@eken.test' };
  const signer = { name: 'Eva Ek', email: 'eva@eken.test' };

  it('names the trial rules: held organization, duplicate and existing users, too long', async () => {
    const eken = await org('Brf Eken');
    const trial = await trialFor(eken);
    const again = await h.call('POST', '/v1/trials', { key, body: { organizationId: eken, customerType: 'brf', users: [{ email: 'bo@eken.test' }] } });
    expect([again.status, again.body.error.code, again.body.error.issues]).toEqual([409, 'organization_has_account', [{ path: ['organizationId'], message: `held by ${trial.id}` }]]);

    const dup = await h.call('POST', '/v1/trials', { key, body: { organizationId: await org('Brf Dubbel'), customerType: 'brf', users: [{ email: 'a@x.test' }, { email: 'A@x.test' }] } });
    expect([dup.status, dup.body.error.code]).toEqual([422, 'duplicate_email']);

    const exists = await h.call('POST', `/v1/trials/${trial.id}/users`, { key, body: { email: 'ANNA@eken.test' } });
    expect([exists.status, exists.body.error.code, exists.body.error.issues[0].path]).toEqual([409, 'user_exists', ['email']]);

    const long = await h.call('POST', `/v1/trials/${trial.id}/extend`, { key, body: { days: 61 } });
    expect([long.status, long.body.error.code, long.body.error.issues[0].path]).toEqual([422, 'trial_too_long', ['days']]);
  });

  it('names the order rules: licence, agreement, state', async () => {
    const trial = await trialFor(await org('Brf Avtal'));
    const wrongType = (await h.licence('municipality')).id;
    const mismatch = await h.call('POST', `/v1/trials/${trial.id}/orders`, { key, body: { licenceId: wrongType, invoicing, signer } });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'licence_customer_type_mismatch']);
    const unknown = await h.call('POST', `/v1/trials/${trial.id}/orders`, { key, body: { licenceId: 'lic_nope', invoicing, signer } });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_licence']);

    const order = (await h.call('POST', `/v1/trials/${trial.id}/orders`, { key, body: { licenceId: licence, invoicing, signer } })).body;
    const second = await h.call('POST', `/v1/trials/${trial.id}/orders`, { key, body: { licenceId: licence, invoicing, signer } });
    expect([second.status, second.body.error.code]).toEqual([409, 'order_in_progress']);
    const early = await h.call('POST', `/v1/orders/${order.id}/submit`, { key });
    expect([early.status, early.body.error.code]).toEqual([422, 'agreement_missing']);
    const notPdf = await h.call('PUT', `/v1/orders/${order.id}/agreement`, { key, raw: Buffer.from('GIF89a this is not a pdf at all'), headers: { 'content-type': 'application/pdf' } });
    expect([notPdf.status, notPdf.body.error.code, notPdf.body.error.issues[0].path]).toEqual([422, 'agreement_not_pdf', ['agreement']]);

    await h.call('PUT', `/v1/orders/${order.id}/agreement`, { key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    await h.call('POST', `/v1/orders/${order.id}/submit`, { key });
    const twice = await h.call('POST', `/v1/orders/${order.id}/submit`, { key });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'invalid_state']);
    const edit = await h.call('PATCH', `/v1/orders/${order.id}`, { key, body: { signer } });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'order_not_editable']);
  });

  it('names the widget session refusals', async () => {
    const refused = await h.call('POST', '/v1/widget-sessions', { key, body: { origin: 'https://elsewhere.example' } });
    expect([refused.status, refused.body.error.code, refused.body.error.issues[0].path]).toEqual([422, 'origin_not_allowed', ['origin']]);
    const { token } = (await h.call('POST', '/v1/widget-sessions', { key, body: { origin: 'https://pms.example' } })).body;
    const replayed = await h.call('GET', '/v1/trials', { key: token, headers: { origin: 'https://elsewhere.example' } });
    expect([replayed.status, replayed.body.error.code]).toEqual([401, 'session_origin_mismatch']);
    const broken = await h.call('GET', '/v1/trials', { key: `${token.slice(0, -4)}AAAA`, headers: { origin: 'https://pms.example' } });
    expect([broken.status, broken.body.error.code]).toEqual([401, 'session_invalid']);
  });

  it('leaves the code out where the type says enough, and sends only documented codes', async () => {
    const missing = await h.call('GET', '/v1/trials/trial_nope', { key });
    expect(missing.status).toBe(404);
    expect(missing.body.error).not.toHaveProperty('code');
    const { orderId } = await submittedOrder(h, { key }, licence, 'Brf Koder');
    const body = (await h.call('POST', `/v1/orders/${orderId}/submit`, { key })).body;
    expect(ERROR_CODES).toContain(body.error.code);
  });
});
