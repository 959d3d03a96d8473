import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openServices, type Services } from '@resellerkit/server';
import { createHarness, latestInvitationToken, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { testDialects } from '@resellerkit/dev-env/stores';
import { cachedTrialPage, type TrialFilter } from '../src/modules/trials/repo.js';
import { runDueJobs } from '../src/scheduler/jobs.js';

describe.each(testDialects)('the read cache never serves a stale trial list (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    key = (await h.reseller()).key;
  });
  afterAll(() => h.close());

  const list = async () => (await h.call('GET', '/v1/trials?limit=50', { key })).body.data;

  it('sees changes that write no event: a role, an organization name, an accepted invitation', async () => {
    const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Före' } });
    const trial = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'anna@cache.test' }] } });
    expect((await list())[0].users[0]).toMatchObject({ role: 'editor', status: 'invited' });
    expect(await list()).toEqual(await list());

    await h.call('PATCH', `/v1/trials/${trial.body.id}/users/${trial.body.users[0].id}`, { key, body: { role: 'reader' } });
    expect((await list())[0].users[0].role).toBe('reader');

    await h.call('PATCH', `/v1/organizations/${org.body.id}`, { key, body: { name: 'Brf Efter' } });
    expect((await list())[0].organizationName).toBe('Brf Efter');

    const token = await latestInvitationToken(h, 'anna@cache.test');
    await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett långt lösenord' } });
    expect((await list())[0].users[0].status).toBe('active');
  });

  it('keys entries by reseller and query', async () => {
    const other = await h.reseller();
    expect((await h.call('GET', '/v1/trials?limit=50', { key: other.key })).body.data).toEqual([]);
    expect((await h.call('GET', '/v1/trials?status=expired', { key })).body.data).toEqual([]);
    expect((await h.call('GET', '/v1/trials?limit=50', { key: TEST_ADMIN_KEY })).body.data.length).toBeGreaterThan(0);
  });
});

/**
 * Two app instances on one database, each with its own read cache: every write that changes what a page shows, made
 * through the second instance, is in the first instance's next page. The first instance's page is read (and cached)
 * before each write, and two reads with no write between must be one cache hit, so the test shows the cache working
 * as well as invalidated.
 */
