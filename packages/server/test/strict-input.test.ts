/** @module Every JSON body and query string is strict: an unknown field or parameter is a 400 naming it, and nothing is written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

interface Operation {
  requestBody?: { content: Record<string, unknown> };
}

describe.each(testDialects)('strict input (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller()).key;
  });
  afterAll(() => h.close());

  it('refuses a misspelt field, naming it and the fields the endpoint takes, and creates nothing', async () => {
    const res = await h.call('POST', '/v1/webhook-endpoints', { key, body: { url: 'https://partner.example/hooks', eventTypes: ['order.approved'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('invalid_request');
    expect(res.body.error.issues).toEqual([{ path: ['body', 'eventTypes'], message: 'is not a known field; expected one of: url, description, enabledEvents, signing' }]);
    expect(res.body.error.message).toBe('Invalid body: body.eventTypes: is not a known field; expected one of: url, description, enabledEvents, signing');
    expect(await h.services.ctx.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
  });

  it('names unknown fields however deep, beside the other bad fields', async () => {
    const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Strikt' } });
    const trial = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@strikt.test', name: 'Anna' }], durationDays: 0 } });
    expect(trial.status).toBe(400);
    expect(trial.body.error.issues.map((i: { path: unknown[] }) => i.path)).toEqual(expect.arrayContaining([['body', 'users', 0, 'name'], ['body', 'durationDays']]));
    const licence = await h.licence();
    const ok = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@strikt.test' }] } });
    const order = await h.call('POST', `/v1/trials/${ok.body.id}/orders`, {
      key,
      body: { licenceId: licence.id, invoicing: { name: 'Brf Strikt', orgNumber: '769600-1234', email: 'f@strikt.test', vatNumber: 'SE1' }, signer: { name: 'Eva', email: 'eva@strikt.test' } },
    });
    expect(order.body.error.issues).toEqual([{ path: ['body', 'invoicing', 'vatNumber'], message: 'is not a known field; expected one of: name, orgNumber, email, reference' }]);
  });

  it('refuses an unknown query parameter, on list endpoints and on those that take none', async () => {
    const misspelt = await h.call('GET', '/v1/trials?stauts=active', { key });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.issues).toEqual([{ path: ['query', 'stauts'], message: 'is not a known parameter; expected one of: limit, cursor, status, organizationId, q, expiringWithinDays, sort, engagement' }]);
    const none = await h.call('GET', '/v1/licences?limit=5', { key });
    expect(none.status).toBe(400);
    expect(none.body.error.issues).toEqual([{ path: ['query', 'limit'], message: 'is not a known parameter; none is taken here' }]);
    expect((await h.call('GET', '/v1/trials?status=active&limit=5', { key })).status).toBe(200);
  });

  it('lets an endpoint without a body take an empty one or {}, and refuses fields in it', async () => {
    const { orderId } = await submittedOrder(h, { key }, (await h.licence()).id, 'Brf Utan Kropp');
    const withField = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY, body: { force: true } });
    expect(withField.status).toBe(400);
    expect(withField.body.error.issues).toEqual([{ path: ['body', 'force'], message: 'is not a known field; none is taken here' }]);
    expect((await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY, body: [] })).status).toBe(400);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key })).body.status).toBe('submitted');
    expect((await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY, body: {} })).status).toBe(200);
  });

  it('holds for every endpoint of openapi.json: an unknown body field and an unknown query parameter are each named', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    const missed: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      // Customer users' own endpoints authenticate with a user session before anything else.
      if (!path.startsWith('/v1/') || path.startsWith('/v1/me')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'x_1');
      for (const [method, op] of Object.entries(ops)) {
        const takesJson = !op.requestBody || 'application/json' in op.requestBody.content;
        const query = await h.call(method.toUpperCase(), `${url}?unknownParameter=1`, { key: TEST_ADMIN_KEY });
        if (!JSON.stringify(query.body?.error?.issues ?? []).includes('["query","unknownParameter"]')) missed.push(`${method} ${path} query: ${query.status}`);
        if (method !== 'get' && takesJson) {
          const body = await h.call(method.toUpperCase(), url, { key: TEST_ADMIN_KEY, body: { unknownField: 1 } });
          if (!JSON.stringify(body.body?.error?.issues ?? []).includes('["body","unknownField"]')) missed.push(`${method} ${path} body: ${body.status}`);
        }
        checked++;
      }
    }
    expect(missed).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
});
