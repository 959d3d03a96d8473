import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('the error shape on bad input (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller()).key;
  });
  afterAll(() => h.close());

  const shape = (body: any, type: string) => {
    expect(body.error.type).toBe(type);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.requestId).toMatch(/^req_/);
  };

  it('400 for malformed JSON, naming the problem', async () => {
    const res = await h.call('POST', '/v1/organizations', { key, raw: '{"name": "Brf', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    shape(res.body, 'invalid_request');
  });

  it('400 naming every bad field, with nothing written', async () => {
    const before = await h.call('GET', '/v1/trials', { key });
    const res = await h.call('POST', '/v1/trials', { key, body: { organizationId: 'org_x', customerType: 'villa', users: [{ email: 'not-an-email' }], durationDays: 0 } });
    expect(res.status).toBe(400);
    shape(res.body, 'invalid_request');
    const paths = res.body.error.issues.map((i: any) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.customerType', 'body.users.0.email', 'body.durationDays']));
    expect(res.body.error.message).toContain('body.users.0.email');
    expect((await h.call('GET', '/v1/trials', { key })).body).toEqual(before.body);
  });

  it('400 for bad query parameters', async () => {
    const res = await h.call('GET', '/v1/trials?limit=1000&status=sleeping', { key });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: any) => i.path.join('.')).sort()).toEqual(['query.limit', 'query.status']);
  });

  it('415 for a body that is not JSON', async () => {
    const res = await h.call('POST', '/v1/organizations', { key, raw: 'name=Brf', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    shape(res.body, 'unsupported_media_type');
  });

  it('413 for a JSON body over 1 MB', async () => {
    const res = await h.call('POST', '/v1/organizations', { key, body: { name: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    shape(res.body, 'payload_too_large');
  });

  it('404 in the same shape for unknown routes and ids', async () => {
    shape((await h.call('GET', '/v1/nothing-here', { key })).body, 'not_found');
    const res = await h.call('GET', '/v1/trials/trial_missing', { key });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('trial_missing');
  });

  it('401 without a key, with the request id echoed in the header', async () => {
    const res = await h.call('GET', '/v1/trials', { headers: { 'x-request-id': 'client-chosen-id' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('client-chosen-id');
    expect(res.body.error.requestId).toBe('client-chosen-id');
  });
});
