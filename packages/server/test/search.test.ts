import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { openStore } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { CANCELLED_PURGE_DAYS } from '../src/modules/trials/model.js';
import { runDueJobs } from '../src/scheduler/jobs.js';

// Search and filters over the trial and customer lists (issue 17, part 1): `q`, `status`, `expiringWithinDays`.
describe.each(testDialects)('searching trials and customers (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let other: { id: string; key: string };
  let licenceId: string;
  const trials: Record<string, string> = {};

  const trial = async (reseller: { key: string }, name: string, email: string, durationDays = 30) => {
    const org = await h.call('POST', '/v1/organizations', { key: reseller.key, body: { name } });
    const res = await h.call('POST', '/v1/trials', { key: reseller.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email }], durationDays } });
    expect(res.status).toBe(201);
    return res.body as { id: string; organizationId: string };
  };
  const list = async (path: string, query: string, key = r.key) => {
    const res = await h.call('GET', `${path}?${query}`, { key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { data: { id: string; organizationName: string }[]; nextCursor: string | null };
  };
  const names = async (query: string, key = r.key) => (await list('/v1/trials', query, key)).data.map((t) => t.organizationName);

  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
    other = await h.reseller({ name: 'Annan återförsäljare' });
    licenceId = (await h.licence('brf')).id;
    trials.cafe = (await trial(r, 'Café Émile AB', 'kassa@emile.test', 5)).id;
    trials.ankan = (await trial(r, 'Brf Ankan', 'styrelsen@ankan.test')).id;
    trials.angen = (await trial(r, 'Brf Ängen', 'ordforande@angen.test')).id;
    trials.asen = (await trial(r, 'Brf Åsen', 'info@asen.test', 10)).id;
    trials.ostra = (await trial(r, 'Östra Kvarn', 'kontakt@ostrakvarn.test')).id;
    trials.zeta = (await trial(r, 'Zeta Bostäder', 'zeta@bostader.test')).id;
    // The same name at another reseller: never found by this one.
    await trial(other, 'Brf Ankan Annan', 'styrelsen@annan.test');
  });
  afterAll(() => h.close());

  it('finds trials by part of the organization name, case-insensitively', async () => {
    expect(await names('q=ankan')).toEqual(['Brf Ankan']);
    expect(await names('q=BRF')).toEqual(['Brf Åsen', 'Brf Ängen', 'Brf Ankan']);
    expect(await names('q=%20kvarn%20')).toEqual(['Östra Kvarn']);
  });

  it("finds trials by a user's e-mail, also one added later, and forgets a removed one", async () => {
    expect(await names('q=ordforande@angen')).toEqual(['Brf Ängen']);
    const added = await h.call('POST', `/v1/trials/${trials.zeta}/users`, { key: r.key, body: { email: 'Vaktmastare@Zeta.test' } });
    expect(added.status).toBe(201);
    expect(await names('q=vaktmastare@')).toEqual(['Zeta Bostäder']);
    expect((await h.call('DELETE', `/v1/trials/${trials.zeta}/users/${added.body.id}`, { key: r.key })).status).toBe(204);
    expect(await names('q=vaktmastare@')).toEqual([]);
  });

  it('keeps every e-mail of users added at the same time', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `samtidig${i}@ankan.test`);
    const added = await Promise.all(emails.map((email) => h.call('POST', `/v1/trials/${trials.ankan}/users`, { key: r.key, body: { email } })));
    expect(added.map((a) => a.status)).toEqual(emails.map(() => 201));
    for (const email of emails) expect(await names(`q=${email}`), email).toEqual(['Brf Ankan']);
  });

  it('finds a trial by a renamed organization name', async () => {
    const org = (await h.call('GET', `/v1/trials/${trials.zeta}`, { key: r.key })).body.organizationId;
    expect((await h.call('PATCH', `/v1/organizations/${org}`, { key: r.key, body: { name: 'Zeta Fastigheter' } })).status).toBe(200);
    expect(await names('q=fastigheter')).toEqual(['Zeta Fastigheter']);
    expect(await names('q=zeta bost')).toEqual([]);
  });

  it('folds accents but keeps å, ä and ö letters of their own', async () => {
    expect(await names('q=cafe emile')).toEqual(['Café Émile AB']);
    expect(await names(`q=${encodeURIComponent('CAFÉ')}`)).toEqual(['Café Émile AB']);
    expect(await names(`q=${encodeURIComponent('ängen')}`)).toEqual(['Brf Ängen']);
    expect(await names(`q=${encodeURIComponent('ÅSEN')}`)).toEqual(['Brf Åsen']);
    // `a` is not `å` or `ä`, and `o` is not `ö`.
    expect(await names('q=brf a')).toEqual(['Brf Ankan']);
    expect(await names('q=ostra%20kvarn')).toEqual([]);
    // LIKE's wildcards are literal characters.
    expect(await names('q=%25')).toEqual([]);
    expect(await names('q=_')).toEqual([]);
  });

  it('filters by status (a comma list) and by the end of the trial period', async () => {
    const cancelled = await trial(r, 'Brf Avslutad', 'x@avslutad.test');
    expect((await h.call('POST', `/v1/trials/${cancelled.id}/cancel`, { key: r.key })).status).toBe(200);
    expect(await names('q=avslutad&status=active')).toEqual([]);
    expect(await names('q=avslutad&status=cancelled')).toEqual(['Brf Avslutad']);
    expect(await names('q=avslutad&status=active,cancelled')).toEqual(['Brf Avslutad']);
    // Ends within 7 days: only Café Émile (5 days); within 10: Brf Åsen (10 days) too, its end included.
    expect(await names('expiringWithinDays=7')).toEqual(['Café Émile AB']);
    expect(await names('expiringWithinDays=10')).toEqual(['Brf Åsen', 'Café Émile AB']);
  });

  it('pages through a filtered search returning each match once, in order', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.unshift((await trial(r, `Sida Förening ${i}`, `sida${i}@sida.test`)).id);
    await trial(r, 'Utanför Sökningen', 'sida@utanfor.test');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list('/v1/trials', `q=f%C3%B6rening&status=active&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((t) => t.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('sorts by name in Swedish order on request (å, ä, ö after z), paging by the same cursor', async () => {
    for (const name of ['Ödla', 'Zebra', 'Ärla', 'Åkern', 'ada', 'Émile', 'Ørnen']) await trial(r, name, `${name.length}@ordning${name.length}.test`.toLowerCase());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list('/v1/trials', `q=@ordning&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((t) => t.organizationName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['ada', 'Émile', 'Zebra', 'Åkern', 'Ärla', 'Ödla', 'Ørnen']);
    // The default stays newest first.
    expect(await names('q=@ordning')).toEqual(['Ørnen', 'Émile', 'ada', 'Åkern', 'Ärla', 'Zebra', 'Ödla']);
  });

  it("never returns another reseller's trials or customers", async () => {
    expect(await names('q=annan')).toEqual([]);
    expect(await names('q=annan', other.key)).toEqual(['Brf Ankan Annan']);
    expect((await list('/v1/customers', 'q=annan')).data).toEqual([]);
  });

  it('searches customers by name, e-mail and order id, and filters them by status and renewal', async () => {
    const { orderId } = await submittedOrder(h, r, licenceId, 'Brf Kundsök');
    expect((await names(`q=${orderId}`)).length).toBe(1);
    const approved = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY });
    expect(approved.status).toBe(200);
    const customerId = approved.body.customer.id as string;
    const ids = async (query: string) => (await list('/v1/customers', query)).data.map((c) => c.id);
    expect(await ids('q=kundsok')).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('KUNDSÖK')}`)).toEqual([customerId]);
    expect(await ids('q=styrelsen@solrosen')).toEqual([customerId]);
    expect(await ids(`q=${orderId.toUpperCase()}`)).toEqual([customerId]);
    expect(await ids('q=kundsök&status=cancelled')).toEqual([]);
    expect(await ids('q=kundsök&status=active,cancelled')).toEqual([customerId]);
    // The licence renews in a year.
    expect(await ids('expiringWithinDays=300')).toEqual([]);
    expect(await ids('expiringWithinDays=365')).toEqual([customerId]);

    // By name in Swedish order, one per page: Ärlan after Kundsök, as ä sorts after z.
    const second = await submittedOrder(h, r, licenceId, 'Brf Ärlan');
    const other = (await h.call('POST', `/v1/admin/orders/${second.orderId}/approve`, { key: TEST_ADMIN_KEY })).body.customer.id as string;
    const first = await list('/v1/customers', 'q=solrosen&sort=name&limit=1');
    expect(first.data.map((c) => c.id)).toEqual([customerId]);
    const next = await list('/v1/customers', `q=solrosen&sort=name&limit=1&cursor=${first.nextCursor}`);
    expect(next).toMatchObject({ data: [{ id: other }], nextCursor: null });
    expect(await ids('q=solrosen')).toEqual([other, customerId]);
  });

  it('answers 400 naming the field for a bad status, day count or query', async () => {
    const bad = async (path: string, query: string, field: string) => {
      const res = await h.call('GET', `${path}?${query}`, { key: r.key });
      expect(res.status, query).toBe(400);
      expect(res.body.error.issues.map((i: { path: string[] }) => i.path.join('.')), query).toEqual([`query.${field}`]);
    };
    for (const path of ['/v1/trials', '/v1/customers']) {
      await bad(path, 'status=active,sleeping', 'status');
      await bad(path, 'status=', 'status');
      await bad(path, 'expiringWithinDays=0', 'expiringWithinDays');
      await bad(path, 'expiringWithinDays=366', 'expiringWithinDays');
      await bad(path, 'expiringWithinDays=1.5', 'expiringWithinDays');
      await bad(path, `q=${'x'.repeat(201)}`, 'q');
      await bad(path, 'q=a%0Ab', 'q');
    }
    const res = await h.call('GET', '/v1/trials?status=sleeping', { key: r.key });
    expect(JSON.stringify(res.body)).toContain('sleeping');
    expect((await h.call('GET', '/v1/customers?status=expired', { key: r.key })).status).toBe(400);
  });

  // Last: it moves the clock on by a month.
  it('forgets the e-mails of a purged trial, keeping its name findable', async () => {
    const gone = await trial(r, 'Brf Glömd', 'kassor@glomd.test');
    expect((await h.call('POST', `/v1/trials/${gone.id}/cancel`, { key: r.key })).status).toBe(200);
    h.clock.advanceDays(CANCELLED_PURGE_DAYS + 1);
    expect((await runDueJobs(h.services.ctx)).purged).toBeGreaterThanOrEqual(1);
    expect(await names('q=kassor@glomd')).toEqual([]);
    expect(await names('q=glömd')).toEqual(['Brf Glömd']);
  });
});

describe.each(testDialects)('the search columns of trials made before them (%s)', (dialect) => {
  it('are backfilled by the migration from the organization, users and orders', async () => {
    const store = await createTestStore(dialect);
    const s = openStore(store.url);
    try {
      await migrate(s, '2026-12-01T03-10_widget-releases');
      const at = '2026-01-01T00:00:00.000Z';
      const db = s.db as any;
      await db.insertInto('resellers').values({ id: 'res_old', name: 'Äldre AB', org_number: '556677-8899', contact_email: 'p@x.test', discount_bp: 0, allowed_origins: '[]', created_at: at }).execute();
      await db.insertInto('licences').values({ id: 'lic_old', name: 'Bas', customer_type: 'brf', price_amount: 100, currency: 'SEK', created_at: at }).execute();
      await db.insertInto('organizations').values({ id: 'org_old', reseller_id: 'res_old', name: 'Brf Östra Café', org_number: null, created_at: at, updated_at: at }).execute();
      const trial = { reseller_id: 'res_old', organization_id: 'org_old', customer_type: 'brf', status: 'expired', ends_at: at, created_at: at };
      await db.insertInto('trials').values([{ ...trial, id: 'trial_old' }, { ...trial, id: 'trial_bare' }]).execute();
      await db.insertInto('trial_users').values({ id: 'tu_old', trial_id: 'trial_old', reseller_id: 'res_old', email: 'kassor@ostra.test', role: 'editor', status: 'active', created_at: at }).execute();
      await db.insertInto('orders').values({ id: 'ord_Old1', reseller_id: 'res_old', trial_id: 'trial_old', licence_id: 'lic_old', status: 'draft', invoicing: '{}', signer: '{}', created_at: at, updated_at: at }).execute();
      await migrate(s);
      const rows = await s.db.selectFrom('trials').select(['id', 'search_text', 'name_key']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'trial_bare', search_text: 'brf östra cafe', name_key: 'brf \u007f3stra cafe' },
        { id: 'trial_old', search_text: 'brf östra cafe\nkassor@ostra.test\nord_old1', name_key: 'brf \u007f3stra cafe' },
      ]);
    } finally {
      await s.destroy();
      await store.drop();
    }
  });
});
