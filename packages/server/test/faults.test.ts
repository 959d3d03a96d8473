/**
 * @module Faults with real processes and a real PostgreSQL: graceful SIGTERM with a request in flight, kill -9 in a burst
 * of writes, and PostgreSQL connections terminated under load. (SMTP outages: test/mail.test.ts.)
 */
import http from 'node:http';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/connect.js';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';

async function call(base: string, method: string, path: string, key?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(key && { authorization: `Bearer ${key}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** A reseller with a key, an organization, a trial and a draft order, made over HTTP. */
async function seed(base: string) {
  const r = await call(base, 'POST', '/v1/admin/resellers', TEST_ADMIN_KEY, { name: 'Fel AB', orgNumber: '556677-8899', contactEmail: 'p@fel.test', discountPercent: 20 });
  const key = (await call(base, 'POST', `/v1/admin/resellers/${r.body.id}/api-keys`, TEST_ADMIN_KEY, { name: 'k' })).body.key as string;
  const lic = await call(base, 'POST', '/v1/admin/licences', TEST_ADMIN_KEY, { name: 'L', customerType: 'brf', annualPrice: { amount: 100_000, currency: 'SEK' } });
  const org = await call(base, 'POST', '/v1/organizations', key, { name: 'Brf Fel' });
  return { key, licenceId: lic.body.id as string, organizationId: org.body.id as string };
}

const newTrial = (organizationId: string, i: number) => ({ organizationId, customerType: 'brf', users: [{ email: `u${i}@fel.test` }, { email: `v${i}@fel.test`, role: 'reader' }] });

/** One organization can hold one active trial: each write makes a new organization, then its trial. */
async function writeTrial(post: (path: string, body: unknown) => Promise<{ status: number; body: any } | null>, i: number) {
  const org = await post('/v1/organizations', { name: `Brf Skrivning ${i}` });
  if (org?.status !== 201) return org;
  return post('/v1/trials', newTrial(org.body.id, i));
}

/** Trials and their outbox rows agree: no trial without its event, its audit row and its users, no orphan event. */
async function consistency(url: string) {
  const store = openStore(url);
  try {
    const n = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(store.db)).rows[0]!.n);
    const result = {
      trials: await n(sql`select count(*) as n from trials`),
      events: await n(sql`select count(*) as n from events where type = 'trial.created'`),
      audits: await n(sql`select count(*) as n from audit_log where action = 'trial.created'`),
      withoutUsers: await n(sql`select count(*) as n from trials t where (select count(*) from trial_users u where u.trial_id = t.id) <> 2`),
      ids: (await store.db.selectFrom('trials').select('id').execute()).map((r) => r.id),
      integrity: store.dialect === 'sqlite' ? (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db)).rows[0]!.integrity_check : 'ok',
    };
    return result;
  } finally {
    await store.destroy();
  }
}

describe('graceful shutdown (real process)', () => {
  let store: TestStore;
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
    await store?.drop();
  });

  it('on SIGTERM stops accepting, finishes the request in flight and exits 0', async () => {
    store = await createTestStore('sqlite');
    service = await spawnService('serve', { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY });
    const s = await seed(service.url);
    const trial = await call(service.url, 'POST', '/v1/trials', s.key, newTrial(s.organizationId, 0));
    const order = await call(service.url, 'POST', `/v1/trials/${trial.body.id}/orders`, s.key, {
      licenceId: s.licenceId,
      invoicing: { name: 'Brf Fel', orgNumber: '769600-1234', email: 'f@fel.test' },
      signer: { name: 'Eva', email: 'eva@fel.test' },
    });
    const { port } = new URL(service.url);

    // An upload whose body arrives in two parts: the request is in flight while the signal comes.
    const upload = http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/v1/orders/${order.body.id}/agreement`, agent: false, headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/pdf', 'content-length': TEST_PDF.length } });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      upload.on('error', reject);
    });
    upload.write(TEST_PDF.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    const exited = service.stop('SIGTERM');

    // New connections are refused while the upload is still open.
    const refused = async () =>
      new Promise<boolean>((resolve) => {
        const r = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
          res.resume();
          resolve(false);
        });
        r.on('error', () => resolve(true));
      });
    let stopped = false;
    for (let i = 0; i < 100 && !stopped; i++) {
      stopped = await refused();
      if (!stopped) await new Promise((r) => setTimeout(r, 50));
    }
    expect(stopped).toBe(true);

    upload.end(TEST_PDF.subarray(10));
    const res = await response;
    expect(res.status, res.body).toBe(200);
    expect(await exited).toBe(0);
    service = undefined;

    const db = openStore(store.url);
    const stored = await db.db.selectFrom('orders').select('agreement_sha256').where('agreement_sha256', 'is not', null).execute();
    await db.destroy();
    expect(stored).toHaveLength(1);
  }, 60_000);
});

