/** @module Free text on one line where it reaches e-mails and logs, and allowed origins stored as browsers send them. */
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';

const INJECTED = ['Brf Sol\r\nKlicka här: https://evil.example', 'Brf Sol\nrosen', 'Brf\tSol', 'Brf Sol\u2028rosen', 'Brf Sol\u0085rosen'];

describe.each(testDialects)('one-line text fields (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('refuses line breaks and other control characters in names, naming the field, and writes nothing', async () => {
    h = await createHarness(dialect);
    const r = await h.reseller();
    for (const name of INJECTED) {
      const res = await h.call('POST', '/v1/organizations', { key: r.key, body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.error.issues).toEqual([{ path: ['body', 'name'], message: 'must be one line without control characters' }]);
    }
    const reseller = await h.call('POST', '/v1/admin/resellers', { key: TEST_ADMIN_KEY, body: { name: 'AB\r\nBcc: x@evil.example', orgNumber: '556677-8899', contactEmail: 'p@r.test', discountPercent: 10 } });
    expect(reseller.body.error.issues[0].path).toEqual(['body', 'name']);
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Solrosen' } });
    const patched = await h.call('PATCH', `/v1/organizations/${org.body.id}`, { key: r.key, body: { name: 'Brf\nNy rad' } });
    expect(patched.status).toBe(400);
    expect((await h.services.ctx.db.selectFrom('organizations').select('name').execute()).map((o) => o.name)).toEqual(['Brf Solrosen']);
  });

  it('keeps the lines of a rejection reason (the vendor may write several) and of plan cells', async () => {
    h = await createHarness(dialect);
    const r = await h.reseller();
    const { orderId } = await submittedOrder(h, r, (await h.licence()).id);
    const reason = 'Två saker saknas:\n1. firmatecknarens underskrift\n2. fakturareferens';
    const rejected = await h.call('POST', `/v1/admin/orders/${orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.rejectionReason).toBe(reason);
    const bad = await h.call('POST', `/v1/admin/orders/${orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason: 'a\u0007b' } });
    expect(bad.body.error.issues[0].path).toEqual(['body', 'reason']);

    // A plan cell is a spreadsheet cell: the import keeps its line breaks, so PUT takes back what GET gives.
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Planen' } });
    const action = { property: 'Planen 1', building: 'Hus A', category: 'Fasad', location: 'Norr', action: 'Omfogning\nInklusive ställning', year: 2030, quantity: 1, unit: 'st', unitPrice: 100 };
    const plan = await h.call('PUT', `/v1/organizations/${org.body.id}/plan`, { key: r.key, body: { actions: [action] } });
    expect(plan.status).toBe(200);
    expect(plan.body.actions[0].action).toBe('Omfogning\nInklusive ställning');
  });
});

describe.each(testDialects)('allowed origins (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('are stored as a browser sends its Origin header, so a widget session and CORS match them', async () => {
    h = await createHarness(dialect);
    const created = await h.call('POST', '/v1/admin/resellers', {
      key: TEST_ADMIN_KEY,
      body: { name: 'PMS AB', orgNumber: '556677-8899', contactEmail: 'p@pms.test', discountPercent: 10, allowedOrigins: ['https://PMS.example.com:443/', 'HTTP://localhost:8080', 'https://pms.example.com'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.allowedOrigins).toEqual(['https://pms.example.com', 'http://localhost:8080']);
    const key = (await h.call('POST', `/v1/admin/resellers/${created.body.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'k' } })).body.key;

    const minted = await h.call('POST', '/v1/widget-sessions', { key, body: { origin: 'https://pms.example.com' } });
    expect(minted.status).toBe(201);
    // Minting normalises with the same rule: the token carries the origin the browser will send.
    const typed = await h.call('POST', '/v1/widget-sessions', { key, body: { origin: 'https://PMS.Example.com:443' } });
    expect(typed.status).toBe(201);
    expect(decodeJwt(typed.body.token).origin).toBe('https://pms.example.com');
    const fromPage = await h.call('GET', '/v1/trials', { headers: { authorization: `Bearer ${typed.body.token}`, origin: 'https://pms.example.com' } });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers.get('access-control-allow-origin')).toBe('https://pms.example.com');

    const patched = await h.call('PATCH', `/v1/admin/resellers/${created.body.id}`, { key: TEST_ADMIN_KEY, body: { allowedOrigins: ['https://Partner.example:8443'] } });
    expect(patched.body.allowedOrigins).toEqual(['https://partner.example:8443']);
  });

  it('refuse what is not an origin, naming the entry', async () => {
    h = await createHarness(dialect);
    for (const origin of ['https://pms.example/app', 'https://user:pw@pms.example', 'https://pms.example?x=1', 'ftp://pms.example', 'https://pms.exa\nmple']) {
      const res = await h.call('POST', '/v1/admin/resellers', { key: TEST_ADMIN_KEY, body: { name: 'X AB', orgNumber: '556677-8899', contactEmail: 'p@x.test', discountPercent: 1, allowedOrigins: ['https://ok.example', origin] } });
      expect(res.status, origin).toBe(400);
      expect(res.body.error.issues[0].path).toEqual(['body', 'allowedOrigins', 1]);
    }
  });

  it('stored before normalisation are rewritten by the migration', async () => {
    const store = await createTestStore(dialect);
    const s = openStore(store.url);
    try {
      await migrate(s, '2026-11-26T05-00_trial-org-index');
      const row = { org_number: '556677-8899', contact_email: 'p@x.test', discount_bp: 1000, created_at: '2026-01-01T00:00:00.000Z' };
      await (s.db as any)
        .insertInto('resellers')
        .values([
          { ...row, id: 'res_legacy', name: 'Legacy', allowed_origins: JSON.stringify(['https://PMS.example.com:443', 'https://pms.example.com', 'https://user@x.example', 'http://LOCALHOST:80']) },
          { ...row, id: 'res_clean', name: 'Clean', allowed_origins: JSON.stringify(['https://a.example']) },
        ])
        .execute();
      await migrate(s);
      const rows = await s.db.selectFrom('resellers').select(['id', 'allowed_origins']).orderBy('id').execute();
      expect(rows.map((r) => [r.id, JSON.parse(r.allowed_origins)])).toEqual([
        ['res_clean', ['https://a.example']],
        ['res_legacy', ['https://pms.example.com', 'http://localhost']],
      ]);
    } finally {
      await s.destroy();
      await store.drop();
    }
  });
});
