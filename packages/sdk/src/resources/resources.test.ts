import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, client, server, useServer } from '../../test/helpers.js';
import type { ResellerKit } from '../client.js';

useServer();

type Call = [label: string, run: (rk: ResellerKit) => Promise<unknown>, method: string, path: string, body?: unknown];

const invoicing = { name: 'Brf Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.se' };
const signer = { name: 'Anna Ordförande', email: 'anna@solrosen.se' };

const CALLS: Call[] = [
  ['organizations.create', (rk) => rk.organizations.create({ name: 'Brf', orgNumber: '1' }), 'POST', '/v1/organizations', { name: 'Brf', orgNumber: '1' }],
  ['organizations.retrieve', (rk) => rk.organizations.retrieve('org_1'), 'GET', '/v1/organizations/org_1'],
  ['organizations.update', (rk) => rk.organizations.update('org_1', { name: 'B' }), 'PATCH', '/v1/organizations/org_1', { name: 'B' }],
  ['organizations.list', (rk) => rk.organizations.list({ limit: 2 }), 'GET', '/v1/organizations?limit=2'],
  ['organizations.plan.retrieve', (rk) => rk.organizations.plan.retrieve('org_1'), 'GET', '/v1/organizations/org_1/plan'],
  ['organizations.plan.replace', (rk) => rk.organizations.plan.replace('org_1', { actions: [] }), 'PUT', '/v1/organizations/org_1/plan', { actions: [] }],
  ['trials.create', (rk) => rk.trials.create({ organizationId: 'org_1', customerType: 'brf', users: [{ email: 'a@b.se' }] }), 'POST', '/v1/trials', { organizationId: 'org_1', customerType: 'brf', users: [{ email: 'a@b.se' }] }],
  ['trials.retrieve', (rk) => rk.trials.retrieve('trial_1'), 'GET', '/v1/trials/trial_1'],
  ['trials.list', (rk) => rk.trials.list({ status: 'expired' }), 'GET', '/v1/trials?status=expired'],
  ['trials.list (search)', (rk) => rk.trials.list({ q: 'Brf Å', status: ['active', 'expired'], expiringWithinDays: 7, sort: 'name' }), 'GET', '/v1/trials?q=Brf+%C3%85&status=active%2Cexpired&expiringWithinDays=7&sort=name'],
  ['customers.list (search)', (rk) => rk.customers.list({ q: 'ek@', status: 'active' }), 'GET', '/v1/customers?q=ek%40&status=active'],
  ['trials.update', (rk) => rk.trials.update('trial_1', { customerType: 'municipality' }), 'PATCH', '/v1/trials/trial_1', { customerType: 'municipality' }],
  ['trials.extend', (rk) => rk.trials.extend('trial_1', { days: 14 }), 'POST', '/v1/trials/trial_1/extend', { days: 14 }],
  ['trials.cancel', (rk) => rk.trials.cancel('trial_1'), 'POST', '/v1/trials/trial_1/cancel'],
  ['trials.resendInvitation', (rk) => rk.trials.resendInvitation('trial_1', 'tu_1'), 'POST', '/v1/trials/trial_1/users/tu_1/resend'],
  ['trials.stats', (rk) => rk.trials.stats(), 'GET', '/v1/trials/stats'],
  ['trials.list by engagement', (rk) => rk.trials.list({ engagement: 'low,none' }), 'GET', '/v1/trials?engagement=low%2Cnone'],
  ['trials.users.add', (rk) => rk.trials.users.add('trial_1', { email: 'b@c.se', role: 'editor' }), 'POST', '/v1/trials/trial_1/users', { email: 'b@c.se', role: 'editor' }],
  ['trials.users.update', (rk) => rk.trials.users.update('trial_1', 'tu_1', { role: 'reader' }), 'PATCH', '/v1/trials/trial_1/users/tu_1', { role: 'reader' }],
  ['trials.users.remove', (rk) => rk.trials.users.remove('trial_1', 'tu_1'), 'DELETE', '/v1/trials/trial_1/users/tu_1'],
  ['orders.create', (rk) => rk.orders.create('trial_1', { licenceId: 'lic_1', invoicing, signer }), 'POST', '/v1/trials/trial_1/orders', { licenceId: 'lic_1', invoicing, signer }],
  ['orders.retrieve', (rk) => rk.orders.retrieve('ord_1'), 'GET', '/v1/orders/ord_1'],
  ['orders.update', (rk) => rk.orders.update('ord_1', { signer }), 'PATCH', '/v1/orders/ord_1', { signer }],
  ['orders.list', (rk) => rk.orders.list({ status: 'rejected' }), 'GET', '/v1/orders?status=rejected'],
  ['orders.retrieveAgreement', (rk) => rk.orders.retrieveAgreement('ord_1'), 'GET', '/v1/orders/ord_1/agreement'],
  ['orders.submit', (rk) => rk.orders.submit('ord_1'), 'POST', '/v1/orders/ord_1/submit'],
  ['licences.list', (rk) => rk.licences.list(), 'GET', '/v1/licences'],
  ['customers.list', (rk) => rk.customers.list(), 'GET', '/v1/customers'],
  ['customers.retrieve', (rk) => rk.customers.retrieve('cus_1'), 'GET', '/v1/customers/cus_1'],
  ['customers.cancelAtPeriodEnd', (rk) => rk.customers.cancelAtPeriodEnd('cus_1'), 'POST', '/v1/customers/cus_1/cancel-at-period-end'],
  ['customers.undoCancelAtPeriodEnd', (rk) => rk.customers.undoCancelAtPeriodEnd('cus_1'), 'DELETE', '/v1/customers/cus_1/cancel-at-period-end'],
  ['customers.users.list', (rk) => rk.customers.users.list('cus_1'), 'GET', '/v1/customers/cus_1/users'],
  ['customers.users.add', (rk) => rk.customers.users.add('cus_1', { email: 'b@c.se', role: 'reader' }), 'POST', '/v1/customers/cus_1/users', { email: 'b@c.se', role: 'reader' }],
  ['customers.users.update', (rk) => rk.customers.users.update('cus_1', 'tu_1', { role: 'editor' }), 'PATCH', '/v1/customers/cus_1/users/tu_1', { role: 'editor' }],
  ['customers.users.remove', (rk) => rk.customers.users.remove('cus_1', 'tu_1'), 'DELETE', '/v1/customers/cus_1/users/tu_1'],
  ['revenue.retrieve', (rk) => rk.revenue.retrieve({ from: '2026-01-01', to: '2027-01-01', groupBy: 'month' }), 'GET', '/v1/revenue?from=2026-01-01&to=2027-01-01&groupBy=month'],
  ['revenue.forecast', (rk) => rk.revenue.forecast({ months: 6 }), 'GET', '/v1/revenue/forecast?months=6'],
  ['revenue.statement', (rk) => rk.revenue.statement('2026-11'), 'GET', '/v1/revenue/statements/2026-11'],
  ['revenue.accounting', (rk) => rk.revenue.accounting(), 'GET', '/v1/revenue/accounting'],
  ['revenue.updateAccounting', (rk) => rk.revenue.updateAccounting({ purchases: { number: '4011', name: 'Inköp licenser' } }), 'PUT', '/v1/revenue/accounting', { purchases: { number: '4011', name: 'Inköp licenser' } }],
  ['events.list', (rk) => rk.events.list({ after: 'evt_1', type: 'order.approved' }), 'GET', '/v1/events?after=evt_1&type=order.approved'],
  ['events.list by cursor', (rk) => rk.events.list({ cursor: '42', limit: 10 }), 'GET', '/v1/events?cursor=42&limit=10'],
  ['webhookEndpoints.create', (rk) => rk.webhookEndpoints.create({ url: 'https://x.se/h', signing: 'hmac+ed25519' }), 'POST', '/v1/webhook-endpoints', { url: 'https://x.se/h', signing: 'hmac+ed25519' }],
  ['webhookEndpoints.list', (rk) => rk.webhookEndpoints.list(), 'GET', '/v1/webhook-endpoints'],
  ['webhookEndpoints.retrieve', (rk) => rk.webhookEndpoints.retrieve('we_1'), 'GET', '/v1/webhook-endpoints/we_1'],
  ['webhookEndpoints.update', (rk) => rk.webhookEndpoints.update('we_1', { enabledEvents: ['trial.created'], enabled: false }), 'PATCH', '/v1/webhook-endpoints/we_1', { enabledEvents: ['trial.created'], enabled: false }],
  ['webhookEndpoints.del', (rk) => rk.webhookEndpoints.del('we_1'), 'DELETE', '/v1/webhook-endpoints/we_1'],
  ['webhookEndpoints.rotateSecret', (rk) => rk.webhookEndpoints.rotateSecret('we_1'), 'POST', '/v1/webhook-endpoints/we_1/rotate-secret'],
  ['webhookEndpoints.test', (rk) => rk.webhookEndpoints.test('we_1'), 'POST', '/v1/webhook-endpoints/we_1/test'],
  ['webhookEndpoints.deliveries', (rk) => rk.webhookEndpoints.deliveries('we_1', { limit: 10 }), 'GET', '/v1/webhook-endpoints/we_1/deliveries?limit=10'],
  ['webhookEndpoints.recover', (rk) => rk.webhookEndpoints.recover('we_1', { since: '2026-11-01T00:00:00Z' }), 'POST', '/v1/webhook-endpoints/we_1/recover', { since: '2026-11-01T00:00:00Z' }],
  ['webhookDeliveries.retry', (rk) => rk.webhookDeliveries.retry('whd_1'), 'POST', '/v1/webhook-deliveries/whd_1/retry'],
  ['widgetSessions.create', (rk) => rk.widgetSessions.create({ origin: 'https://pms.example' }), 'POST', '/v1/widget-sessions', { origin: 'https://pms.example' }],
  ['invitations.accept', (rk) => rk.invitations.accept({ token: 't', password: 'p' }), 'POST', '/v1/invitations/accept', { token: 't', password: 'p' }],
  ['admin.resellers.create', (rk) => rk.admin.resellers.create({ name: 'F', orgNumber: '1', contactEmail: 'a@f.se', discountPercent: 20 }), 'POST', '/v1/admin/resellers', { name: 'F', orgNumber: '1', contactEmail: 'a@f.se', discountPercent: 20 }],
  ['admin.revenue.forecast', (rk) => rk.admin.revenue.forecast({ resellerId: 'res_1' }), 'GET', '/v1/admin/revenue/forecast?resellerId=res_1'],
  ['admin.revenue.statement', (rk) => rk.admin.revenue.statement('2026', { resellerId: 'res_1', format: 'sie' }), 'GET', '/v1/admin/revenue/statements/2026?resellerId=res_1&format=sie'],
  ['admin.resellers.list', (rk) => rk.admin.resellers.list(), 'GET', '/v1/admin/resellers'],
  ['admin.resellers.retrieve', (rk) => rk.admin.resellers.retrieve('res_1'), 'GET', '/v1/admin/resellers/res_1'],
  ['admin.resellers.update', (rk) => rk.admin.resellers.update('res_1', { allowedOrigins: ['https://a.se'] }), 'PATCH', '/v1/admin/resellers/res_1', { allowedOrigins: ['https://a.se'] }],
  ['admin.resellers.createApiKey', (rk) => rk.admin.resellers.createApiKey('res_1', { name: 'prod' }), 'POST', '/v1/admin/resellers/res_1/api-keys', { name: 'prod' }],
  ['admin.resellers.listApiKeys', (rk) => rk.admin.resellers.listApiKeys('res_1'), 'GET', '/v1/admin/resellers/res_1/api-keys'],
  ['admin.resellers.revokeApiKey', (rk) => rk.admin.resellers.revokeApiKey('res_1', 'key_1'), 'DELETE', '/v1/admin/resellers/res_1/api-keys/key_1'],
  ['admin.licences.create', (rk) => rk.admin.licences.create({ name: 'Bas', customerType: 'brf', annualPrice: { amount: 1200000, currency: 'SEK' } }), 'POST', '/v1/admin/licences', { name: 'Bas', customerType: 'brf', annualPrice: { amount: 1200000, currency: 'SEK' } }],
  ['admin.licences.list', (rk) => rk.admin.licences.list(), 'GET', '/v1/admin/licences'],
  ['admin.orders.list', (rk) => rk.admin.orders.list({ status: 'submitted' }), 'GET', '/v1/admin/orders?status=submitted'],
  ['admin.orders.approve', (rk) => rk.admin.orders.approve('ord_1'), 'POST', '/v1/admin/orders/ord_1/approve'],
  ['admin.orders.reject', (rk) => rk.admin.orders.reject('ord_1', { reason: 'Unsigned' }), 'POST', '/v1/admin/orders/ord_1/reject', { reason: 'Unsigned' }],
  ['admin.customers.cancel', (rk) => rk.admin.customers.cancel('cus_1'), 'POST', '/v1/admin/customers/cus_1/cancel'],
  ['admin.customers.cancel with a refund', (rk) => rk.admin.customers.cancel('cus_1', { refund: 'prorata' }), 'POST', '/v1/admin/customers/cus_1/cancel', { refund: 'prorata' }],
  ['admin.resellers.retrieveAccounting', (rk) => rk.admin.resellers.retrieveAccounting('res_1'), 'GET', '/v1/admin/resellers/res_1/accounting'],
  ['admin.resellers.updateAccounting', (rk) => rk.admin.resellers.updateAccounting('res_1', { sales: { number: '3001', name: 'Licenser' } }), 'PUT', '/v1/admin/resellers/res_1/accounting', { sales: { number: '3001', name: 'Licenser' } }],
];

