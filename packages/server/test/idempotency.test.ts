import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../src/testing/harness.js';
import { testDialects } from '../src/testing/stores.js';

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

  it('gives concurrent requests with one key a single effect', async () => {
    const before = Number(await count());
    const headers = { 'idempotency-key': 'race' };
    const results = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Race' }, headers })));
    expect(results.every((x) => x.status === 201 || x.status === 409)).toBe(true);
    expect(Number(await count())).toBe(before + 1);
  });
});
