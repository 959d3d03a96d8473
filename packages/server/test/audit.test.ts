/** @module The audit log: every state change with actor, credential and request id, in the change's own transaction, readable by the vendor only. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { EVENT_TYPES } from '../src/outbox/record.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('audit log (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  const audit = (resourceId?: string) => h.call('GET', `/v1/admin/audit-log?limit=100${resourceId ? `&resourceId=${resourceId}` : ''}`, { key: TEST_ADMIN_KEY });

  it('records who did what in which request across the lifecycle, and system changes as system', async () => {
    h = await createHarness(dialect);
    const a = await h.reseller();
    const lic = await h.licence();
    const keyId = (await h.services.ctx.db.selectFrom('api_keys').select('id').where('reseller_id', '=', a.id).executeTakeFirstOrThrow()).id;

    const org = await h.call('POST', '/v1/organizations', { key: a.key, body: { name: 'Brf Revision' }, headers: { 'x-request-id': 'req-org-1' } });
    const trial = await h.call('POST', '/v1/trials', { key: a.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@revision.test' }] } });
    const ids = await submittedOrder(h, a, lic.id, 'Brf Godkänd');
    await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY });

    const forTrial = (await audit(trial.body.id)).body.data;
    expect(forTrial).toEqual([
      expect.objectContaining({ action: 'trial.created', actorKind: 'reseller', credentialId: keyId, resellerId: a.id, requestId: trial.headers.get('x-request-id'), resourceId: trial.body.id }),
    ]);
    // Operations without an event are audited too (after the fact, by the fallback).
    expect((await audit(org.body.id)).body.data).toEqual([expect.objectContaining({ action: 'POST /v1/organizations', actorKind: 'reseller', credentialId: keyId, requestId: 'req-org-1' })]);
    expect((await audit(a.id)).body.data.map((e: { action: string }) => e.action)).toContain('reseller.created');
    const approved = (await audit(ids.orderId)).body.data.find((e: { action: string }) => e.action === 'order.approved');
    expect(approved).toMatchObject({ actorKind: 'admin', credentialId: 'admin' });

    // Every event has its audit row, written by the same code path.
    const events = await h.services.ctx.db.selectFrom('events').select(['id']).execute();
    const eventAudits = await h.services.ctx.db.selectFrom('audit_log').select('id').where('action', 'in', [...EVENT_TYPES]).execute();
    expect(eventAudits.length).toBe(events.length);

    // The scheduler acts as the system.
    h.clock.advanceDays(28);
    await runDueJobs(h.services.ctx);
    const expiring = (await audit(trial.body.id)).body.data.find((e: { action: string }) => e.action === 'trial.expiring');
    expect(expiring).toMatchObject({ actorKind: 'system', credentialId: null, requestId: null });
  });

  it('is for the vendor only and pages newest first', async () => {
    h = await createHarness(dialect);
    const a = await h.reseller();
    for (let i = 0; i < 3; i++) await h.call('POST', '/v1/organizations', { key: a.key, body: { name: `Brf ${i}` } });
    expect((await h.call('GET', '/v1/admin/audit-log', { key: a.key })).status).toBe(403);
    const first = await h.call('GET', '/v1/admin/audit-log?limit=2', { key: TEST_ADMIN_KEY });
    expect(first.body.data).toHaveLength(2);
    const second = await h.call('GET', `/v1/admin/audit-log?limit=2&cursor=${first.body.nextCursor}`, { key: TEST_ADMIN_KEY });
    expect(second.body.data[0].id < first.body.data[1].id).toBe(true);
  });

  it('writes nothing for refused requests and rolls back with the change it records', async () => {
    h = await createHarness(dialect);
    const a = await h.reseller();
    const count = async (t: 'audit_log' | 'trials') => Number((await h.services.ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count('audit_log');
    expect((await h.call('POST', '/v1/trials', { key: a.key, body: { organizationId: 'org_nope', customerType: 'brf', users: [] } })).status).toBeGreaterThanOrEqual(400);
    expect((await h.call('POST', '/v1/organizations', { key: 'rk_live_wrong', body: { name: 'X' } })).status).toBe(401);
    expect(await count('audit_log')).toBe(before);

    // If the audit row cannot be written, the change it records is not committed either.
    const org = await h.call('POST', '/v1/organizations', { key: a.key, body: { name: 'Brf Atomär' } });
    await sql`alter table audit_log rename to audit_log_away`.execute(h.services.ctx.db);
    const silenced = console.error;
    console.error = () => {};
    try {
      const res = await h.call('POST', '/v1/trials', { key: a.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'x@atom.test' }] } });
      expect(res.status).toBe(500);
    } finally {
      console.error = silenced;
      await sql`alter table audit_log_away rename to audit_log`.execute(h.services.ctx.db);
    }
    expect(await count('trials')).toBe(0);
  });
});