describe('resource routing', () => {
  it.each(CALLS)('%s', async (_label, run, method, path, body) => {
    const seen: { method: string; path: string; body: string; type: string | null }[] = [];
    server.use(
      http.all(`${BASE}/*`, async ({ request }) => {
        const url = new URL(request.url);
        seen.push({ method: request.method, path: url.pathname + url.search, body: await request.text(), type: request.headers.get('content-type') });
        return HttpResponse.json({ data: [], nextCursor: null });
      }),
    );
    await run(client());
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe(method);
    expect(seen[0]!.path).toBe(path);
    if (body === undefined) {
      expect(seen[0]!.body).toBe('');
      expect(seen[0]!.type).toBeNull();
    } else {
      expect(JSON.parse(seen[0]!.body)).toEqual(body);
      expect(seen[0]!.type).toBe('application/json');
    }
  });
});

describe('revenue statements as files', () => {
  it('reads a CSV statement as text with its byte-order mark, and a SIE one as bytes, asking for each', async () => {
    const accepts: (string | null)[] = [];
    const sie = new Uint8Array([0x23, 0x46, 0x4e, 0x41, 0x4d, 0x4e, 0x20, 0x22, 0x8f, 0x22]); // #FNAMN "Å" in code page 437
    server.use(
      http.get(`${BASE}/v1/revenue/statements/:period`, ({ request }) => {
        accepts.push(request.headers.get('accept'));
        const format = new URL(request.url).searchParams.get('format');
        if (format === 'csv') return new HttpResponse(new TextEncoder().encode('\uFEFFDatum;Typ\r\nSumma;\r\n'), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
        return new HttpResponse(sie, { headers: { 'content-type': 'text/plain; charset=IBM437' } });
      }),
    );
    const csv: string = await client().revenue.statement('2026-11', { format: 'csv' });
    expect(csv).toBe('\uFEFFDatum;Typ\r\nSumma;\r\n');
    const bytes: ArrayBuffer = await client().revenue.statement('2026', { format: 'sie' });
    expect([...new Uint8Array(bytes)]).toEqual([...sie]);
    expect(accepts).toEqual(['text/csv', 'text/plain']);
  });
});