describe('graceful shutdown of a worker process', () => {
  it('exits 0 on SIGTERM after its current rounds', async () => {
    const store = await createTestStore('sqlite');
    try {
      const worker = await spawnService('worker', { DATABASE_URL: store.url });
      expect(await worker.stop('SIGTERM')).toBe(0);
    } finally {
      await store.drop();
    }
  }, 60_000);
});

describe.each(testDialects)('kill -9 in a burst of writes (%s)', (dialect) => {
  let store: TestStore;
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
    await store?.drop();
  });

  it('leaves a consistent store: every acknowledged trial is there with its event, audit row and users', async () => {
    store = await createTestStore(dialect);
    service = await spawnService('serve', { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY });
    const s = await seed(service.url);
    const acknowledged: string[] = [];
    let killed = false;
    let i = 0;
    const writer = async () => {
      while (!killed && i < 1000) {
        const res = await writeTrial((p, b) => call(service!.url, 'POST', p, s.key, b).catch(() => null), i++);
        if (res?.status === 201) acknowledged.push(res.body.id);
        if (acknowledged.length >= 40 && !killed) {
          killed = true;
          await service!.stop('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    service = undefined;

    // Restart on the crashed store: it opens (WAL recovery, migrations are no-ops) and serves.
    service = await spawnService('serve', { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY });
    expect((await call(service.url, 'GET', '/v1/trials?limit=1', s.key)).status).toBe(200);
    await service.stop();
    service = undefined;

    const c = await consistency(store.url);
    expect(c.integrity).toBe('ok');
    expect(c.trials).toBeGreaterThanOrEqual(acknowledged.length);
    expect(c.ids).toEqual(expect.arrayContaining(acknowledged));
    expect(c.events).toBe(c.trials);
    expect(c.audits).toBe(c.trials);
    expect(c.withoutUsers).toBe(0);
  }, 90_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL connections terminated under load', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('fails at most the requests in flight, in our error shape, then recovers with nothing half-written', async () => {
    h = await createHarness('postgres', { env: { RATE_LIMIT: '0' } });
    const a = await h.reseller();
    const dbName = new URL(h.config.DATABASE_URL).pathname.slice(1);
    const admin = openStore(process.env.TEST_DATABASE_URL!);
    const silenced = console.error;
    console.error = () => {};
    const statuses: { status: number; body: any }[] = [];
    try {
      let n = 0;
      let stop = false;
      const writer = async () => {
        while (!stop) {
          const res = await writeTrial((p, b) => h.call('POST', p, { key: a.key, body: b }), n++);
          if (res) statuses.push(res);
        }
      };
      const writers = Array.from({ length: 4 }, writer);
      for (let k = 0; k < 3; k++) {
        await new Promise((r) => setTimeout(r, 150));
        const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`.execute(admin.db);
        expect(Number(killed.rows[0]!.n)).toBeGreaterThan(0);
      }
      await new Promise((r) => setTimeout(r, 150));
      stop = true;
      await Promise.all(writers);
    } finally {
      console.error = silenced;
      await admin.destroy();
    }
    for (const s of statuses) {
      if (s.status !== 201) {
        expect(s.status).toBe(500);
        expect(s.body.error).toMatchObject({ type: 'internal_error', requestId: expect.any(String) });
      }
    }
    expect(statuses.filter((s) => s.status === 201).length).toBeGreaterThan(0);

    // The pool has replaced its dead connections: every later request succeeds.
    await new Promise((r) => setTimeout(r, 300));
    for (let k = 0; k < 10; k++) expect((await writeTrial((p, b) => h.call('POST', p, { key: a.key, body: b }), 1000 + k))?.status).toBe(201);

    const c = await consistency(h.config.DATABASE_URL);
    expect(c.trials).toBe(statuses.filter((s) => s.status === 201 && s.body.id.startsWith('trial_')).length + 10);
    expect(c.events).toBe(c.trials);
    expect(c.audits).toBe(c.trials);
    expect(c.withoutUsers).toBe(0);
  }, 60_000);
});
