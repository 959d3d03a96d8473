import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealError } from '../src/auth/seal.js';
import { openResponse, recordKeys } from '../src/idempotency/records.js';
import { pruneIdempotencyRecords } from '../src/idempotency/repo.js';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { csv, csvRow } from './plans-fixtures.js';

describe.each(testDialects)('Idempotency-Key (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
  });
  afterAll(() => h.close());

  const count = async () => (await h.services.ctx.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('replays the stored response for the same key and body, without doing the work twice', async () => {
    const before = Number(await count());
    const headers = { 'idempotency-key': 'create-org-1' };
    const first = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Idem' }, headers });
    const second = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Idem' }, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(Number(await count())).toBe(before + 1);
  });

  it('refuses the same key with another body (422) and keeps keys per credential', async () => {
    const headers = { 'idempotency-key': 'create-org-2' };
    await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Ett' }, headers });
    const other = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Två' }, headers });
    expect(other.status).toBe(422);
    const r2 = await h.reseller();
    const theirs = await h.call('POST', '/v1/organizations', { key: r2.key, body: { name: 'Brf Två' }, headers });
    expect(theirs.status).toBe(201);
  });

  it('stores client errors too, so a retried 4xx stays the same answer', async () => {
    const headers = { 'idempotency-key': 'bad-trial' };
    const a = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: 'org_nope', customerType: 'brf', users: [{ email: 'a@b.test' }] }, headers });
    const b = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: 'org_nope', customerType: 'brf', users: [{ email: 'a@b.test' }] }, headers });
    expect(a.status).toBe(404);
    expect(b.body.error.message).toBe(a.body.error.message);
  });

  it('forgets keys after 24 hours', async () => {
    const headers = { 'idempotency-key': 'old-key' };
    const first = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Gammal' }, headers });
    h.clock.advance(25 * 3_600_000);
    const again = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Gammal' }, headers });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
  });

  const records = () => h.services.ctx.db.selectFrom('idempotency_records').selectAll().execute();

  it('keeps no usable secret: API keys and webhook secrets are sealed, and only the caller with its key opens them', async () => {
    const apiKey = { 'idempotency-key': 'make-key-1' };
    const created = await h.call('POST', `/v1/admin/resellers/${r.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'crm' }, headers: apiKey });
    expect(created.body.key).toMatch(/^rk_live_/);
    const endpointKey = { 'idempotency-key': 'make-endpoint-1' };
    const endpoint = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://crm.example/hooks' }, headers: endpointKey });
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    const rotateKey = { 'idempotency-key': 'rotate-1' };
    const rotated = await h.call('POST', `/v1/webhook-endpoints/${endpoint.body.id}/rotate-secret`, { key: r.key, headers: rotateKey });
    expect(rotated.body.secret).toMatch(/^whsec_/);

    // No table holds them, apart from the endpoint's own row, which signs with its secret (and the key's digest).
    const db = h.services.ctx.db;
    for (const table of await db.introspection.getTables()) {
      if (table.name === 'webhook_endpoints') continue;
      const rows = JSON.stringify(await db.selectFrom(table.name as 'events').selectAll().execute());
      for (const secret of [created.body.key, endpoint.body.secret, rotated.body.secret, 'make-key-1', 'make-endpoint-1']) expect(rows, table.name).not.toContain(secret);
    }
    const stored = JSON.stringify(await records());
    for (const secret of ['rk_live_', 'whsec_']) expect(stored).not.toContain(secret);

    // The record opens with the credential and the key together, and with nothing less.
    const mine = recordKeys(TEST_ADMIN_KEY, 'make-key-1');
    const row = (await records()).find((x) => x.key_hash === mine.lookup)!;
    expect(JSON.parse(openResponse(mine, row.response).body)).toEqual(created.body);
    for (const wrong of [recordKeys(TEST_ADMIN_KEY, 'make-key-2'), recordKeys('', 'make-key-1'), recordKeys(r.key, 'make-key-1')]) expect(() => openResponse(wrong, row.response)).toThrow(SealError);

    // The caller who sent the key gets the original answer, secret included.
    const again = await h.call('POST', `/v1/admin/resellers/${r.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'crm' }, headers: apiKey });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(again.body).toEqual(created.body);
    const secretAgain = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://crm.example/hooks' }, headers: endpointKey });
    expect(secretAgain.body).toEqual(endpoint.body);
    const rotatedAgain = await h.call('POST', `/v1/webhook-endpoints/${endpoint.body.id}/rotate-secret`, { key: r.key, headers: rotateKey });
    expect(rotatedAgain.body).toEqual(rotated.body);
  });

  it('counts the query as part of the request: a dry-run import and the real one under one key are never replays of each other', async () => {
    const org = (await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Förhandsvisning' } })).body.id as string;
    const headers = { 'idempotency-key': 'import-1', 'content-type': 'text/csv' };
    const file = csv(csvRow(), csvRow({ Styckpris: '250' })) as Uint8Array<ArrayBuffer>;
    const preview = await h.call('POST', `/v1/organizations/${org}/plan/import?dryRun=true`, { key: r.key, raw: file, headers });
    expect(preview.body).toMatchObject({ dryRun: true, errors: [] });
    const real = await h.call('POST', `/v1/organizations/${org}/plan/import`, { key: r.key, raw: file, headers });
    expect(real.status).toBe(422);
    expect(real.body.error.issues[0].path).toEqual(['headers', 'Idempotency-Key']);
    expect((await h.call('GET', `/v1/organizations/${org}/plan`, { key: r.key })).body.actions).toHaveLength(0);
    const imported = await h.call('POST', `/v1/organizations/${org}/plan/import`, { key: r.key, raw: file, headers: { ...headers, 'idempotency-key': 'import-2' } });
    expect(imported.body).toEqual({ imported: 2, errors: [] });
  });

  it('prunes records once they are 24 hours old, in batches, and keeps the younger ones', async () => {
    const stale = new Date(h.clock.now().getTime() - 25 * 3_600_000).toISOString();
    const rows = Array.from({ length: 1_100 }, (_, i) => ({ key_hash: `old-${i}`, request_hash: 'x', response: 'x', created_at: stale }));
    for (let i = 0; i < rows.length; i += 100) await h.services.ctx.db.insertInto('idempotency_records').values(rows.slice(i, i + 100)).execute();
    const fresh = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Ung' }, headers: { 'idempotency-key': 'young' } });
    const before = (await records()).length;
    expect(await pruneIdempotencyRecords(h.services.ctx)).toBeGreaterThanOrEqual(1_100);
    const left = await records();
    expect(left.length).toBeLessThanOrEqual(before - 1_100);
    expect(left.some((x) => x.key_hash.startsWith('old-'))).toBe(false);
    expect((await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Ung' }, headers: { 'idempotency-key': 'young' } })).body).toEqual(fresh.body);

    // The scheduler runs it; a day later the young one goes too.
    h.clock.advance(25 * 3_600_000);
    expect((await runDueJobs(h.services.ctx)).idempotencyPruned).toBeGreaterThanOrEqual(1);
    expect(await records()).toEqual([]);
  });

  it('lets concurrent takeovers of a stale key make one effect, and gives every one of them its answer', async () => {
    const headers = { 'idempotency-key': 'stale-race' };
    await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Gammal Kapplöpning' }, headers });
    h.clock.advance(25 * 3_600_000);
    const before = Number(await count());
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Gammal Kapplöpning' }, headers })));
    expect(Number(await count())).toBe(before + 1);
    expect(results.map((x) => x.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((x) => x.body.id)).size).toBe(1);
  });

  it.runIf(dialect === 'postgres')('never lets a takeover of a stale key run beside the request that still holds it', async () => {
    const headers = { 'idempotency-key': 'held' };
    const body = { name: 'Brf Hållen' };
    // Another session holds the table, so the first request stops at its write until the test lets go.
    const locker = new pg.Client({ connectionString: h.config.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table organizations in exclusive mode');
      const waiting = async () => Number((await locker.query(`select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'organizations' and not l.granted`)).rows[0].n);
      const until = async (n: number) => {
        while ((await waiting()) < n) await sleep(10);
      };
      const first = h.call('POST', '/v1/organizations', { key: r.key, body, headers });
      await until(1);
      // A day later the same request comes again while the first one still runs.
      h.clock.advance(25 * 3_600_000);
      const second = h.call('POST', '/v1/organizations', { key: r.key, body, headers });
      await until(2);
      await locker.query('commit');
      const [a, b] = await Promise.all([first, second]);
      const made = await h.services.ctx.db.selectFrom('organizations').select('id').where('name', '=', body.name).execute();
      expect(made).toHaveLength(1);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).toBe(a.body.id);
    } finally {
      await locker.end();
    }
  });

  it('gives concurrent requests with one key a single effect', async () => {
    const before = Number(await count());
    const headers = { 'idempotency-key': 'race' };
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Race' }, headers })));
    expect(results.every((x) => x.status === 201 || x.status === 409)).toBe(true);
    expect(Number(await count())).toBe(before + 1);
  });
});