describe.each(testDialects)('the read cache across two app instances on one database (%s)', (dialect) => {
  let h: Harness;
  let b: Services;
  let appB: ReturnType<typeof createApp>;
  let r: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    b = await openServices(h.config, { clock: h.clock, poolSize: 3 });
    appB = createApp({ ctx: b.ctx, logError: (e) => console.error(e) });
    r = await h.reseller();
  });
  afterAll(async () => {
    b.ctx.planFiles.close();
    await b.store.destroy();
    await h.close();
  });

  /** A request to the second instance. */
  const viaB = async (method: string, path: string, o: { key?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.key ?? r.key}`, ...o.headers };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await appB.request(path, { method, headers, body: o.body !== undefined ? JSON.stringify(o.body) : o.raw });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : null;
  };
  const filter = (): TrialFilter => ({ resellerId: r.id, limit: 50 });
  /**
   * The first instance's page through its cache, checked to be a hit when read again and to match the HTTP list. On
   * PostgreSQL any commit on the server moves the version, other databases' and autovacuum's included, so a hit is
   * looked for over a few pairs of reads rather than required of the first.
   */
  const page = async () => {
    let first = await cachedTrialPage(h.services.ctx, filter());
    for (let tries = 0; ; tries++) {
      const again = await cachedTrialPage(h.services.ctx, filter());
      if (again === first) break;
      expect(tries, 'no cache hit in 50 pairs of reads').toBeLessThan(50);
      first = again;
    }
    const listed = (await h.call('GET', '/v1/trials?limit=50', { key: r.key })).body.data;
    expect(listed.map(({ engagement, ...t }: any) => t)).toEqual(first.data);
    return first.data;
  };
  const trialIn = async (id: string) => (await page()).find((t) => t.id === id)!;

  it('shows each write of the other instance in the next page', async () => {
    const licenceId = (await h.licence('property_company')).id;
    expect(await page()).toEqual([]);

    const org = await viaB('POST', '/v1/organizations', { body: { name: 'Brf Först' } });
    const trial = await viaB('POST', '/v1/trials', { body: { organizationId: org.id, customerType: 'brf', users: [{ email: 'anna@two.test' }] } });
    expect((await page()).map((t) => t.id)).toEqual([trial.id]);

    await viaB('PATCH', `/v1/trials/${trial.id}`, { body: { customerType: 'property_company' } });
    expect((await trialIn(trial.id)).customerType).toBe('property_company');

    const bo = await viaB('POST', `/v1/trials/${trial.id}/users`, { body: { email: 'bo@two.test' } });
    expect((await trialIn(trial.id)).users.map((u) => u.email)).toEqual(['anna@two.test', 'bo@two.test']);
    await viaB('PATCH', `/v1/trials/${trial.id}/users/${bo.id}`, { body: { role: 'reader' } });
    expect((await trialIn(trial.id)).users[1]!.role).toBe('reader');
    await viaB('DELETE', `/v1/trials/${trial.id}/users/${bo.id}`);
    expect((await trialIn(trial.id)).users.map((u) => u.email)).toEqual(['anna@two.test']);

    await viaB('PATCH', `/v1/organizations/${org.id}`, { body: { name: 'Brf Sedan' } });
    expect((await trialIn(trial.id)).organizationName).toBe('Brf Sedan');

    await viaB('POST', '/v1/invitations/accept', { body: { token: await latestInvitationToken(h, 'anna@two.test'), password: 'ett långt lösenord' } });
    expect((await trialIn(trial.id)).users[0]!.status).toBe('active');

    const endsAt = (await trialIn(trial.id)).endsAt;
    await viaB('POST', `/v1/trials/${trial.id}/extend`, { body: { days: 5 } });
    expect((await trialIn(trial.id)).endsAt > endsAt).toBe(true);

    // An order, submitted and approved: the trial converts.
    const order = await viaB('POST', `/v1/trials/${trial.id}/orders`, {
      body: { licenceId, invoicing: { name: 'Brf Sedan', orgNumber: '769600-1234', email: 'faktura@two.test' }, signer: { name: 'Eva Ek', email: 'eva@two.test' } },
    });
    await viaB('PUT', `/v1/orders/${order.id}/agreement`, { raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    await viaB('POST', `/v1/orders/${order.id}/submit`);
    expect((await trialIn(trial.id)).status).toBe('active');
    await viaB('POST', `/v1/admin/orders/${order.id}/approve`, { key: TEST_ADMIN_KEY });
    expect((await trialIn(trial.id)).status).toBe('converted');

    // A cancelled trial, and one that runs out: the other instance's scheduler expires the one and purges the other.
    const cancelled = await viaB('POST', '/v1/trials', { body: { organizationId: (await viaB('POST', '/v1/organizations', { body: { name: 'Brf Avbruten' } })).id, customerType: 'brf', users: [{ email: 'c@two.test' }] } });
    await viaB('POST', `/v1/trials/${cancelled.id}/cancel`);
    expect((await trialIn(cancelled.id)).status).toBe('cancelled');
    const lapsing = await viaB('POST', '/v1/trials', { body: { organizationId: (await viaB('POST', '/v1/organizations', { body: { name: 'Brf Utgår' } })).id, customerType: 'brf', users: [{ email: 'd@two.test' }] } });
    expect((await trialIn(lapsing.id)).status).toBe('active');
    h.clock.advanceDays(40);
    expect(await runDueJobs(b.ctx)).toMatchObject({ expired: 1, purged: 1 });
    expect((await trialIn(lapsing.id)).status).toBe('expired');
    const purged = await trialIn(cancelled.id);
    expect(purged.status).toBe('purged');
    expect(purged.users.map((u) => u.email)).not.toContain('c@two.test');
  });
});

describe('the SQLite read cache across processes on one database file', () => {
  let dir: string;
  let a: ServiceProcess;
  let b: ServiceProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-cache-'));
    const env = { DATABASE_URL: join(dir, 'shared.db'), RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test' };
    a = await spawnService('serve', env);
    b = await spawnService('serve', env);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (base: string, method: string, path: string, auth: string, body?: unknown) => {
    const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return res.json() as Promise<any>;
  };

  it("one process's list reflects another process's write at once", async () => {
    const r = await call(a.url, 'POST', '/v1/admin/resellers', TEST_ADMIN_KEY, { name: 'Delad', orgNumber: '556677-8899', contactEmail: 'd@d.test', discountPercent: 10 });
    const key = (await call(a.url, 'POST', `/v1/admin/resellers/${r.id}/api-keys`, TEST_ADMIN_KEY, { name: 'k' })).key;
    const org = await call(a.url, 'POST', '/v1/organizations', key, { name: 'Brf Delad' });
    const trial = await call(a.url, 'POST', '/v1/trials', key, { organizationId: org.id, customerType: 'brf', users: [{ email: 'a@d.test' }] });
    expect((await call(a.url, 'GET', '/v1/trials', key)).data[0].users).toHaveLength(1);
    await call(b.url, 'POST', `/v1/trials/${trial.id}/users`, key, { email: 'b@d.test' });
    expect((await call(a.url, 'GET', '/v1/trials', key)).data[0].users.map((u: any) => u.email)).toEqual(['a@d.test', 'b@d.test']);
  });
});
