import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, latestInvitationToken, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';

describe('the SQLite read cache never serves a stale trial list', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness('sqlite');
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
